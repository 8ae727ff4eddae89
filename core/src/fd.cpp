// UniqueFd: the RAII owner of every descriptor the core opens.
#include "glassbox/fd.h"

#include <unistd.h>

namespace glassbox {

void UniqueFd::reset(int fd)
{
    if (m_fd >= 0)
        ::close(m_fd); // close(2) always releases the descriptor, even on EINTR
    m_fd = fd;
}

} // namespace glassbox
