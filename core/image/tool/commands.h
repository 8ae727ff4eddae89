// The verbs of glassbox-image, one function each over the glassbox-image library.
#pragma once

#include "glassbox/image/image_store.h"

#include <string>
#include <vector>

namespace glassbox::imagetool {

using Args = std::vector<std::string>;

/// Each returns the process exit code and prints its own output; errors go to stderr.
int importCommand(const image::ImageStore &store, const Args &args);
int pullCommand(const image::ImageStore &store, const Args &args);
int loadBusyboxCommand(const image::ImageStore &store, const Args &args);
int listCommand(const image::ImageStore &store, const Args &args);
int inspectCommand(const image::ImageStore &store, const Args &args);
int layersCommand(const image::ImageStore &store, const Args &args);
int tagCommand(const image::ImageStore &store, const Args &args);
int untagCommand(const image::ImageStore &store, const Args &args);
int removeCommand(const image::ImageStore &store, const Args &args);
int createContainerCommand(const image::ImageStore &store, const Args &args);
int removeContainerCommand(const image::ImageStore &store, const Args &args);
int diffCommand(const image::ImageStore &store, const Args &args);

/// Prints "glassbox-image: <error>" and returns 1.
int fail(const Error &error);

} // namespace glassbox::imagetool
