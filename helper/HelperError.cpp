// Typed helper errors (see HelperError.h).
#include "HelperError.h"

#include "glassbox/error.h"

namespace glassbox::helper {

HelperError HelperError::fromCore(const glassbox::Error &error)
{
    return failed(QString::fromStdString(error.text()));
}

} // namespace glassbox::helper
