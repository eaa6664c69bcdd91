#include "engine/support/scratch.hpp"

#include "engine/support/log.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace fibre::scratch {
namespace fs = std::filesystem;

namespace {

// When this process started, in seconds since 1970 (0 when /proc cannot tell).
long long process_start_time() {
    std::ifstream stat_file("/proc/self/stat");
    std::string stat_line;
    std::getline(stat_file, stat_line);
    const auto close = stat_line.rfind(')');
    if (close == std::string::npos) {
        return 0;
    }
    std::istringstream fields(stat_line.substr(close + 1));
    std::string field;
    unsigned long long start_ticks = 0;
    // Fields from the 3rd (state) on; the start time is the 22nd.
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) {
            start_ticks = std::strtoull(field.c_str(), nullptr, 10);
        }
    }
    std::ifstream proc_stat("/proc/stat");
    long long boot = 0;
    for (std::string line; std::getline(proc_stat, line);) {
        if (line.rfind("btime ", 0) == 0) {
            boot = std::atoll(line.c_str() + 6);
        }
    }
    const long ticks = ::sysconf(_SC_CLK_TCK);
    if (boot == 0 || start_ticks == 0 || ticks <= 0) {
        return 0;
    }
    return boot + static_cast<long long>(start_ticks / static_cast<unsigned long long>(ticks));
}

long long mtime_of(const fs::path& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 ? static_cast<long long>(st.st_mtime) : -1;
}

long parse_pid(const std::string& digits) {
    if (digits.empty() || digits.size() > 9) {
        return 0;
    }
    return std::strtol(digits.c_str(), nullptr, 10);
}

bool is_leftover(const fs::path& p, long pid) {
    const long long mtime = mtime_of(p);
    return mtime >= 0 && made_by_a_gone_process(pid, mtime);
}

} // namespace

fs::path temp_path(const fs::path& folder, std::string_view purpose, int n) {
    return folder / fmt::format("fibre-{}-{}-{}", purpose, ::getpid(), n);
}

fs::path creating_path(const fs::path& final_path) {
    fs::path p = final_path;
    p += fmt::format(".creating-{}", ::getpid());
    return p;
}

bool process_runs(long pid) noexcept {
    if (pid < 1) {
        return false;
    }
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

bool made_by_a_gone_process(long pid, long long mtime) noexcept {
    if (pid < 1) {
        return false;
    }
    if (pid == static_cast<long>(::getpid())) {
        static const long long started = process_start_time();
        // A second of slack: the start time is rounded down to the second.
        return started > 0 && mtime < started - 1;
    }
    return !process_runs(pid);
}

namespace {

// Removes the entries of @p folder whose name matches @p pattern (its second group the
// process id) and whose process is gone; folders too when @p with_folders.
std::vector<fs::path> remove_gone(const fs::path& folder, const std::regex& pattern, bool with_folders) {
    std::vector<fs::path> removed;
    if (folder.empty()) {
        return removed;
    }
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (!with_folders && !it->is_regular_file(type_ec)) {
            continue;
        }
        const std::string name = it->path().filename().string();
        std::smatch m;
        if (!std::regex_match(name, m, pattern) || !is_leftover(it->path(), parse_pid(m[2].str()))) {
            continue;
        }
        std::error_code remove_ec;
        if (fs::remove_all(it->path(), remove_ec) > 0 && !remove_ec) {
            removed.push_back(it->path());
        }
    }
    return removed;
}

} // namespace

std::vector<fs::path> remove_leftovers_beside(const fs::path& store) {
    // <name>.creating-<pid> or <name>.part-<pid>, then nothing, an extension (.gpkg) or what a
    // library adds (-wal, -journal, _temp.fgb).
    static const std::regex leftover(R"(^.+\.(creating|part)-([0-9]{1,9})([.\-_].*)?$)");
    return remove_gone(store.has_parent_path() ? store.parent_path() : fs::path("."), leftover, false);
}

std::vector<fs::path> remove_temp_leftovers(const fs::path& folder) {
    static const std::regex leftover(R"(^fibre-(import|sheet)-([0-9]{1,9})-.*$)");
    return remove_gone(folder, leftover, true);
}

fs::path temp_folder() {
    std::error_code ec;
    fs::path p = fs::temp_directory_path(ec);
    return ec ? fs::path() : p;
}

fs::path scratch_folder() {
    static std::once_flag cleaned;
    const fs::path folder = temp_folder();
    std::call_once(cleaned, [&] {
        for (const auto& removed : remove_temp_leftovers(folder)) {
            log::debug("removed {}, left by a fibre that is gone", removed.string());
        }
    });
    return folder;
}

} // namespace fibre::scratch
