// The parsers of glassbox/quantities.h (shared with the helper) on QStrings, for both
// clients: on failure `why` gets the parser's message, which quotes the text.
#pragma once

#include "glassbox/quantities.h"

#include <QString>

#include <optional>

namespace glassbox::client {

/// "512m", "1g", "1024", "2.5G" -> bytes (binary units, as docker and podman read them).
bool parseSize(const QString &text, quint64 *bytes, QString *why = nullptr);
/// A memory limit: parseSize() within kMinMemoryLimit..kMaxBytes.
bool parseMemoryLimit(const QString &text, quint64 *bytes, QString *why = nullptr);
/// "KILL", "SIGKILL", "9" -> 9.
bool parseSignal(const QString &text, int *signal, QString *why = nullptr);
/// "1.5" CPUs -> quota and period (usec) with a 100 ms period.
bool parseCpus(const QString &text, qint64 *quota, quint64 *period, QString *why = nullptr);
/// A number of CPUs as a spin box holds it: quota rounded to the microsecond at the 100 ms
/// period, range-checked as parseCpus() checks it (no round trip through text).
std::optional<glassbox::quantity::CpuLimit> cpuLimitFromCores(double cores, QString *why = nullptr);
/// "-1" (no limit) or 1..kMaxPids.
bool parsePidsLimit(const QString &text, qint64 *limit, QString *why = nullptr);
/// "user[:group]", names or ids.
bool checkUserSpec(const QString &text, QString *why = nullptr);

} // namespace glassbox::client
