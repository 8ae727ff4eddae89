// The work of a PullImage job: the image library's pull on the job's thread, its events
// turned into the job's Progress and Layers, and its undo when Cancel came too late.
#pragma once

#include "Job.h"

#include "glassbox/image/pull.h"

#include <QString>
#include <optional>

namespace glassbox::helper {

struct HelperContext;

/// What PullImage's options hold, checked before polkit is asked. Errors name the option.
struct PullRequest
{
    QString reference;
    std::optional<glassbox::image::Credentials> credentials;
};
[[nodiscard]] bool parsePullOptions(const QString &reference, const QVariantMap &options,
                                    PullRequest *request, QString *error);

/// The job's work and its undo, for a pull that finished as Cancel came: the reference is put
/// back where it pointed before and an image the pull added is removed, on the store's queue;
/// `done` runs on the helper's thread afterwards.
struct PullJob
{
    Job::Work work;
    std::function<void(const QString &imageId, std::function<void()> done)> undo;
};
[[nodiscard]] PullJob makePullJob(HelperContext *context, PullRequest request);

} // namespace glassbox::helper
