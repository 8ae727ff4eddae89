// The contract's names in one place: bus name, object paths, interfaces, error names,
// polkit action ids and CreateContainer's option keys (systemd's bus-common-errors.h
// pattern). Product code (helper/, app/, bench/) spells them only through this header;
// the tests keep the literal strings, so that a typo here cannot pass unnoticed.
#pragma once

#include <QLatin1String>
#include <QString>
#include <QStringView>

#include <optional>

namespace glassbox::api {

inline constexpr QLatin1String kService{"org.glassbox.Manager1"};
inline constexpr QLatin1String kManagerPath{"/org/glassbox/Manager1"};
inline constexpr QLatin1String kManagerInterface{"org.glassbox.Manager1"};
inline constexpr QLatin1String kContainerInterface{"org.glassbox.Container1"};
inline constexpr QLatin1String kImageInterface{"org.glassbox.Image1"};
inline constexpr QLatin1String kJobInterface{"org.glassbox.Job1"};
inline constexpr QLatin1String kPropertiesInterface{"org.freedesktop.DBus.Properties"};
inline constexpr QLatin1String kObjectManagerInterface{"org.freedesktop.DBus.ObjectManager"};

/// The helper's D-Bus errors (org.glassbox.Error.*).
namespace error {
inline constexpr QLatin1String kNotAuthorized{"org.glassbox.Error.NotAuthorized"};
inline constexpr QLatin1String kInvalidArgument{"org.glassbox.Error.InvalidArgument"};
inline constexpr QLatin1String kNotFound{"org.glassbox.Error.NotFound"};
inline constexpr QLatin1String kBusy{"org.glassbox.Error.Busy"};
inline constexpr QLatin1String kFailed{"org.glassbox.Error.Failed"};
} // namespace error

enum class ErrorKind { NotAuthorized, InvalidArgument, NotFound, Busy, Failed };
[[nodiscard]] QString errorName(ErrorKind kind);
/// The kind of a helper error name; nullopt for any other name (the bus's own, Qt's).
[[nodiscard]] std::optional<ErrorKind> errorKind(QStringView name);

/// The polkit actions (resources/polkit/org.glassbox.policy).
namespace action {
inline constexpr QLatin1String kView{"org.glassbox.view"};
inline constexpr QLatin1String kManage{"org.glassbox.container.manage"};
inline constexpr QLatin1String kPrivileged{"org.glassbox.container.privileged"};
inline constexpr QLatin1String kImages{"org.glassbox.images"};
inline constexpr QLatin1String kCancelOthers{"org.glassbox.jobs.cancel-others"};
inline constexpr QLatin1String kNetworks{"org.glassbox.networks"};
} // namespace action

/// CreateContainer's a{sv} keys; Update takes the four limits.
namespace option {
inline constexpr QLatin1String kCommand{"Command"};
inline constexpr QLatin1String kEnv{"Env"};
inline constexpr QLatin1String kWorkingDir{"WorkingDir"};
inline constexpr QLatin1String kUser{"User"};
inline constexpr QLatin1String kHostname{"Hostname"};
inline constexpr QLatin1String kMemoryLimit{"MemoryLimit"};
inline constexpr QLatin1String kCpuQuota{"CpuQuota"};
inline constexpr QLatin1String kCpuPeriod{"CpuPeriod"};
inline constexpr QLatin1String kPidsLimit{"PidsLimit"};
inline constexpr QLatin1String kReadOnly{"ReadOnly"};
inline constexpr QLatin1String kUserNamespace{"UserNamespace"};
inline constexpr QLatin1String kCapAdd{"CapAdd"};
inline constexpr QLatin1String kCapDrop{"CapDrop"};
inline constexpr QLatin1String kSeccomp{"Seccomp"};
inline constexpr QLatin1String kBindMounts{"BindMounts"};
inline constexpr QLatin1String kNetwork{"Network"};
inline constexpr QLatin1String kPorts{"Ports"};
inline constexpr QLatin1String kPublishAll{"PublishAll"};
} // namespace option

/// CreateNetwork's a{sv} keys.
namespace networkOption {
inline constexpr QLatin1String kSubnet{"Subnet"};
inline constexpr QLatin1String kGateway{"Gateway"};
inline constexpr QLatin1String kInternal{"Internal"};
inline constexpr QLatin1String kDns{"DNS"};
inline constexpr QLatin1String kIpv6{"IPv6"};
inline constexpr QLatin1String kSubnet6{"Subnet6"};
inline constexpr QLatin1String kGateway6{"Gateway6"};
} // namespace networkOption

// The helper's object-path rule, written once so that a client can name an object it has
// not listed yet (a container it just created, the one `glassbox --show` asks for).
/// kManagerPath + "/container/" + id.
[[nodiscard]] QString containerPath(QStringView id);
/// kManagerPath + "/image/" + the first 16 hex digits of the id ("sha256:" dropped).
[[nodiscard]] QString imagePath(QStringView imageId);
/// kManagerPath + "/job/" + number.
[[nodiscard]] QString jobPath(quint64 number);
/// The last segment of an object path: a container's id, an image's short id, a job's number.
[[nodiscard]] QString idFromPath(QStringView path);

} // namespace glassbox::api
