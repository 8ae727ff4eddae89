// Reference grammar of the distribution project (reference/regexp.go), normalized like
// Docker's ParseNormalizedNamed.
#include "glassbox/image/reference.h"

#include "glassbox/image/digest.h"

#include <regex>

namespace glassbox::image {

namespace {

constexpr std::string_view kDockerHub = "docker.io";

bool isPathComponent(const std::string &component)
{
    static const std::regex pattern("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
    return std::regex_match(component, pattern);
}

bool isTag(const std::string &tag)
{
    static const std::regex pattern("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    return std::regex_match(tag, pattern);
}

bool isDomain(const std::string &domain)
{
    static const std::regex pattern(
        "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
        "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?");
    return std::regex_match(domain, pattern);
}

} // namespace

std::string Reference::name() const
{
    return domain + "/" + path;
}

std::string Reference::toString() const
{
    std::string text = name();
    if (!tag.empty())
        text += ":" + tag;
    if (!digest.empty())
        text += "@" + digest;
    return text;
}

std::string Reference::familiar() const
{
    std::string shortName = name();
    if (domain == kDockerHub) {
        shortName = path;
        if (shortName.starts_with("library/") && shortName.find('/', 8) == std::string::npos)
            shortName = shortName.substr(8);
    }
    if (!tag.empty())
        shortName += ":" + tag;
    if (!digest.empty())
        shortName += "@" + digest;
    return shortName;
}

Result<Reference> parseReference(std::string_view text)
{
    const std::string original(text);
    auto invalid = [&](const std::string &why) {
        return makeError(EINVAL, "invalid image reference " + quoted(original) + ": " + why);
    };
    if (text.empty())
        return invalid("empty");
    if (text.size() > 4096)
        return invalid("longer than 4096 bytes");

    Reference ref;
    std::string rest(text);
    if (auto at = rest.find('@'); at != std::string::npos) {
        ref.digest = rest.substr(at + 1);
        rest.resize(at);
        if (auto valid = validateDigest(ref.digest); !valid)
            return invalid(valid.error().message);
    }
    // A tag is after the last ':' that comes after the last '/' (a registry port is not).
    auto slash = rest.rfind('/');
    auto colon = rest.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        ref.tag = rest.substr(colon + 1);
        rest.resize(colon);
        if (!isTag(ref.tag))
            return invalid("bad tag " + quoted(ref.tag));
    }

    auto firstSlash = rest.find('/');
    std::string first = rest.substr(0, firstSlash);
    if (firstSlash != std::string::npos &&
        (first.find_first_of(".:") != std::string::npos || first == "localhost")) {
        ref.domain = first;
        ref.path = rest.substr(firstSlash + 1);
        if (!isDomain(ref.domain))
            return invalid("bad registry " + quoted(ref.domain));
    } else {
        ref.domain = kDockerHub;
        ref.path = rest;
    }
    if (ref.domain == "index.docker.io")
        ref.domain = kDockerHub;
    if (ref.domain == kDockerHub && ref.path.find('/') == std::string::npos)
        ref.path = "library/" + ref.path;

    size_t start = 0;
    while (start <= ref.path.size()) {
        size_t end = ref.path.find('/', start);
        if (end == std::string::npos)
            end = ref.path.size();
        std::string component = ref.path.substr(start, end - start);
        if (!isPathComponent(component)) {
            for (char c : component)
                if (c >= 'A' && c <= 'Z')
                    return invalid("repository name must be lowercase");
            return invalid("bad repository component " + quoted(component));
        }
        start = end + 1;
    }
    if (ref.name().size() > 255)
        return invalid("repository name longer than 255 bytes");
    if (ref.tag.empty() && ref.digest.empty())
        ref.tag = "latest";
    return ref;
}

} // namespace glassbox::image
