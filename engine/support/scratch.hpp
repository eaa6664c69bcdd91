#pragma once
/// @file scratch.hpp
/// Scratch files and folders, and the cleaning of those a killed fibre left behind. Every
/// scratch name carries the id of the process that made it (`fibre-import-<pid>-0` in the
/// system temp folder, `<store>.creating-<pid>` and `<file>.part-<pid>` beside their final
/// place), so that the next run can tell a leftover from the work of a fibre still running.

#include <filesystem>
#include <string_view>
#include <vector>

namespace fibre::scratch {

/// `<folder>/fibre-<purpose>-<pid>-<n>`: a scratch file or folder of this process in
/// @p folder (the system temp folder, as a rule), which remove_temp_leftovers() removes once
/// this process is gone. @p purpose is one word: "import", "sheet".
std::filesystem::path temp_path(const std::filesystem::path& folder, std::string_view purpose, int n);

/// `<final>.creating-<pid>`: where a file that takes long to build (a store) is built.
std::filesystem::path creating_path(const std::filesystem::path& final_path);

/// Whether a process with this id runs: kill(pid, 0) answers anything but ESRCH (a process
/// of another user answers EPERM, and runs). False for ids below 1.
bool process_runs(long pid) noexcept;

/// Whether a leftover named with @p pid and last changed at @p mtime (seconds since 1970) is
/// one of a process that is gone: the process does not run, or the id is this process's own
/// and the leftover is older than this process (an earlier process had the same id).
bool made_by_a_gone_process(long pid, long long mtime) noexcept;

/// Removes, from the folder of @p store, the files named `*.creating-<pid>*` and
/// `*.part-<pid>*` (with what SQLite and GDAL made beside them: `-wal`, `-journal`...) whose
/// process is gone. Best effort: what cannot be removed stays. @return the paths removed.
std::vector<std::filesystem::path> remove_leftovers_beside(const std::filesystem::path& store);

/// Removes, from @p folder, the `fibre-import-<pid>-*` and `fibre-sheet-<pid>-*` files and
/// folders whose process is gone. Best effort. @return the paths removed.
std::vector<std::filesystem::path> remove_temp_leftovers(const std::filesystem::path& folder);

/// The system temp folder ($TMPDIR, else /tmp), or an empty path when there is none.
std::filesystem::path temp_folder();

/// temp_folder(), where scratch files are made; the first call in a process removes from it
/// the leftovers of fibres that are gone (remove_temp_leftovers), so only the commands that
/// make scratch files pay for that scan.
std::filesystem::path scratch_folder();

} // namespace fibre::scratch
