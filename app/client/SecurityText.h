// Container1.GetSecurityReport's JSON (the core's analysis, glassbox/security_report.h) as
// text for a person: the one place its sentences are written, for the desktop application's
// Security tab and `glassboxctl inspect --security`.
#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace glassbox::client {

class SecurityText
{
    Q_DECLARE_TR_FUNCTIONS(SecurityText)

public:
    /// The report's rows, in the order both clients show them.
    enum class Row { Capabilities, Seccomp, UserNamespace, NoNewPrivileges, MaskedPaths };
    static constexpr Row kRows[] = {Row::Capabilities, Row::Seccomp, Row::UserNamespace,
                                    Row::NoNewPrivileges, Row::MaskedPaths};

    /// "Effective capabilities:", ...
    [[nodiscard]] static QString label(Row row);
    /// The row's value in one line ("CAP_CHOWN, CAP_KILL", "Docker's default profile; blocks
    /// 60 of this machine's 373 system calls", ...).
    [[nodiscard]] static QString value(Row row, const QJsonObject &report);
    /// One sentence per warning the report names, in its order.
    [[nodiscard]] static QStringList warnings(const QJsonObject &report);
    /// What introduces the warnings.
    [[nodiscard]] static QString warningsHeading();
    /// The whole report as lines: "label value" per row, then the warnings as a list.
    [[nodiscard]] static QString text(const QJsonObject &report);
};

} // namespace glassbox::client
