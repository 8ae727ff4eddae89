// /proc/self/mountinfo (see glassbox/mountinfo.h).
#include "glassbox/mountinfo.h"

#include "glassbox/file_io.h"

namespace glassbox {

std::string unescapeMountinfoField(std::string_view field)
{
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        const auto octal = [&](size_t at) {
            return field[at] >= '0' && field[at] <= '7';
        };
        if (field[i] == '\\' && i + 3 < field.size() && octal(i + 1) && octal(i + 2) &&
            octal(i + 3)) {
            out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                     (field[i + 3] - '0'));
            i += 3;
        } else {
            out += field[i];
        }
    }
    return out;
}

std::vector<std::string> mountPoints()
{
    std::vector<std::string> points;
    auto info = readFile("/proc/self/mountinfo");
    if (!info)
        return points;
    size_t start = 0;
    while (start < info->size()) {
        size_t end = info->find('\n', start);
        if (end == std::string::npos)
            end = info->size();
        const std::string_view line = std::string_view(*info).substr(start, end - start);
        start = end + 1;
        // Skip the first four fields (mount ID, parent ID, major:minor, root).
        size_t pos = 0;
        for (int field = 0; field < 4 && pos != std::string_view::npos; ++field)
            pos = line.find(' ', pos + 1);
        if (pos == std::string_view::npos)
            continue;
        const size_t stop = line.find(' ', pos + 1);
        points.push_back(unescapeMountinfoField(line.substr(pos + 1, stop - pos - 1)));
    }
    return points;
}

} // namespace glassbox
