#include "engine/support/log.hpp"

#include <atomic>
#include <cpl_error.h>
#include <cstdio>
#include <mutex>

namespace fibre::log {
namespace {

std::atomic<Level> current_level{Level::info};
std::mutex write_mutex;

void CPL_STDCALL gdal_handler(CPLErr severity, CPLErrorNum number, const char* message) {
    switch (severity) {
    case CE_Debug:
        debug("GDAL: {}", message ? message : "");
        break;
    case CE_Warning:
        warning("GDAL: {}", message ? message : "");
        break;
    case CE_Failure:
    case CE_Fatal:
        // Failures are also returned to the caller, which turns them into a typed
        // error with context; they are only logged here at debug level.
        debug("GDAL error {}: {}", number, message ? message : "");
        break;
    default:
        break;
    }
}

} // namespace

void set_level(Level level) noexcept {
    current_level = level;
}

Level level() noexcept {
    return current_level;
}

void write(Level level, std::string_view message) {
    if (level < current_level.load() && level != Level::error) {
        return;
    }
    const std::lock_guard lock(write_mutex);
    const char* prefix = level == Level::warning ? "warning: " : level == Level::error ? "error: " : "";
    std::fprintf(stderr, "%s%.*s\n", prefix, static_cast<int>(message.size()), message.data());
}

void capture_gdal_messages() {
    CPLSetErrorHandler(gdal_handler);
}

} // namespace fibre::log
