#include "tests/support/test_support.hpp"

#include <array>
#include <atomic>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace fibre::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("fibre-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {

std::string drain(int fd) {
    std::string out;
    std::array<char, 65536> buf{};
    ssize_t n = 0;
    while ((n = ::read(fd, buf.data(), buf.size())) > 0) {
        out.append(buf.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

} // namespace

RunResult run_fibre(const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> argv{FIBRE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, cwd);
}

fs::path fibre_binary() {
    return FIBRE_BINARY;
}

RunResult run_program(const std::vector<std::string>& program_argv, const fs::path& cwd) {
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (!cwd.empty()) {
        posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    }

    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::string_view(*e).rfind("FIBRE_DB=", 0) != 0) {
            env_strings.emplace_back(*e);
        }
    }
    std::vector<char*> envp;
    for (auto& s : env_strings) {
        envp.push_back(s.data());
    }
    envp.push_back(nullptr);

    std::vector<std::string> argv_strings = program_argv;
    std::vector<char*> argv;
    for (auto& s : argv_strings) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);

    pid_t pid = 0;
    const int rc =
        posix_spawnp(&pid, argv_strings.front().c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (rc != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        throw std::runtime_error("cannot start " + argv_strings.front());
    }
    RunResult result;
    std::thread err_reader([&] { result.err = drain(err_pipe[0]); });
    result.out = drain(out_pipe[0]);
    err_reader.join();
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

fs::path shared_data_dir() {
    const fs::path dir = FIBRE_SHARED_DATA_DIR;
    std::error_code ec;
    return fs::is_directory(dir, ec) ? fs::canonical(dir) : fs::path{};
}

fs::path source_dir() {
    return FIBRE_SOURCE_DIR;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {

// Every non-blank line of a CSV as its cells, the header included; a leading byte-order mark dropped.
std::vector<std::vector<std::string>> csv_lines(const fs::path& path, char sep) {
    std::string text = read_file(path);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
        text.erase(0, 3);
    }
    std::istringstream in(text);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        auto& cells = rows.emplace_back(1);
        bool quoted = false;
        for (const char c : line) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                cells.emplace_back();
            } else {
                cells.back() += c;
            }
        }
    }
    return rows;
}

} // namespace

std::vector<std::vector<std::string>> read_csv_rows(const fs::path& path, char sep) {
    auto rows = csv_lines(path, sep);
    if (!rows.empty()) {
        rows.erase(rows.begin()); // the header
    }
    return rows;
}

std::vector<std::map<std::string, std::string>> read_csv_records(const fs::path& path, char sep) {
    const auto lines = csv_lines(path, sep);
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < lines.size(); ++r) {
        auto& row = out.emplace_back();
        for (std::size_t i = 0; i < lines[0].size() && i < lines[r].size(); ++i) {
            row[lines[0][i]] = lines[r][i];
        }
    }
    return out;
}

} // namespace fibre::testing
