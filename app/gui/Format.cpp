// Format and CpuMeter: see Format.h.
#include "Format.h"

#include <QDateTime>
#include <QLocale>

namespace Format {

QString size(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1);
}

QString memory(quint64 used, quint64 limit)
{
    if (limit == 0)
        return size(used);
    return QCoreApplication::translate("Format", "%1 / %2").arg(size(used), size(limit));
}

QString duration(quint64 microseconds)
{
    const quint64 seconds = microseconds / 1000000;
    if (seconds < 60)
        return QCoreApplication::translate("Format", "%n s", nullptr, int(seconds));
    const quint64 minutes = seconds / 60;
    if (minutes < 60)
        return QCoreApplication::translate("Format", "%n min", nullptr, int(minutes));
    const quint64 hours = minutes / 60;
    if (hours < 24) {
        return QCoreApplication::translate("Format", "%1 h %2 min").arg(hours).arg(minutes % 60);
    }
    // (A division inside translate()'s arguments hangs Qt 6.4's lupdate.)
    const int days = int(hours / 24);
    return QCoreApplication::translate("Format", "%n day(s)", nullptr, days);
}

QString stateName(const QString &state)
{
    if (state == QLatin1String("running"))
        return QCoreApplication::translate("Format", "Running");
    if (state == QLatin1String("paused"))
        return QCoreApplication::translate("Format", "Paused");
    if (state == QLatin1String("stopping"))
        return QCoreApplication::translate("Format", "Stopping…");
    if (state == QLatin1String("stopped"))
        return QCoreApplication::translate("Format", "Stopped");
    if (state == QLatin1String("created"))
        return QCoreApplication::translate("Format", "Created");
    return state;
}

QString status(const glassbox::client::ContainerInfo &c, quint64 now)
{
    if (glassbox::client::isLiveState(c.state)) {
        const quint64 up = c.startedAt && now > c.startedAt ? now - c.startedAt : 0;
        if (c.state == QLatin1String("stopping"))
            return QCoreApplication::translate("Format", "Up %1, stopping").arg(duration(up));
        return c.state == QLatin1String("paused")
                   ? QCoreApplication::translate("Format", "Up %1, paused").arg(duration(up))
                   : QCoreApplication::translate("Format", "Up %1").arg(duration(up));
    }
    if (c.state == QLatin1String("stopped")) {
        if (c.oomKilled)
            return QCoreApplication::translate("Format", "Exited (%1, out of memory)")
                .arg(c.exitCode);
        return QCoreApplication::translate("Format", "Exited (%1)").arg(c.exitCode);
    }
    return QCoreApplication::translate("Format", "Never started");
}

QString cpuPercent(double percent)
{
    if (percent < 0)
        return QString();
    return QCoreApplication::translate("Format", "%1 %").arg(QLocale().toString(percent, 'f', 1));
}

QString timestamp(quint64 microseconds)
{
    if (microseconds == 0)
        return QString();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(microseconds / 1000)),
                              QLocale::ShortFormat);
}

QString port(const glassbox::client::PublishedPort &port)
{
    return glassbox::client::publishedPortText(port, u"→");
}

QString ports(const QList<glassbox::client::PublishedPort> &ports)
{
    return glassbox::client::publishedPortsText(ports, u"→");
}

quint64 nowUs()
{
    return quint64(QDateTime::currentMSecsSinceEpoch()) * 1000;
}

} // namespace Format
