// The `glassbox.startup` logging category: when enabled (QT_LOGGING_RULES=
// "glassbox.startup.info=true"), the window logs to stderr the CLOCK_MONOTONIC time at which
// the containers list first has its rows and is first painted with them, so a benchmark can
// time the start-up from outside (bench/gui.sh). Off by default.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStartup)

namespace StartupLog {
/// Logs "<event>: <rows> rows at CLOCK_MONOTONIC <seconds> s" in glassbox.startup.
void event(const char *what, int rows);
} // namespace StartupLog
