// glassboxctl's command line; see CommandLine.h.
#include "CommandLine.h"

#include "BusNames.h"
#include "CreateOptions.h"

#include <QCommandLineParser>

namespace glassbox::ctl {

using client::BindMount;
using client::CreateOptions;
using client::PublishedPort;

namespace {

struct OptionSpec
{
    const char *names;     // "a,all": short and long names, comma-separated
    const char *valueName; // nullptr: a flag
    const char *description;
};

struct VerbSpec
{
    const char *name;
    const char *synopsis;
    const char *description;
    int minOperands;
    int maxOperands; // -1: any number
    QList<OptionSpec> options;
};

// What login and search ask a registry with, as the user.
const OptionSpec kCertDir{
    "cert-dir", "DIR",
    QT_TRANSLATE_NOOP("Glassboxctl",
                      "CA certificates of registries (default /etc/containers/certs.d)")};
const OptionSpec kTlsVerify{
    "tls-verify", "BOOL",
    QT_TRANSLATE_NOOP("Glassboxctl", "Verify the registry's certificate (default true)")};

const QList<OptionSpec> &createOptionSpecs()
{
    static const QList<OptionSpec> specs = {
        {"name", "NAME", QT_TRANSLATE_NOOP("Glassboxctl", "Name of the container")},
        {"pull", "POLICY",
         QT_TRANSLATE_NOOP("Glassboxctl", "Pull the image: missing (when it is not in the "
                                          "store; default), always or never")},
        {"e,env", "KEY=VALUE", QT_TRANSLATE_NOOP("Glassboxctl", "Set an environment variable")},
        {"w,workdir", "DIR",
         QT_TRANSLATE_NOOP("Glassboxctl", "Working directory in the container")},
        {"u,user", "USER[:GROUP]", QT_TRANSLATE_NOOP("Glassboxctl", "User to run as")},
        {"hostname", "NAME", QT_TRANSLATE_NOOP("Glassboxctl", "Container host name")},
        {"m,memory", "SIZE", QT_TRANSLATE_NOOP("Glassboxctl", "Memory limit (e.g. 512m, 1g)")},
        {"cpus", "N", QT_TRANSLATE_NOOP("Glassboxctl", "Number of CPUs (e.g. 1.5)")},
        {"pids-limit", "N", QT_TRANSLATE_NOOP("Glassboxctl", "Maximum number of processes")},
        {"read-only", nullptr,
         QT_TRANSLATE_NOOP("Glassboxctl", "Mount the root filesystem read-only")},
        {"userns-remap", nullptr,
         QT_TRANSLATE_NOOP("Glassboxctl", "Map the container's root to an unprivileged host user")},
        {"cap-add", "CAP", QT_TRANSLATE_NOOP("Glassboxctl", "Add a capability (privileged)")},
        {"cap-drop", "CAP", QT_TRANSLATE_NOOP("Glassboxctl", "Drop a capability")},
        {"security-opt", "OPT",
         QT_TRANSLATE_NOOP("Glassboxctl", "seccomp=default or seccomp=unconfined (privileged)")},
        {"v,volume", "HOST:CONTAINER[:ro]",
         QT_TRANSLATE_NOOP("Glassboxctl", "Bind-mount a host path (privileged)")},
        {"net,network", "NAME",
         QT_TRANSLATE_NOOP("Glassboxctl", "Network to join: a network's name, none, or host "
                                          "(privileged); default: the helper's default network")},
        {"p,publish", "SPEC",
         QT_TRANSLATE_NOOP("Glassboxctl",
                           "Publish a container port on the host: [IP:][HOST:]CONTAINER[/tcp|udp] "
                           "(an IPv6 IP in brackets: [::1]:8080:80); without HOST any free port "
                           "(below 1024: privileged)")},
        {"P,publish-all", nullptr,
         QT_TRANSLATE_NOOP("Glassboxctl",
                           "Publish every port the image exposes, each on a free host port")},
    };
    return specs;
}

const QList<VerbSpec> &verbSpecs()
{
    static const QList<VerbSpec> specs = [] {
        QList<OptionSpec> runOptions = createOptionSpecs();
        runOptions.append({"d,detach", nullptr,
                           QT_TRANSLATE_NOOP("Glassboxctl", "Print the container ID and return")});
        runOptions.append({"rm", nullptr,
                           QT_TRANSLATE_NOOP("Glassboxctl", "Remove the container when it exits")});
        const OptionSpec time{"t,time", "SECONDS",
                              QT_TRANSLATE_NOOP("Glassboxctl", "Seconds to wait before killing")};
        const OptionSpec force{"f,force", nullptr,
                               QT_TRANSLATE_NOOP("Glassboxctl", "Also when running or in use")};
        return QList<VerbSpec>{
            {"ps",
             "",
             QT_TRANSLATE_NOOP("Glassboxctl", "List containers"),
             0,
             0,
             {{"a,all", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl", "Show all containers, not only running ones")},
              {"q,quiet", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Print IDs only")}}},
            {"images",
             "",
             QT_TRANSLATE_NOOP("Glassboxctl", "List images"),
             0,
             0,
             {{"q,quiet", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Print IDs only")}}},
            {"run", "IMAGE [COMMAND [ARG...]]",
             QT_TRANSLATE_NOOP("Glassboxctl",
                               "Create and start a container, wait for it by default"),
             1, -1, runOptions},
            {"create", "IMAGE [COMMAND [ARG...]]",
             QT_TRANSLATE_NOOP("Glassboxctl", "Create a container"), 1, -1, createOptionSpecs()},
            {"start",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Start containers"),
             1,
             -1,
             {}},
            {"stop",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Stop containers"),
             1,
             -1,
             {time}},
            {"restart",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Restart containers"),
             1,
             -1,
             {time}},
            {"kill",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Send a signal to containers"),
             1,
             -1,
             {{"s,signal", "SIGNAL",
               QT_TRANSLATE_NOOP("Glassboxctl", "Signal to send (default KILL)")}}},
            {"rm",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Remove containers"),
             1,
             -1,
             {force}},
            {"pause",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Freeze containers"),
             1,
             -1,
             {}},
            {"resume",
             "CONTAINER...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Thaw containers"),
             1,
             -1,
             {}},
            {"inspect",
             "CONTAINER|IMAGE...",
             QT_TRANSLATE_NOOP("Glassboxctl", "Show the configuration and state as JSON"),
             1,
             -1,
             {{"security", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl",
                                 "Show what one container may do to its host (JSON with "
                                 "--json)")},
              {"network", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl",
                                 "Show one running container's network: address, gateway, "
                                 "veth, bridge, DNS, ports (JSON)")}}},
            {"stats",
             "[CONTAINER...]",
             QT_TRANSLATE_NOOP("Glassboxctl", "Show resource usage of running containers"),
             0,
             -1,
             {{"no-stream", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl",
                                 "Accepted for podman compatibility: glassboxctl always "
                                 "prints one table")}}},
            {"top",
             "CONTAINER",
             QT_TRANSLATE_NOOP("Glassboxctl", "List the processes of a container"),
             1,
             1,
             {}},
            {"ns",
             "CONTAINER",
             QT_TRANSLATE_NOOP("Glassboxctl", "List the namespaces of a container"),
             1,
             1,
             {}},
            {"layers",
             "CONTAINER|IMAGE",
             QT_TRANSLATE_NOOP("Glassboxctl", "List the layers of a container or image"),
             1,
             1,
             {}},
            {"diff",
             "CONTAINER",
             QT_TRANSLATE_NOOP("Glassboxctl", "List the changes in a container's writable layer"),
             1,
             1,
             {}},
            {"logs",
             "CONTAINER",
             QT_TRANSLATE_NOOP("Glassboxctl", "Print a container's output"),
             1,
             1,
             {{"f,follow", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Follow the output")},
              {"t,timestamps", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl", "Show the time of each line (UTC)")},
              {"max-bytes", "N",
               QT_TRANSLATE_NOOP("Glassboxctl",
                                 "Print at most the last N bytes (default 1 MiB)")}}},
            {"exec",
             "CONTAINER COMMAND [ARG...]",
             QT_TRANSLATE_NOOP("Glassboxctl", "Run a command in a running container"),
             2,
             -1,
             {}},
            {"import",
             "FILE",
             QT_TRANSLATE_NOOP("Glassboxctl", "Import an image from an archive"),
             1,
             1,
             {{"format", "FORMAT",
               QT_TRANSLATE_NOOP("Glassboxctl",
                                 "auto, oci-archive, docker-archive or rootfs (default auto)")},
              {"tag", "REFERENCE", QT_TRANSLATE_NOOP("Glassboxctl", "Tag the imported image")}}},
            {"pull",
             "IMAGE",
             QT_TRANSLATE_NOOP("Glassboxctl", "Pull an image from a registry"),
             1,
             1,
             {{"q,quiet", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Print only the image ID")}}},
            {"login",
             "[REGISTRY]",
             QT_TRANSLATE_NOOP("Glassboxctl",
                               "Log in to a registry (default docker.io); the credentials go "
                               "to your auth.json"),
             0,
             1,
             {{"u,username", "USER", QT_TRANSLATE_NOOP("Glassboxctl", "User name")},
              {"p,password", "PASSWORD",
               QT_TRANSLATE_NOOP("Glassboxctl", "Password (visible to other users: prefer "
                                                "--password-stdin)")},
              {"password-stdin", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl", "Read the password from standard input")},
              kCertDir,
              kTlsVerify}},
            {"logout",
             "[REGISTRY]",
             QT_TRANSLATE_NOOP("Glassboxctl", "Remove the credentials of a registry"),
             0,
             1,
             {{"a,all", nullptr,
               QT_TRANSLATE_NOOP("Glassboxctl", "Remove the credentials of every registry")}}},
            {"search",
             "[REGISTRY/]TERM",
             QT_TRANSLATE_NOOP("Glassboxctl",
                               "Search a registry (Docker Hub's search, another registry's "
                               "catalog)"),
             1,
             1,
             {{"limit", "N", QT_TRANSLATE_NOOP("Glassboxctl", "At most N results (default 25)")},
              kCertDir,
              kTlsVerify}},
            {"rmi", "IMAGE...", QT_TRANSLATE_NOOP("Glassboxctl", "Remove images"), 1, -1, {force}},
            {"tag",
             "IMAGE REFERENCE",
             QT_TRANSLATE_NOOP("Glassboxctl", "Add a tag to an image"),
             2,
             2,
             {}},
            {"port",
             "CONTAINER [PORT[/PROTOCOL]]",
             QT_TRANSLATE_NOOP("Glassboxctl", "List a container's published ports"),
             1,
             2,
             {}},
            // Its commands are networkVerbSpecs(); parseArguments() picks one.
            {"network",
             "COMMAND",
             QT_TRANSLATE_NOOP("Glassboxctl", "Manage networks (create, ls, inspect, rm)"),
             0,
             -1,
             {}},
        };
    }();
    return specs;
}

// `glassboxctl network COMMAND`, in help order.
const QList<VerbSpec> &networkVerbSpecs()
{
    static const QList<VerbSpec> specs = {
        {"create",
         "NAME",
         QT_TRANSLATE_NOOP("Glassboxctl", "Create a bridge network"),
         1,
         1,
         {{"subnet", "CIDR",
           QT_TRANSLATE_NOOP("Glassboxctl",
                             "IPv4 subnet (default: the first free /24 of 10.87.0.0/16)")},
          {"gateway", "IP",
           QT_TRANSLATE_NOOP("Glassboxctl", "Gateway (default: the subnet's first address)")},
          {"ipv6", nullptr,
           QT_TRANSLATE_NOOP("Glassboxctl",
                             "Dual stack: an IPv6 subnet beside the IPv4 one (default: a random "
                             "/64 of fd00::/8)")},
          {"subnet6", "CIDR",
           QT_TRANSLATE_NOOP("Glassboxctl", "IPv6 subnet, such as fd00:1::/64 (implies --ipv6)")},
          {"gateway6", "IP",
           QT_TRANSLATE_NOOP("Glassboxctl", "IPv6 gateway, in --subnet6 (default: the IPv6 "
                                            "subnet's first address; implies --ipv6)")},
          {"internal", nullptr,
           QT_TRANSLATE_NOOP("Glassboxctl", "No route out of the network (no NAT)")},
          {"disable-dns", nullptr,
           QT_TRANSLATE_NOOP("Glassboxctl", "Containers do not resolve each other by name")}}},
        {"ls",
         "",
         QT_TRANSLATE_NOOP("Glassboxctl", "List networks"),
         0,
         0,
         {{"q,quiet", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Print names only")}}},
        {"inspect",
         "NETWORK...",
         QT_TRANSLATE_NOOP("Glassboxctl", "Show networks and their containers as JSON"),
         1,
         -1,
         {}},
        {"rm", "NETWORK...", QT_TRANSLATE_NOOP("Glassboxctl", "Remove networks"), 1, -1, {}},
    };
    return specs;
}

// podman's and docker's other names of network commands.
QString networkCommandName(const QString &typed)
{
    if (typed == QLatin1String("list"))
        return QStringLiteral("ls");
    if (typed == QLatin1String("remove"))
        return QStringLiteral("rm");
    return typed;
}

QCommandLineOption makeOption(const OptionSpec &spec)
{
    const QStringList names = QString::fromLatin1(spec.names).split(QLatin1Char(','));
    const QString description = Glassboxctl::tr(spec.description);
    if (spec.valueName)
        return QCommandLineOption(names, description, QString::fromLatin1(spec.valueName));
    return QCommandLineOption(names, description);
}

QList<OptionSpec> globalOptionSpecs()
{
    return {{"json", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Print JSON instead of tables")},
            {"bus-address", "ADDRESS",
             QT_TRANSLATE_NOOP("Glassboxctl", "D-Bus address of the bus the helper is on (default: "
                                              "DBUS_SYSTEM_BUS_ADDRESS or the system bus)")},
            {"h,help", nullptr, QT_TRANSLATE_NOOP("Glassboxctl", "Show help")}};
}

// Adds the options and returns the long name of each (the key in Invocation::options).
QStringList addOptions(QCommandLineParser &parser, const QList<OptionSpec> &specs)
{
    QStringList longNames;
    for (const OptionSpec &spec : specs) {
        parser.addOption(makeOption(spec));
        longNames.append(QString::fromLatin1(spec.names).split(QLatin1Char(',')).constLast());
    }
    return longNames;
}

void collect(const QCommandLineParser &parser, const QStringList &longNames, Invocation *out)
{
    for (const QString &name : longNames) {
        if (!parser.isSet(name))
            continue;
        const QStringList values = parser.values(name);
        out->options[name] = values.isEmpty() ? QStringList{QString()} : values;
    }
    if (out->options.remove(QStringLiteral("json")))
        out->json = true;
    if (out->options.contains(QStringLiteral("bus-address")))
        out->busAddress = out->options.take(QStringLiteral("bus-address")).constLast();
}

QString globalHelp()
{
    QString text = Glassboxctl::tr("Usage: glassboxctl [--json] [--bus-address ADDRESS] COMMAND "
                                   "[OPTIONS] [ARGS]\n\nManage Glassbox containers and images "
                                   "through glassbox-helper.\n\nCommands:\n");
    for (const VerbSpec &verb : verbSpecs())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(verb.name), -10)
                    .arg(Glassboxctl::tr(verb.description));
    text += Glassboxctl::tr("\nRun 'glassboxctl COMMAND --help' for the options of a command.\n");
    return text;
}

QString networkHelp()
{
    QString text = Glassboxctl::tr("Usage: glassboxctl network COMMAND [OPTIONS] [ARGS]\n\nManage "
                                   "networks.\n\nCommands:\n");
    for (const VerbSpec &verb : networkVerbSpecs())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(verb.name), -10)
                    .arg(Glassboxctl::tr(verb.description));
    text += Glassboxctl::tr(
        "\nRun 'glassboxctl network COMMAND --help' for the options of a command.\n");
    return text;
}

bool isHelpOption(const QString &argument)
{
    return argument == QLatin1String("-h") || argument == QLatin1String("--help");
}

// The verb's options and operands from `rest` into *result; `verb` as the user names it
// ("network ls").
void parseVerb(const VerbSpec &spec, const QString &verb, const QString &program,
               const QStringList &rest, ParseResult *result)
{
    result->invocation.verb = verb;
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    QStringList names = addOptions(parser, spec.options);
    names += addOptions(parser, globalOptionSpecs());
    if (!parser.parse(QStringList{program} + rest)) {
        result->error = parser.errorText();
        return;
    }
    collect(parser, names, &result->invocation);
    if (result->invocation.options.contains(QStringLiteral("help"))) {
        result->helpText =
            Glassboxctl::tr("Usage: glassboxctl %1 [OPTIONS] %2\n\n%3\n")
                .arg(verb, QString::fromLatin1(spec.synopsis), Glassboxctl::tr(spec.description));
        QString options = parser.helpText();
        const qsizetype at = options.indexOf(QLatin1String("Options:"));
        if (at >= 0)
            result->helpText += QLatin1Char('\n') + options.mid(at);
        return;
    }
    result->invocation.operands = parser.positionalArguments();
    const int count = int(result->invocation.operands.size());
    if (count < spec.minOperands || (spec.maxOperands >= 0 && count > spec.maxOperands)) {
        result->error = Glassboxctl::tr("wrong number of arguments; usage: glassboxctl %1 %2")
                            .arg(verb, QString::fromLatin1(spec.synopsis));
    }
}

} // namespace

QString Invocation::value(const QString &name, const QString &fallback) const
{
    const auto it = options.constFind(name);
    return it == options.cend() || it->isEmpty() ? fallback : it->constLast();
}

QStringList verbs()
{
    QStringList names;
    for (const VerbSpec &verb : verbSpecs())
        names.append(QString::fromLatin1(verb.name));
    return names;
}

ParseResult parseArguments(const QStringList &arguments)
{
    ParseResult result;
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QStringList globalNames = addOptions(global, globalOptionSpecs());
    if (!global.parse(arguments)) {
        result.error = global.errorText();
        return result;
    }
    collect(global, globalNames, &result.invocation);
    QStringList rest = global.positionalArguments();
    if (rest.isEmpty()) {
        if (result.invocation.options.contains(QStringLiteral("help")))
            result.helpText = globalHelp();
        else
            result.error = Glassboxctl::tr("missing command; try 'glassboxctl --help'");
        return result;
    }

    const QString verb = rest.takeFirst();
    if (verb == QLatin1String("network")) {
        if (rest.isEmpty() || isHelpOption(rest.constFirst())) {
            result.helpText = networkHelp();
            return result;
        }
        const QString command = networkCommandName(rest.takeFirst());
        for (const VerbSpec &candidate : networkVerbSpecs()) {
            if (command == QLatin1String(candidate.name)) {
                parseVerb(candidate, QStringLiteral("network ") + command, arguments.value(0), rest,
                          &result);
                return result;
            }
        }
        result.error = Glassboxctl::tr("unrecognized command `glassboxctl network %1`; try "
                                       "'glassboxctl network --help'")
                           .arg(command);
        return result;
    }
    for (const VerbSpec &candidate : verbSpecs()) {
        if (verb == QLatin1String(candidate.name)) {
            parseVerb(candidate, verb, arguments.value(0), rest, &result);
            return result;
        }
    }
    result.error = Glassboxctl::tr("unrecognized command `glassboxctl %1`").arg(verb);
    return result;
}

QVariantMap networkOptions(const Invocation &invocation)
{
    namespace key = glassbox::api::networkOption;
    QVariantMap options;
    if (invocation.isSet(QStringLiteral("subnet")))
        options.insert(key::kSubnet, invocation.value(QStringLiteral("subnet")));
    if (invocation.isSet(QStringLiteral("gateway")))
        options.insert(key::kGateway, invocation.value(QStringLiteral("gateway")));
    if (invocation.isSet(QStringLiteral("internal")))
        options.insert(key::kInternal, true);
    if (invocation.isSet(QStringLiteral("disable-dns")))
        options.insert(key::kDns, false);
    // --subnet6 and --gateway6 imply --ipv6 (as the helper would take them).
    const bool subnet6 = invocation.isSet(QStringLiteral("subnet6"));
    const bool gateway6 = invocation.isSet(QStringLiteral("gateway6"));
    if (invocation.isSet(QStringLiteral("ipv6")) || subnet6 || gateway6)
        options.insert(key::kIpv6, true);
    if (subnet6)
        options.insert(key::kSubnet6, invocation.value(QStringLiteral("subnet6")));
    if (gateway6)
        options.insert(key::kGateway6, invocation.value(QStringLiteral("gateway6")));
    return options;
}

QVariantMap createOptions(const Invocation &invocation, const QString &cwd, QString *error)
{
    CreateOptions options;
    options.setCommand(invocation.operands.mid(1));

    QStringList env;
    for (const QString &entry : invocation.values(QStringLiteral("env"))) {
        if (entry.contains(QLatin1Char('='))) {
            env.append(entry);
        } else if (qEnvironmentVariableIsSet(entry.toLocal8Bit().constData())) {
            // podman's -e NAME: the value of the caller's variable.
            env.append(entry + QLatin1Char('=') +
                       qEnvironmentVariable(entry.toLocal8Bit().constData()));
        }
    }
    options.setEnv(env);

    if (invocation.isSet(QStringLiteral("workdir")))
        options.setWorkingDir(invocation.value(QStringLiteral("workdir")));
    if (invocation.isSet(QStringLiteral("hostname")))
        options.setHostname(invocation.value(QStringLiteral("hostname")));
    QString why;
    if (invocation.isSet(QStringLiteral("user")) &&
        !options.setUser(invocation.value(QStringLiteral("user")), &why)) {
        *error = Glassboxctl::tr("invalid user: %1").arg(why);
        return {};
    }
    if (const QString text = invocation.value(QStringLiteral("memory"));
        invocation.isSet(QStringLiteral("memory")) && !options.setMemoryLimit(text, &why)) {
        *error = Glassboxctl::tr("invalid memory limit `%1`: %2").arg(text, why);
        return {};
    }
    if (invocation.isSet(QStringLiteral("cpus")) &&
        !options.setCpus(invocation.value(QStringLiteral("cpus")), &why)) {
        *error = Glassboxctl::tr("invalid number of CPUs: %1").arg(why);
        return {};
    }
    if (invocation.isSet(QStringLiteral("pids-limit")) &&
        !options.setPidsLimit(invocation.value(QStringLiteral("pids-limit")), &why)) {
        *error = Glassboxctl::tr("invalid pids limit: %1").arg(why);
        return {};
    }
    options.setReadOnly(invocation.isSet(QStringLiteral("read-only")));
    options.setUserNamespace(invocation.isSet(QStringLiteral("userns-remap")));

    const auto caps = [&invocation](const char *option) {
        QStringList caps;
        for (const QString &value : invocation.values(QString::fromLatin1(option)))
            caps += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        return caps;
    };
    options.setCapAdd(caps("cap-add"));
    options.setCapDrop(caps("cap-drop"));

    for (const QString &opt : invocation.values(QStringLiteral("security-opt"))) {
        if (opt == QLatin1String("seccomp=unconfined") || opt == QLatin1String("seccomp=default")) {
            options.setSeccomp(opt.mid(8));
        } else {
            *error = Glassboxctl::tr("unsupported security option `%1` (seccomp=default or "
                                     "seccomp=unconfined)")
                         .arg(opt);
            return {};
        }
    }

    QList<BindMount> mounts;
    for (const QString &volume : invocation.values(QStringLiteral("volume"))) {
        BindMount mount;
        if (!CreateOptions::parseVolume(volume, cwd, &mount)) {
            *error = Glassboxctl::tr("invalid volume `%1` (HOST:CONTAINER[:ro|rw], the container "
                                     "path absolute)")
                         .arg(volume);
            return {};
        }
        mounts.append(mount);
    }
    options.setBindMounts(mounts);

    const QString network = invocation.value(QStringLiteral("network"));
    options.setNetwork(network);
    QList<PublishedPort> ports;
    for (const QString &spec : invocation.values(QStringLiteral("publish"))) {
        PublishedPort port;
        if (!CreateOptions::parsePublish(spec, &port, &why)) {
            *error = Glassboxctl::tr("invalid port mapping %1").arg(why);
            return {};
        }
        ports.append(port);
    }
    const bool publishAll = invocation.isSet(QStringLiteral("publish-all"));
    if ((!ports.isEmpty() || publishAll) &&
        (network == QLatin1String("none") || network == QLatin1String("host"))) {
        *error = Glassboxctl::tr("--publish needs a network of the helper's, not --network %1")
                     .arg(network);
        return {};
    }
    options.setPorts(ports);
    options.setPublishAll(publishAll);
    return options.toVariantMap();
}

} // namespace glassbox::ctl
