// glassboxctl's verbs: one function each, grouped by what they act on. Each returns the
// process's exit code and has printed its output and errors ("Error: ..." on stderr).
#pragma once

#include "BlockingClient.h"
#include "CommandLine.h"

#include <functional>

namespace glassbox::ctl {

using client::BlockingClient;

/// Runs the verb of `invocation`.
int runCommand(BlockingClient &client, const Invocation &invocation);

// Shared by the verb files. Everything written to a terminal goes through terminalSafe()
// (Tables.h): a container's names, command lines and output cannot drive the user's terminal.
// Pipes and files get the bytes as they are.
/// `bytes` as they should be written to `fd`: escaped when it is a terminal.
QByteArray forOutput(int fd, const QByteArray &bytes);
void printOut(const QString &text);
/// Prints "Error: message" to stderr and returns kExitError.
int fail(const QString &message);
/// Microseconds since the epoch, now.
quint64 nowMicroseconds();
/// Prints the log behind `fd` from its current offset (stdout records to stdout, stderr
/// records to stderr, with their times if `timestamps`), following it (inotify) while
/// `running()` says so.
void followLog(int fd, const std::function<bool()> &running, bool timestamps);
/// Prints GetLogs' text: stdout records to stdout, stderr records to stderr.
void printLog(const QString &text, bool timestamps);

int cmdPs(BlockingClient &client, const Invocation &invocation);
int cmdLifecycle(BlockingClient &client,
                 const Invocation &invocation); // start stop restart kill rm pause resume
int cmdCreate(BlockingClient &client, const Invocation &invocation);
int cmdRun(BlockingClient &client, const Invocation &invocation);
int cmdExec(BlockingClient &client, const Invocation &invocation);
int cmdLogs(BlockingClient &client, const Invocation &invocation);
int cmdInspect(BlockingClient &client, const Invocation &invocation);
int cmdStats(BlockingClient &client, const Invocation &invocation);
int cmdTop(BlockingClient &client, const Invocation &invocation);
int cmdNamespaces(BlockingClient &client, const Invocation &invocation);
int cmdLayers(BlockingClient &client, const Invocation &invocation);
int cmdDiff(BlockingClient &client, const Invocation &invocation);
int cmdImages(BlockingClient &client, const Invocation &invocation);
int cmdImport(BlockingClient &client, const Invocation &invocation);
int cmdPull(BlockingClient &client, const Invocation &invocation);
int cmdLogin(BlockingClient &client, const Invocation &invocation);
int cmdLogout(BlockingClient &client, const Invocation &invocation);
int cmdSearch(BlockingClient &client, const Invocation &invocation);
/// PullImage with the user's stored credentials for `reference`, progress lines on stderr
/// unless `quiet` (Ctrl-C cancels the job); the image id, or false with `error`.
bool pullThroughHelper(BlockingClient &client, const QString &reference, bool quiet, QString *id,
                       QString *error);
int cmdRmi(BlockingClient &client, const Invocation &invocation);
int cmdTag(BlockingClient &client, const Invocation &invocation);
int cmdPort(BlockingClient &client, const Invocation &invocation);
int cmdNetworkCreate(BlockingClient &client, const Invocation &invocation);
int cmdNetworkLs(BlockingClient &client, const Invocation &invocation);
int cmdNetworkInspect(BlockingClient &client, const Invocation &invocation);
int cmdNetworkRm(BlockingClient &client, const Invocation &invocation);

} // namespace glassbox::ctl
