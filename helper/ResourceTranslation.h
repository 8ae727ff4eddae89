// A container's limits (Container1.Update, the record's ContainerLimits) as the runtime and
// the bundle take them: the OCI resources of a running container's cgroups, and the record
// and config.json that its next start reads.
#pragma once

#include "ContainerRecord.h"
#include "HelperError.h"

#include "glassbox/oci/spec.h"

namespace glassbox::helper {

struct HelperContext;

namespace ResourceTranslation {

/// The OCI resources that set the limits `limits` names (the others are left out, so that
/// the runtime keeps them).
[[nodiscard]] glassbox::oci::Resources toResources(const ContainerLimits &limits);

/// `record` with the limits `limits` names replaced, saved in the state directory and written
/// into the container's bundle; the saved record.
[[nodiscard]] HelperResult<ContainerRecord>
saveLimits(const HelperContext &context, ContainerRecord record, const ContainerLimits &limits);

} // namespace ResourceTranslation

} // namespace glassbox::helper
