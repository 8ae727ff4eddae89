// One image of the store on the bus: /org/glassbox/Manager1/image/<first 16 hex of its id>
// with org.glassbox.Image1.
#pragma once

#include "BusObject.h"
#include "DBusTypes.h"

#include <QStringList>
#include <functional>

namespace glassbox::helper {

struct HelperContext;
class Manager;

class Image : public BusObject
{
    Q_OBJECT
    Q_PROPERTY(QString Id READ id)
    Q_PROPERTY(QStringList Tags READ tags)
    Q_PROPERTY(qulonglong Size READ size)
    Q_PROPERTY(uint LayerCount READ layerCount)
    Q_PROPERTY(qulonglong Created READ created)
    Q_PROPERTY(QStringList InUseBy READ inUseBy)
    Q_PROPERTY(QStringList Digests READ digests)
    Q_PROPERTY(QString Source READ source)
public:
    Image(HelperContext *context, Manager *manager, QString id, QObject *parent = nullptr);

    [[nodiscard]] static QString interfaceName() { return QStringLiteral("org.glassbox.Image1"); }
    [[nodiscard]] static QString objectPath(const QString &id);
    [[nodiscard]] QString path() const override { return objectPath(m_id); }
    [[nodiscard]] QVariantMap properties() const override;
    /// Re-reads the image's record; emits PropertiesChanged for what changed.
    void refresh(const QStringList &inUseBy);

    [[nodiscard]] QString id() const { return m_id; }
    [[nodiscard]] QStringList tags() const { return m_tags; }
    [[nodiscard]] qulonglong size() const { return m_size; }
    [[nodiscard]] uint layerCount() const { return m_layerCount; }
    [[nodiscard]] qulonglong created() const { return m_created; }
    [[nodiscard]] QStringList inUseBy() const { return m_inUseBy; }
    [[nodiscard]] QStringList digests() const { return m_digests; }
    [[nodiscard]] QString source() const { return m_source; }

    // org.glassbox.Image1
    void Remove(bool force);
    void Tag(const QString &reference);
    void Untag(const QString &reference);
    GbLayerList GetLayers();
    double GetEfficiency(qulonglong &wastedBytes);
    QString Inspect();

private:
    /// What polkit is asked to grant for `verb` on this image (or on `reference`).
    [[nodiscard]] Authorization asking(const QString &action, const QString &verb,
                                       const QString &reference = {}) const;
    /// Runs `change` on the store's queue and answers `call` with its outcome.
    void changeStore(const BusCall &call, std::function<HelperResult<void>()> change);

    Manager *m_manager;
    QString m_id;
    QStringList m_tags;
    QStringList m_digests;
    QString m_source;
    qulonglong m_size = 0;
    uint m_layerCount = 0;
    qulonglong m_created = 0;
    QStringList m_inUseBy;
};

} // namespace glassbox::helper
