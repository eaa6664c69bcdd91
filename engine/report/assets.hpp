#pragma once
/// @file assets.hpp
/// The report's stylesheet and script and the JavaScript libraries vendored under
/// engine/report/assets, built into the binary.

#include <string_view>

namespace fibre::report {

/// The bytes of an asset ("report.css", "vega.min.js"), or an empty view when there is none.
std::string_view asset(std::string_view name);

} // namespace fibre::report
