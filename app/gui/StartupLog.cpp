// StartupLog: see StartupLog.h.
#include "StartupLog.h"

#include <ctime>

Q_LOGGING_CATEGORY(lcStartup, "glassbox.startup", QtWarningMsg)

void StartupLog::event(const char *what, int rows)
{
    if (!lcStartup().isInfoEnabled())
        return;
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    qCInfo(lcStartup, "%s: %d rows at CLOCK_MONOTONIC %lld.%09ld s", what, rows,
           static_cast<long long>(now.tv_sec), now.tv_nsec);
}
