#include "engine/support/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <mutex>
#include <utility>
#include <vector>

namespace fibre {
namespace {

struct DisplayPaths {
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> prefixes; ///< longest first
};

DisplayPaths& display_paths() {
    static DisplayPaths paths;
    return paths;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) {
        return;
    }
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
        text.replace(pos, from.size(), to);
    }
}

} // namespace

void register_display_path(const std::string& gdal_prefix, const std::string& shown) {
    auto& paths = display_paths();
    const std::lock_guard lock(paths.mutex);
    auto& list = paths.prefixes;
    const auto same =
        std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == gdal_prefix; });
    if (same != list.end()) {
        same->second = shown;
        return;
    }
    list.emplace_back(gdal_prefix, shown);
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string display_path(std::string text) {
    if (text.find('/') == std::string::npos) {
        return text;
    }
    {
        auto& paths = display_paths();
        const std::lock_guard lock(paths.mutex);
        for (const auto& [prefix, shown] : paths.prefixes) {
            replace_all(text, prefix, shown);
        }
    }
    for (const char* vsi : {"/vsizip/", "/vsitar/", "/vsigzip/"}) {
        replace_all(text, vsi, "");
    }
    return text;
}

std::string ErrorContext::describe() const {
    std::string out;
    auto add = [&out](const char* what, const std::string& value, bool quoted) {
        if (value.empty()) {
            return;
        }
        if (!out.empty()) {
            out += ", ";
        }
        out += quoted ? fmt::format("{} '{}'", what, value) : fmt::format("{} {}", what, value);
    };
    add("file", file, true);
    add("layer", layer, true);
    add("feature", feature, false);
    add("field", field, true);
    return out;
}

Error::Error(std::string message, ExitCode code, ErrorContext context)
    : std::runtime_error(message), reason_(std::move(message)), code_(code), context_(std::move(context)) {
    rebuild();
}

Error& Error::add_context(const ErrorContext& outer) {
    auto fill = [](std::string& mine, const std::string& theirs) {
        if (mine.empty()) {
            mine = theirs;
        }
    };
    fill(context_.file, outer.file);
    fill(context_.layer, outer.layer);
    fill(context_.feature, outer.feature);
    fill(context_.field, outer.field);
    rebuild();
    return *this;
}

void Error::rebuild() {
    context_.file = display_path(std::move(context_.file));
    reason_ = display_path(std::move(reason_));
    const std::string where = context_.describe();
    static_cast<std::runtime_error&>(*this) =
        std::runtime_error(where.empty() ? reason_ : fmt::format("{}: {}", where, reason_));
}

} // namespace fibre
