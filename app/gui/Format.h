// How the desktop application writes sizes, durations, times and CPU rates: localized,
// translated, pure functions (the current time is passed in) so they are unit-tested.
#pragma once

#include "ObjectInfo.h"

#include <QCoreApplication>
#include <QString>

namespace Format {

/// "0 B", "1.5 MiB" in the user's locale.
QString size(quint64 bytes);
/// "512 MiB / 1 GiB", or "512 MiB" without a limit (limit 0).
QString memory(quint64 used, quint64 limit);
/// "45 s", "12 min", "3 h 5 min", "4 days".
QString duration(quint64 microseconds);
/// The state column's text: "Running", "Up 5 min" style detail lives in status().
QString stateName(const QString &state);
/// "Up 12 min", "Paused", "Exited (0)", "Exited (137, out of memory)", "Created".
QString status(const glassbox::client::ContainerInfo &container, quint64 nowUs);
/// "12.5 %" (one decimal), "" for an unknown rate (< 0).
QString cpuPercent(double percent);
/// A date and time in the user's locale; "" for 0.
QString timestamp(quint64 microseconds);
/// A published port as docker ps writes it, with an arrow: "0.0.0.0:18080→80/tcp"; a host
/// port not chosen yet (0: any free one, picked at start) leaves only "80/tcp".
QString port(const glassbox::client::PublishedPort &port);
/// Every port, comma separated; "" for none.
QString ports(const QList<glassbox::client::PublishedPort> &ports);

/// The current time in microseconds since the epoch.
quint64 nowUs();

} // namespace Format
