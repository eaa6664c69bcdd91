#pragma once
// Headless Chromium for the report tests: where it is, and a run with a fresh profile.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace fibre::testing {

/// The Chromium binary, or an empty string where it is not installed.
inline std::string chromium() {
    for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
        if (std::filesystem::exists(c)) {
            return c;
        }
    }
    return {};
}

/// Runs headless Chromium with @p args (a page and what to make of it), giving scripts 15 s
/// of virtual time. @return the exit status.
inline int run_chromium(const std::string& args, const std::filesystem::path& profile) {
    const std::string cmd = chromium() +
                            " --headless --no-sandbox --disable-gpu --disable-background-networking "
                            "--disable-component-update --disable-sync --no-first-run --hide-scrollbars "
                            "--user-data-dir=" +
                            profile.string() + " --virtual-time-budget=15000 " + args + " 2>/dev/null";
    return std::system(cmd.c_str());
}

} // namespace fibre::testing
