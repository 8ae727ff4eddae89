// What the details tabs' live charts share (Resources: CPU and memory; Network: received and
// sent): a time axis of the last five minutes, newest at the right, round axis tops, and the
// chart view around one series.
#pragma once

#include <QCoreApplication>
#include <QString>

class QChartView;
class QLineSeries;
class QObject;
class QValueAxis;
class QWidget;

namespace glassbox::details {

class Charts
{
    Q_DECLARE_TR_FUNCTIONS(Charts)
public:
    /// "Seconds ago", from -StatsHistory::kMaxPoints to 0.
    static QValueAxis *timeAxis(QObject *parent);
    /// A round upper bound above `value` (1, 2 or 5 times a power of ten); 1 for nothing.
    static double niceCeiling(double value);
    /// A chart titled `title` with `series` on the two axes, legend at the bottom.
    static QChartView *makeView(const QString &title, QLineSeries *series, QValueAxis *xAxis,
                                QValueAxis *yAxis, QWidget *parent);
};

} // namespace glassbox::details
