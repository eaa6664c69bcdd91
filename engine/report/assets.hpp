#pragma once
/// @file assets.hpp
/// The JavaScript libraries vendored under engine/report/assets, built into the binary.

#include <string_view>

namespace fibre::report {

/// The bytes of a vendored file ("vega.min.js"), or an empty view when there is none.
std::string_view asset(std::string_view name);

} // namespace fibre::report
