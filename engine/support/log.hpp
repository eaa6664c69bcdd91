#pragma once
/// @file log.hpp
/// Messages for the user, on stderr. Results never go through here: they go to stdout.

#include <fmt/format.h>
#include <string_view>

namespace fibre::log {

enum class Level { debug = 0, info = 1, warning = 2, error = 3, quiet = 4 };

/// Messages below this level are dropped. Default: info.
void set_level(Level level) noexcept;
[[nodiscard]] Level level() noexcept;

/// Writes one line to stderr, prefixed with the level for warnings and errors.
void write(Level level, std::string_view message);

template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
    if (level() <= Level::debug) {
        write(Level::debug, fmt::format(f, std::forward<Args>(args)...));
    }
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
    if (level() <= Level::info) {
        write(Level::info, fmt::format(f, std::forward<Args>(args)...));
    }
}
template <typename... Args>
void warning(fmt::format_string<Args...> f, Args&&... args) {
    if (level() <= Level::warning) {
        write(Level::warning, fmt::format(f, std::forward<Args>(args)...));
    }
}
template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) {
    write(Level::error, fmt::format(f, std::forward<Args>(args)...));
}

/// Routes GDAL's CPLError messages into this log (debug messages at debug level,
/// warnings as warnings). Call once, early in main; safe to call again.
void capture_gdal_messages();

} // namespace fibre::log
