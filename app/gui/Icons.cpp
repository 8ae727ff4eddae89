// Icons: see Icons.h. The SVGs are compiled in from resources/icons/.
#include "Icons.h"

namespace Icons {

QIcon app()
{
    return QIcon::fromTheme(QStringLiteral("org.glassbox.Glassbox"),
                            QIcon(QStringLiteral(":/icons/org.glassbox.Glassbox.svg")));
}

QIcon tray(bool running)
{
    return QIcon(running ? QStringLiteral(":/icons/glassbox-tray-running.svg")
                         : QStringLiteral(":/icons/glassbox-tray-idle.svg"));
}

QIcon containerState(const QString &state)
{
    static const QStringList known{QStringLiteral("running"), QStringLiteral("paused"),
                                   QStringLiteral("stopped"), QStringLiteral("created")};
    // A stopping container still runs until it has stopped.
    const QString name = state == QLatin1String("stopping") ? QStringLiteral("running")
                         : known.contains(state)            ? state
                                                            : QStringLiteral("created");
    return QIcon(QStringLiteral(":/icons/state-%1.svg").arg(name));
}

QIcon action(const char *themeName, const char *fallback)
{
    return QIcon::fromTheme(
        QString::fromLatin1(themeName),
        QIcon(QStringLiteral(":/icons/actions/%1.svg").arg(QString::fromLatin1(fallback))));
}

} // namespace Icons
