#include "engine/support/error.hpp"

#include <fmt/format.h>

namespace fibre {

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
    const std::string where = context_.describe();
    static_cast<std::runtime_error&>(*this) =
        std::runtime_error(where.empty() ? reason_ : fmt::format("{}: {}", where, reason_));
}

} // namespace fibre
