// The application's icons: the desktop theme's where it has them, our SVGs otherwise, so
// they stay sharp at every scale factor.
#pragma once

#include <QIcon>
#include <QString>

namespace Icons {
QIcon app();
/// The tray: containers running, or none.
QIcon tray(bool running);
/// A container state's icon ("running", "paused", "stopped", "created").
QIcon containerState(const QString &state);
/// A toolbar action: theme name first, then resources/icons/actions/<fallback>.svg.
QIcon action(const char *themeName, const char *fallback);
} // namespace Icons
