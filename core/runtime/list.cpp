// `glassbox-runtime list [--format table|json] [--quiet]`
#include "cli.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace glassbox::cli {

int list(const Globals &globals, const std::vector<std::string> &argv)
{
    auto args = Arguments::parse("list", argv, {{"format", 'f', true}, {"quiet", 'q', false}});
    if (!args)
        return fail(globals, args.error());
    const std::string format = args->value("format", "table");
    if (format != "table" && format != "json")
        return fail(globals, {EINVAL, "--format: expected table or json, not " + quoted(format)});
    StateStore store(globals.root);
    auto ids = store.list();
    if (!ids)
        return fail(globals, ids.error());
    std::vector<ContainerInfo> infos;
    for (const auto &id : *ids) {
        auto info = containerInfo(store, id);
        if (info) // a container deleted meanwhile is simply not listed
            infos.push_back(std::move(*info));
    }
    if (args->has("quiet")) {
        for (const auto &info : infos)
            std::printf("%s\n", info.state.id.c_str());
        return 0;
    }
    if (format == "json") {
        nlohmann::json array = nlohmann::json::array();
        for (const auto &info : infos)
            array.push_back(nlohmann::json::parse(info.state.toPublicJson(info.status)));
        std::printf("%s\n", array.dump().c_str());
        return 0;
    }
    size_t idWidth = 2;
    for (const auto &info : infos)
        idWidth = std::max(idWidth, info.state.id.size());
    std::printf("%-*s  %-7s  %-8s  %-40s  %-30s  %s\n", static_cast<int>(idWidth), "ID", "PID",
                "STATUS", "BUNDLE", "CREATED", "OWNER");
    for (const auto &info : infos) {
        const bool stopped = info.status == ContainerStatus::Stopped;
        std::printf("%-*s  %-7d  %-8s  %-40s  %-30s  %s\n", static_cast<int>(idWidth),
                    info.state.id.c_str(), stopped ? 0 : info.state.pid, statusName(info.status),
                    info.state.bundle.c_str(), info.state.created.c_str(),
                    info.state.owner.empty() ? "root" : info.state.owner.c_str());
    }
    return 0;
}

} // namespace glassbox::cli
