// Inspect: the helper's docker-inspect-like JSON, pretty-printed, read-only, copyable.
#pragma once

#include "DetailsTab.h"

class QPlainTextEdit;

namespace glassbox::details {

class InspectTab : public DetailsTab
{
    Q_OBJECT
public:
    InspectTab(DetailsSource *source, QWidget *parent = nullptr);

    QString json() const;

protected:
    void clear() override;
    void refresh() override;

private:
    QPlainTextEdit *m_text;
};

} // namespace glassbox::details
