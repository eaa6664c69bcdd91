// Files written whole or not at all, and the scratch files a killed fibre leaves behind.

#include "engine/support/atomic_file.hpp"
#include "engine/support/error.hpp"
#include "engine/support/scratch.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <cerrno>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fibre {
namespace {
namespace fs = std::filesystem;

void put(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
}

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        names.insert(e.path().filename().string());
    }
    return names;
}

// The id of a process that ran and is gone.
long gone_pid() {
    const pid_t child = ::fork();
    if (child == 0) {
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

void set_mtime(const fs::path& p, long long seconds) {
    const struct timeval times[2] = {{static_cast<time_t>(seconds), 0}, {static_cast<time_t>(seconds), 0}};
    ASSERT_EQ(::utimes(p.c_str(), times), 0);
}

TEST(AtomicFile, DescribesErrnoInPlainWords) {
    EXPECT_EQ(describe_errno(ENOSPC), "disk full");
    EXPECT_EQ(describe_errno(EACCES), "permission denied");
    EXPECT_EQ(describe_errno(EPERM), "permission denied");
    EXPECT_EQ(describe_errno(EFBIG), "file too large");
    EXPECT_EQ(describe_errno(EROFS), "read-only file system");
    EXPECT_TRUE(is_write_errno(ENOSPC));
    EXPECT_FALSE(is_write_errno(ENOENT)); // what a library's probing leaves behind
}

TEST(AtomicFile, TemporaryNameIsBesideAndKeepsTheExtensionWhenAsked) {
    const fs::path final_path = "out/coverage.gpkg";
    EXPECT_EQ(part_path(final_path), fs::path(fmt::format("out/coverage.gpkg.part-{}", ::getpid())));
    EXPECT_EQ(part_path(final_path, true),
              fs::path(fmt::format("out/coverage.gpkg.part-{}.gpkg", ::getpid())));
}

TEST(AtomicFile, WritesTheWholeFileAndLeavesNoTemporary) {
    testing::TempDir dir;
    write_file_atomically(dir / "a.csv", "x;y\r\n1;2\r\n");
    EXPECT_EQ(testing::read_file(dir / "a.csv"), "x;y\r\n1;2\r\n");
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"a.csv"}));
}

TEST(AtomicFile, AnEarlierFileStaysUntilTheCommit) {
    testing::TempDir dir;
    put(dir / "report.html", "earlier");
    AtomicFile file(dir / "report.html");
    file.write("new");
    EXPECT_EQ(testing::read_file(dir / "report.html"), "earlier");
    EXPECT_TRUE(fs::exists(file.temp_path()));
    file.commit();
    EXPECT_EQ(testing::read_file(dir / "report.html"), "new");
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"report.html"}));
}

TEST(AtomicFile, WithoutACommitNothingIsLeftAndTheEarlierFileIsIntact) {
    testing::TempDir dir;
    put(dir / "x.gpkg", "earlier");
    const std::string someone_else = part_path(dir / "x.gpkg").filename().string() + "7"; // pid ...7
    put(dir / someone_else, "another process's");
    {
        AtomicFile file(dir / "x.gpkg", AtomicFile::Extension::kept);
        put(file.temp_path(), "half a GeoPackage");
        fs::path journal = file.temp_path();
        journal += "-journal";
        put(journal, "its journal"); // what SQLite makes beside it
    }
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"x.gpkg", someone_else}));
    EXPECT_EQ(testing::read_file(dir / "x.gpkg"), "earlier");
}

TEST(AtomicFile, AMissingFolderIsNamedWithTheUsersPath) {
    testing::TempDir dir;
    try {
        AtomicFile file(dir / "nope" / "x.csv");
        FAIL() << "no error";
    } catch (const DataError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("does not exist"), std::string::npos) << what;
        EXPECT_NE(what.find((dir / "nope" / "x.csv").string()), std::string::npos) << what;
        EXPECT_EQ(what.find(".part"), std::string::npos) << what;
    }
}

TEST(AtomicFile, AFailedWriteNamesTheCauseAndTheUsersPath) {
    testing::TempDir dir;
    put(dir / "x.csv", "earlier");
    AtomicFile file(dir / "x.csv");
    try {
        file.fail(ENOSPC);
    } catch (const DataError& e) {
        EXPECT_EQ(std::string(e.what()),
                  fmt::format("file '{}': cannot write: disk full", (dir / "x.csv").string()));
    }
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"x.csv"}));
}

TEST(Scratch, NamesCarryThisProcess) {
    EXPECT_EQ(scratch::temp_path("/tmp", "import", 3),
              fs::path(fmt::format("/tmp/fibre-import-{}-3", ::getpid())));
    EXPECT_EQ(scratch::creating_path("d/s.sqlite"),
              fs::path(fmt::format("d/s.sqlite.creating-{}", ::getpid())));
    EXPECT_TRUE(scratch::process_runs(::getpid()));
    EXPECT_FALSE(scratch::process_runs(gone_pid()));
    EXPECT_FALSE(scratch::process_runs(0));
}

TEST(Scratch, RemovesBesideTheStoreOnlyWhatAGoneProcessLeft) {
    testing::TempDir dir;
    const long gone = gone_pid();
    const long running = ::getppid();
    const long mine = ::getpid();
    const std::vector<std::string> leftovers = {
        fmt::format("s.sqlite.creating-{}", gone), fmt::format("s.sqlite.creating-{}-wal", gone),
        fmt::format("x.gpkg.part-{}.gpkg", gone),  fmt::format("x.gpkg.part-{}.gpkg-journal", gone),
        fmt::format("report.html.part-{}", gone),  fmt::format("old.csv.part-{}", mine)};
    const std::vector<std::string> kept = {"s.sqlite", fmt::format("s.sqlite.creating-{}", running),
                                           fmt::format("y.fgb.part-{}.fgb", mine), "plan.part-two.txt",
                                           "notes.part-12ab"};
    for (const auto& n : leftovers) {
        put(dir / n, "x");
    }
    for (const auto& n : kept) {
        put(dir / n, "x");
    }
    // Ours by its name, but older than this process: a process that had our id left it.
    set_mtime(dir / fmt::format("old.csv.part-{}", mine), 946684800);
    const auto removed = scratch::remove_leftovers_beside(dir / "s.sqlite");
    EXPECT_EQ(removed.size(), leftovers.size());
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>(kept.begin(), kept.end()));
}

TEST(Scratch, RemovesFromTheTempFolderOnlyWhatAGoneProcessLeft) {
    testing::TempDir dir;
    const long gone = gone_pid();
    const long running = ::getppid();
    fs::create_directories(dir / fmt::format("fibre-import-{}-0", gone));
    put(dir / fmt::format("fibre-import-{}-0", gone) / "source.tar", "tar");
    fs::create_directories(dir / fmt::format("fibre-sheet-{}-4", gone));
    fs::create_directories(dir / fmt::format("fibre-import-{}-0", running));
    fs::create_directories(dir / fmt::format("fibre-test-{}-0", gone)); // not fibre's scratch
    put(dir / "fibre-import-notes.txt", "x");
    const auto removed = scratch::remove_temp_leftovers(dir.path());
    EXPECT_EQ(removed.size(), 2U);
    EXPECT_EQ(names_in(dir.path()),
              (std::set<std::string>{fmt::format("fibre-import-{}-0", running),
                                     fmt::format("fibre-test-{}-0", gone), "fibre-import-notes.txt"}));
}

} // namespace
} // namespace fibre
