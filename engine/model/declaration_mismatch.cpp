#include "engine/model/declaration_mismatch.hpp"

#include <array>
#include <cstddef>
#include <string_view>

namespace fibre::model {
namespace {

constexpr std::array<const char*, 5> kind_names{"declared_not_fed", "fed_declared_undeployed",
                                                "commercial_before_network", "line_without_premise",
                                                "fed_without_line"};
constexpr std::array<const char*, 12> cause_names{"none",
                                                  "no_pbo",
                                                  "no_cable_from_box",
                                                  "pbo_not_in_service",
                                                  "cable_not_in_service",
                                                  "path_not_in_service",
                                                  "box_not_in_service",
                                                  "pm_not_in_service",
                                                  "nro_not_in_service",
                                                  "no_pm_on_path",
                                                  "pm_not_reachable",
                                                  "not_connected"};

} // namespace

const char* to_string(MismatchKind kind) {
    return kind_names[static_cast<std::size_t>(kind)];
}

bool mismatch_kind_from_string(const std::string& text, MismatchKind& kind) {
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        if (text == kind_names[i]) {
            kind = static_cast<MismatchKind>(i);
            return true;
        }
    }
    return false;
}

const char* to_string(FeedCause cause) {
    return cause_names[static_cast<std::size_t>(cause)];
}

FeedCause feed_cause_from_string(const std::string& text) {
    for (std::size_t i = 0; i < cause_names.size(); ++i) {
        if (text == cause_names[i]) {
            return static_cast<FeedCause>(i);
        }
    }
    return FeedCause::none;
}

} // namespace fibre::model
