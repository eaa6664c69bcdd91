#pragma once
/// @file test_support.hpp
/// What tests share: a temporary folder that cleans itself up, running the fibre binary
/// and capturing its output, and the location of the shared real samples.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fibre::testing {

/// A fresh folder under the system temp dir, removed with everything in it at destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// What a run of the fibre binary gave.
struct RunResult {
    int exit_code = -1;
    std::string out; ///< stdout
    std::string err; ///< stderr
};

/// Runs the fibre binary built with the tests, with @p args, in @p cwd (default: the
/// current folder), with FIBRE_DB unset. Does not go through a shell.
RunResult run_fibre(const std::vector<std::string>& args, const std::filesystem::path& cwd = {});

/// Runs @p argv (argv[0] a path, or a name looked up in $PATH) as run_fibre() runs fibre: no
/// shell, FIBRE_DB unset, stdout and stderr captured. For tests that run fibre under
/// `unshare` or `sh -c`; fibre_binary() gives the path of the fibre binary.
RunResult run_program(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {});

/// The fibre binary built with the tests.
std::filesystem::path fibre_binary();

/// The rows of a CSV file separated by @p sep, header and blank lines left out. A field may be
/// quoted with '"' (no doubled quotes inside); a line ending with a separator has an empty last
/// cell; a byte-order mark is dropped. @throws std::runtime_error when unreadable.
std::vector<std::vector<std::string>> read_csv_rows(const std::filesystem::path& path, char sep = ',');

/// The rows of a CSV file as maps from its header's names to their values (as read_csv_rows).
std::vector<std::map<std::string, std::string>> read_csv_records(const std::filesystem::path& path,
                                                                 char sep = ',');

/// The shared real samples (../shared/data beside the repository), or an empty path
/// when that folder is absent. Tests that need it call GTEST_SKIP() with a message then.
std::filesystem::path shared_data_dir();

/// The repository's root folder.
std::filesystem::path source_dir();

/// Reads a whole file. Fails the test (throws) when it cannot.
std::string read_file(const std::filesystem::path& path);

/// Skips the current test, with a clear message, when the shared samples are absent.
#define FIBRE_REQUIRE_SHARED_DATA()                                                                          \
    do {                                                                                                     \
        if (::fibre::testing::shared_data_dir().empty()) {                                                   \
            GTEST_SKIP() << "../shared/data is absent: the real-sample checks are skipped";                  \
        }                                                                                                    \
    } while (false)

} // namespace fibre::testing
