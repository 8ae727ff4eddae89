// glassboxctl's command line: global options, the verb, the verb's options and operands,
// and the CreateContainer options that `run` and `create` build from them. No bus access.
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

// The translation context of every user-visible string of glassboxctl.
class Glassboxctl
{
    Q_DECLARE_TR_FUNCTIONS(Glassboxctl)
};

namespace glassbox::ctl {

/// Exit code for errors of glassboxctl or the helper (podman's convention); run and exec
/// otherwise exit with the container's code.
inline constexpr int kExitError = 125;

struct Invocation
{
    QString verb; // "network ls" for a network command
    bool json = false;
    QString busAddress; // empty: DBUS_SYSTEM_BUS_ADDRESS or the system bus
    QStringList operands;
    QHash<QString, QStringList> options; // long name -> values (a flag: one empty value)

    bool isSet(const QString &name) const { return options.contains(name); }
    QString value(const QString &name, const QString &fallback = {}) const;
    QStringList values(const QString &name) const { return options.value(name); }
};

struct ParseResult
{
    Invocation invocation;
    QString error;    // non-empty: print "Error: ..." and exit 125
    QString helpText; // non-empty: print it and exit 0
};

/// Parses argv (arguments[0] is the program name):
/// `glassboxctl [--json] [--bus-address ADDR] VERB [VERB OPTIONS] [OPERANDS]`.
/// Options after the first operand are operands (so `run IMAGE CMD -x` passes -x on).
ParseResult parseArguments(const QStringList &arguments);

/// Every verb, in help order ("network" once: its commands are under it).
QStringList verbs();

/// CreateNetwork's options a{sv} from `network create`'s: only what was given, so that the
/// helper's defaults apply (Subnet, Gateway, Subnet6 and Gateway6 as typed: the helper checks
/// them). IPv6 true for --ipv6, and for --subnet6 or --gateway6, which imply it.
QVariantMap networkOptions(const Invocation &invocation);

/// The options a{sv} of CreateContainer from the options of `run`/`create`, with the
/// contract's D-Bus types (t: qulonglong, x: qlonglong, as: QStringList, a(ssb), a(sqqs)).
/// `cwd` makes relative bind-mount sources absolute.
QVariantMap createOptions(const Invocation &invocation, const QString &cwd, QString *error);

} // namespace glassbox::ctl
