// Tests of the security analysis (core/src/security_report.cpp): what a container's OCI
// config and live namespaces say about what it may do to its host, and the JSON that
// Container1.GetSecurityReport carries to the clients.
#include "glassbox/capabilities.h"
#include "glassbox/oci/spec.h"
#include "glassbox/security_report.h"

#include <QTest>
#include <algorithm>
#include <nlohmann/json.hpp>

using namespace glassbox;
using nlohmann::json;
using Strings = std::vector<std::string>;

namespace {

// Docker's defaults (the runtime's default spec), changed by `edit`.
template <typename Edit> oci::Spec specWith(Edit edit)
{
    json config = json::parse(oci::defaultSpecJson());
    edit(config);
    auto spec = oci::parseSpec(config.dump());
    if (!spec)
        qFatal("the test's config does not parse: %s", spec.error().text().c_str());
    return *spec;
}

oci::Spec defaultSpec()
{
    return specWith([](json &) {});
}

security::NamespaceShare ns(const char *type, bool shared)
{
    return {type, shared};
}

} // namespace

class TestSecurityReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsComeFromTheCore();
    void warnsPrivilegedHostRoot();
    void quietForConfinedContainer();
    void countsBlockedSyscalls();
    void jsonCarriesEveryField();
};

// A container made with no options has Docker's 14 capabilities and masked paths, the
// default seccomp profile, and runs as the host's root: the one warning.
void TestSecurityReport::defaultsComeFromTheCore()
{
    const security::Report report = security::analyze(defaultSpec(), {}, false);
    Strings defaults = caps::dockerDefaultNames();
    std::sort(defaults.begin(), defaults.end());
    QVERIFY(report.capabilities == defaults);
    QVERIFY(report.extraCapabilities.empty());
    QVERIFY(report.maskedPaths == oci::defaultMaskedPaths());
    QVERIFY(report.seccomp);
    QVERIFY(report.blockedSyscalls > 0);
    QVERIFY(report.blockedSyscalls < report.nativeSyscalls);
    QVERIFY(report.noNewPrivileges);
    QVERIFY(report.uidMappings.empty());
    QVERIFY(report.warnings == Strings{security::kHostRoot});
}

void TestSecurityReport::warnsPrivilegedHostRoot()
{
    const oci::Spec spec = specWith([](json &config) {
        auto &effective = config["process"]["capabilities"]["effective"];
        effective.erase(std::find(effective.begin(), effective.end(), "CAP_MKNOD"));
        effective.push_back("CAP_SYS_ADMIN");
        config["linux"].erase("seccomp");
        config["mounts"].push_back({{"destination", "/data"},
                                    {"type", "bind"},
                                    {"source", "/srv"},
                                    {"options", {"rbind", "rprivate", "rw"}}});
    });
    const security::Report report = security::analyze(
        spec, {ns("net", true), ns("pid", false), ns("user", true), ns("time", true)}, true);
    QVERIFY(report.warnings == (Strings{security::kHostRoot, security::kExtraCapabilities,
                                        security::kSeccompUnconfined, security::kBindMounts,
                                        security::kSharedNamespaces}));
    QVERIFY(report.extraCapabilities == Strings{"CAP_SYS_ADMIN"});
    QVERIFY(std::count(report.capabilities.begin(), report.capabilities.end(), "CAP_MKNOD") == 0);
    QCOMPARE(report.blockedSyscalls, 0);
    QCOMPARE(report.bindMounts.size(), size_t(1));
    QCOMPARE(report.bindMounts.front().source, std::string("/srv"));
    QCOMPARE(report.bindMounts.front().destination, std::string("/data"));
    QVERIFY(!report.bindMounts.front().readOnly);
    // The shared user namespace is the root warning, time is never the host's concern.
    QVERIFY(report.sharedNamespaces == Strings{"net"});

    // Privileged options that add nothing listed above still say so.
    const security::Report bindOnly = security::analyze(defaultSpec(), {}, true);
    QVERIFY(bindOnly.warnings == (Strings{security::kHostRoot, security::kPrivilegedOptions}));
}

void TestSecurityReport::quietForConfinedContainer()
{
    const oci::Spec spec = specWith([](json &config) {
        config["process"]["user"]["uid"] = 1000;
        config["linux"]["namespaces"].push_back({{"type", "user"}});
        const json mapping =
            json::array({{{"containerID", 0}, {"hostID", 1000000}, {"size", 65536}}});
        config["linux"]["uidMappings"] = mapping;
        config["linux"]["gidMappings"] = mapping;
    });
    const security::Report report =
        security::analyze(spec, {ns("net", false), ns("user", false), ns("time", true)}, false);
    QVERIFY(report.warnings.empty());
    QCOMPARE(report.uidMappings.size(), size_t(1));
    QCOMPARE(report.uidMappings.front().hostId, 1000000u);
    QCOMPARE(report.capabilities.size(), caps::dockerDefaultNames().size());
    // A shared net namespace: warned.
    const security::Report shared =
        security::analyze(spec, {ns("net", true), ns("user", false)}, false);
    QVERIFY(shared.warnings == Strings{security::kSharedNamespaces});
    QVERIFY(shared.sharedNamespaces == Strings{"net"});
    // Stopped (no live namespaces): the spec's user namespace keeps root off the host.
    QVERIFY(security::analyze(spec, {}, false).warnings.empty());
}

void TestSecurityReport::countsBlockedSyscalls()
{
    const Strings &native = security::nativeSyscallNames();
    QVERIFY(native.size() > 200);
    QVERIFY(std::count(native.begin(), native.end(), "read") == 1);
    const oci::Spec spec = specWith([](json &config) {
        config["process"]["capabilities"]["effective"] = {"CAP_KILL"};
        config["linux"]["maskedPaths"] = {"/proc/kcore"};
        config["linux"]["namespaces"].push_back({{"type", "user"}});
        const json mapping =
            json::array({{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}});
        config["linux"]["uidMappings"] = mapping;
        config["linux"]["gidMappings"] = mapping;
        config["linux"]["seccomp"] = {
            {"defaultAction", "SCMP_ACT_ERRNO"},
            {"syscalls",
             {{{"names", {"read", "write", "exit_group"}}, {"action", "SCMP_ACT_ALLOW"}},
              {{"names", {"reboot"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
    });
    const security::Report report = security::analyze(spec, {ns("user", false)}, false);
    QCOMPARE(report.blockedSyscalls, int(native.size()) - 3);
    QCOMPARE(report.nativeSyscalls, int(native.size()));
    QVERIFY(report.capabilities == Strings{"CAP_KILL"});
    QVERIFY(report.noNewPrivileges);
    QVERIFY(report.maskedPaths == Strings{"/proc/kcore"});
    QCOMPARE(report.uidMappings.front().hostId, 100000u);
    QVERIFY(report.warnings.empty());
    // A profile whose default allows blocks nothing outright.
    oci::Seccomp allowing;
    allowing.defaultAction = oci::SeccompAction::Allow;
    QCOMPARE(security::blockedSyscallCount(allowing), -1);
}

void TestSecurityReport::jsonCarriesEveryField()
{
    const oci::Spec spec = specWith([](json &config) {
        config["linux"].erase("seccomp");
        config["mounts"].push_back({{"destination", "/data"},
                                    {"type", "bind"},
                                    {"source", "/srv"},
                                    {"options", {"rbind", "ro"}}});
    });
    const json object = json::parse(security::toJson(security::analyze(spec, {}, true)));
    QCOMPARE(object.at("seccomp").get<std::string>(), std::string("unconfined"));
    QCOMPARE(object.at("blockedSyscalls").get<int>(), 0);
    QVERIFY(object.at("nativeSyscalls").get<int>() > 200);
    QCOMPARE(object.at("capabilities").size(), caps::dockerDefaultNames().size());
    QVERIFY(object.at("extraCapabilities").empty());
    QVERIFY(object.at("uidMappings").empty());
    QVERIFY(object.at("noNewPrivileges").get<bool>());
    QVERIFY(object.at("maskedPaths").get<Strings>() == oci::defaultMaskedPaths());
    QCOMPARE(object.at("bindMounts").at(0).at("source").get<std::string>(), std::string("/srv"));
    QVERIFY(object.at("bindMounts").at(0).at("readOnly").get<bool>());
    QVERIFY(object.at("sharedNamespaces").empty());
    QVERIFY(object.at("warnings").get<Strings>() ==
            (Strings{security::kHostRoot, security::kSeccompUnconfined, security::kBindMounts}));
}

QTEST_GUILESS_MAIN(TestSecurityReport)
#include "test_security_report.moc"
