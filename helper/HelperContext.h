// What every exported object of the helper shares: configuration, the bus, polkit, the
// shim watches, the runtime's state root and the image store.
#pragma once

#include "HelperConfig.h"

#include "glassbox/image/image_store.h"
#include "glassbox/network.h"
#include "glassbox/state.h"

#include <QDBusConnection>
#include <memory>

namespace glassbox::helper {

class Authorizer;
class ImageAnalyses;
class ShimMonitor;
class Workers;

struct HelperContext
{
    HelperConfig config;
    QDBusConnection bus{QString()};
    Authorizer *authorizer = nullptr;
    ShimMonitor *monitor = nullptr;
    /// Threads for blocking and long work, and the store's queue (see Workers.h).
    Workers *workers = nullptr;
    ImageAnalyses *analyses = nullptr;
    std::unique_ptr<glassbox::StateStore> runtime;
    std::unique_ptr<glassbox::image::ImageStore> images;
    /// Networks and the containers' attachments; thread-safe (its own locks), so container
    /// queues attach and detach concurrently.
    std::unique_ptr<glassbox::net::NetworkStore> networks;
};

} // namespace glassbox::helper
