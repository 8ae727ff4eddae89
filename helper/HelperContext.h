// What every exported object of the helper shares: configuration, the bus, polkit, the
// shim watches, the runtime's state root and the image store.
#pragma once

#include "HelperConfig.h"

#include "glassbox/image/image_store.h"
#include "glassbox/state.h"

#include <QDBusConnection>
#include <memory>

class Authorizer;
class ShimMonitor;

struct HelperContext
{
    HelperConfig config;
    QDBusConnection bus{QString()};
    Authorizer *authorizer = nullptr;
    ShimMonitor *monitor = nullptr;
    std::unique_ptr<glassbox::StateStore> runtime;
    std::unique_ptr<glassbox::image::ImageStore> images;
};
