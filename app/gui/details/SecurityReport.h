// What a container may do to its host, derived from Inspect's JSON and GetNamespaces:
// capabilities, seccomp, user namespace mapping, no_new_privs, masked paths, and plain
// warnings. Prefers the OCI config when Inspect carries one ("Spec"); otherwise derives
// what it can from the creation options ("Config") and says which fields are inferred.
#pragma once

#include "DetailsSource.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace glassbox::details {

struct SecurityReport
{
    Q_DECLARE_TR_FUNCTIONS(SecurityReport)

public:
    QStringList capabilities; // effective set, CAP_ names
    bool capabilitiesInferred = false;
    QString seccomp;          // a description of the profile
    int blockedSyscalls = -1; // -1: not known
    QString userMapping;      // "container root = host uid 1000000 (65536 ids)" or ""
    std::optional<bool> noNewPrivileges;
    QStringList maskedPaths;
    bool maskedPathsInferred = false;
    QStringList warnings; // plain sentences
    QStringList notes;    // what could not be determined, and why

    /// `inspect`: Container1.Inspect's object; `namespaces`: GetNamespaces (may be empty
    /// for a stopped container); `privileged`: Container1.Privileged.
    static SecurityReport analyze(const QJsonObject &inspect, const NamespaceList &namespaces,
                                  bool privileged);

    /// Docker's default effective capabilities (the helper's default spec).
    static QStringList defaultCapabilities();
    /// Syscall names of this machine's architecture (libseccomp's table).
    static QStringList nativeSyscalls();
    /// How many of the native syscalls an OCI linux.seccomp object refuses outright (its
    /// default action for every syscall not allowed by a rule; argument filters count as
    /// allowed). -1 when the default action allows.
    static int blockedSyscallCount(const QJsonObject &seccomp);
};

} // namespace glassbox::details
