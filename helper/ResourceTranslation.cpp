// Limits into OCI resources, the record and the bundle (see ResourceTranslation.h).
#include "ResourceTranslation.h"

#include "BundleConfig.h"
#include "HelperContext.h"

#include "glassbox/image/container_rootfs.h"

namespace glassbox::helper::ResourceTranslation {

glassbox::oci::Resources toResources(const ContainerLimits &limits)
{
    glassbox::oci::Resources resources;
    if (limits.memoryLimit) {
        resources.memory = glassbox::oci::MemoryResources{};
        resources.memory->limit = qint64(*limits.memoryLimit);
    }
    if (limits.cpuQuota || limits.cpuPeriod) {
        resources.cpu = glassbox::oci::CpuResources{};
        if (limits.cpuQuota)
            resources.cpu->quota = *limits.cpuQuota;
        if (limits.cpuPeriod)
            resources.cpu->period = *limits.cpuPeriod;
    }
    if (limits.pidsLimit)
        resources.pids = glassbox::oci::PidsResources{*limits.pidsLimit};
    return resources;
}

HelperResult<ContainerRecord> saveLimits(const HelperContext &context, ContainerRecord record,
                                         const ContainerLimits &limits)
{
    ContainerLimits &current = record.options.limits;
    if (limits.memoryLimit)
        current.memoryLimit = limits.memoryLimit;
    if (limits.cpuQuota)
        current.cpuQuota = limits.cpuQuota;
    if (limits.cpuPeriod)
        current.cpuPeriod = limits.cpuPeriod;
    if (limits.pidsLimit)
        current.pidsLimit = limits.pidsLimit;
    QString error;
    if (!record.save(context.config.stateDir, &error))
        return tl::unexpected(HelperError::failed(error));
    // The bundle is updated when there is one to update.
    auto bundle = glassbox::image::containerRootfs(*context.images, record.id.toStdString());
    if (bundle)
        if (auto updated =
                BundleConfig::updateLimits(QString::fromStdString(bundle->bundle), limits);
            !updated)
            return tl::unexpected(updated.error());
    return record;
}

} // namespace glassbox::helper::ResourceTranslation
