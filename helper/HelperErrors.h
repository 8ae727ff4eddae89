// The D-Bus error names of the contract (org.glassbox.Error.*).
#pragma once

#include <QString>

namespace GbErrors {
inline QString notAuthorized()
{
    return QStringLiteral("org.glassbox.Error.NotAuthorized");
}
inline QString invalidArgument()
{
    return QStringLiteral("org.glassbox.Error.InvalidArgument");
}
inline QString notFound()
{
    return QStringLiteral("org.glassbox.Error.NotFound");
}
inline QString busy()
{
    return QStringLiteral("org.glassbox.Error.Busy");
}
inline QString failed()
{
    return QStringLiteral("org.glassbox.Error.Failed");
}
} // namespace GbErrors
