// What fibre leaves when a write fails: nothing partial, any earlier file intact, and a
// message that names the user's path and the real cause. What the next run cleans after a
// killed one. What a command says when another holds the store.
//
// The full disk is a small tmpfs mounted in a user and mount namespace (unshare -rm); the
// tests that need one skip where the system does not allow it.

#include "engine/store/database.hpp"
#include "tests/rollout/tiny_rollout_store.hpp"
#include "tests/support/test_support.hpp"

#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fibre::testing {
namespace {
namespace fs = std::filesystem;

void put(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
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

bool can_mount_tmpfs() {
    static const bool can = [] {
        TempDir probe;
        fs::create_directories(probe / "mnt");
        return run_program({"unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs \"$1\"", "sh",
                            (probe / "mnt").string()})
                   .exit_code == 0;
    }();
    return can;
}

// Mounts a tmpfs of @p size at @p mnt in a namespace of its own, puts "earlier" in the file
// @p earlier (relative to the mount), fills the disk when @p fill, runs fibre with @p args,
// and, before the namespace and its tmpfs go, records what the tmpfs holds and what the
// earlier file holds in @p keep/listing and @p keep/earlier.
RunResult run_on_small_disk(const fs::path& mnt, const fs::path& keep, const std::string& size,
                            const std::string& earlier, bool fill, const std::vector<std::string>& args) {
    const std::string script = R"sh(
mnt=$1; keep=$2; size=$3; earlier=$4; fill=$5; shift 5
mount -t tmpfs -o size="$size" tmpfs "$mnt" || exit 97
mkdir -p "$(dirname "$mnt/$earlier")"
printf earlier > "$mnt/$earlier"
if [ "$fill" = yes ]; then cat /dev/zero > "$mnt/filler" 2>/dev/null; fi
"$@"; rc=$?
(cd "$mnt" && find . -mindepth 1 | sort) > "$keep/listing"
cat "$mnt/$earlier" > "$keep/earlier"
exit $rc
)sh";
    std::vector<std::string> argv{"unshare",
                                  "-rm",
                                  "sh",
                                  "-c",
                                  script,
                                  "sh",
                                  mnt.string(),
                                  keep.string(),
                                  size,
                                  earlier,
                                  fill ? "yes" : "no",
                                  fibre_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv);
}

std::set<std::string> lines_of(const fs::path& p) {
    std::set<std::string> out;
    std::ifstream in(p);
    for (std::string line; std::getline(in, line);) {
        out.insert(line);
    }
    return out;
}

// The names in @p dir, but the store's own -wal and -shm.
std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        const auto name = e.path().filename().string();
        if (name != "tiny.sqlite-wal" && name != "tiny.sqlite-shm") {
            names.insert(name);
        }
    }
    return names;
}

#define FIBRE_REQUIRE_TMPFS()                                                                                \
    do {                                                                                                     \
        if (!can_mount_tmpfs()) {                                                                            \
            GTEST_SKIP() << "this system does not let a test mount a tmpfs in a user namespace "             \
                            "(unshare -rm): the full-disk checks are skipped";                               \
        }                                                                                                    \
    } while (false)

class AtomicOutput : public ::testing::Test {
protected:
    void SetUp() override {
        build_tiny_rollout_store(db_);
        fs::create_directories(mnt_);
        fs::create_directories(keep_);
    }
    TempDir dir_;
    fs::path db_ = dir_ / "tiny.sqlite";
    fs::path mnt_ = dir_ / "mnt";
    fs::path keep_ = dir_ / "keep";
};

struct FullDiskCase {
    std::string out;    // relative to the mount
    std::string layers; // --layer, or empty
    std::string size;   // of the tmpfs
    bool fill;          // filled before fibre runs
};

class ExportToASmallDisk : public AtomicOutput, public ::testing::WithParamInterface<FullDiskCase> {};

TEST_P(ExportToASmallDisk, FailsNamesTheCauseAndLeavesNothingPartial) {
    FIBRE_REQUIRE_TMPFS();
    const auto& c = GetParam();
    std::vector<std::string> args{
        "export",     "--db", db_.string(), "--at", "2022-12-31", "--out", (mnt_ / c.out).string(),
        "--overwrite"};
    if (!c.layers.empty()) {
        args.insert(args.end(), {"--layer", c.layers});
    }
    const auto r = run_on_small_disk(mnt_, keep_, c.size, c.out, c.fill, args);
    ASSERT_NE(r.exit_code, 97) << "cannot mount: " << r.err;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "disk full")) << r.err;
    EXPECT_TRUE(contains(r.err, (mnt_ / c.out).string())) << r.err;
    EXPECT_FALSE(contains(r.err, ".part")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out; // no file is announced as written
    std::set<std::string> expected{"./" + c.out};
    if (c.fill) {
        expected.insert("./filler");
    }
    EXPECT_EQ(lines_of(keep_ / "listing"), expected);
    EXPECT_EQ(read_file(keep_ / "earlier"), "earlier");
}

INSTANTIATE_TEST_SUITE_P(Formats, ExportToASmallDisk,
                         ::testing::Values(FullDiskCase{"coverage.geojson", "premises", "256k", true},
                                           FullDiskCase{"coverage.fgb", "premises", "256k", true},
                                           FullDiskCase{"coverage.gpkg", "", "256k", true},
                                           FullDiskCase{"coverage.gpkg", "", "64k",
                                                        false}, // fills up half-way
                                           FullDiskCase{"premises.csv", "premises", "256k", true}),
                         [](const auto& test) {
                             auto name = test.param.out + (test.param.fill ? "_full" : "_halfway");
                             for (auto& ch : name) {
                                 ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                             }
                             return name;
                         });

// With no feature, GDAL's FlatGeobuf and GeoJSON writers write only at the close, and report
// nothing when that write fails.
TEST_F(AtomicOutput, AnEmptyExportToAFullDiskFailsToo) {
    FIBRE_REQUIRE_TMPFS();
    const auto empty = dir_ / "empty.sqlite";
    ASSERT_EQ(run_fibre({"init", "--db", empty.string()}).exit_code, 0);
    ASSERT_EQ(run_fibre({"-q", "analyze", "--db", empty.string()}).exit_code, 0); // export needs an analysis
    for (const std::string out : {"empty.fgb", "empty.geojson"}) {
        const auto r = run_on_small_disk(mnt_, keep_, "256k", out, true,
                                         {"export", "--db", empty.string(), "--layer", "premises", "--out",
                                          (mnt_ / out).string(), "--overwrite"});
        ASSERT_NE(r.exit_code, 97) << "cannot mount: " << r.err;
        EXPECT_EQ(r.exit_code, 1) << out << ": " << r.err;
        EXPECT_TRUE(contains(r.err, "disk full")) << r.err;
        EXPECT_TRUE(contains(r.err, (mnt_ / out).string())) << r.err;
        EXPECT_EQ(lines_of(keep_ / "listing"), (std::set<std::string>{"./" + out, "./filler"}));
        EXPECT_EQ(read_file(keep_ / "earlier"), "earlier");
    }
}

TEST_F(AtomicOutput, ReportToAFullDiskLeavesTheEarlierReport) {
    FIBRE_REQUIRE_TMPFS();
    const auto r = run_on_small_disk(
        mnt_, keep_, "256k", "report/report.html", true,
        {"report", "--db", db_.string(), "--at", "2022Q4", "--out", (mnt_ / "report").string()});
    ASSERT_NE(r.exit_code, 97) << "cannot mount: " << r.err;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "disk full")) << r.err;
    EXPECT_TRUE(contains(r.err, (mnt_ / "report" / "report.html").string())) << r.err;
    EXPECT_FALSE(contains(r.err, ".part")) << r.err;
    EXPECT_EQ(lines_of(keep_ / "listing"),
              (std::set<std::string>{"./filler", "./report", "./report/report.html"}));
    EXPECT_EQ(read_file(keep_ / "earlier"), "earlier");
}

TEST_F(AtomicOutput, InitOnAFullDiskLeavesNoStore) {
    FIBRE_REQUIRE_TMPFS();
    const auto r = run_on_small_disk(mnt_, keep_, "256k", "earlier.txt", true,
                                     {"init", "--db", (mnt_ / "new.sqlite").string()});
    ASSERT_NE(r.exit_code, 97) << "cannot mount: " << r.err;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "disk full")) << r.err;
    EXPECT_TRUE(contains(r.err, (mnt_ / "new.sqlite").string())) << r.err;
    EXPECT_FALSE(contains(r.err, ".creating")) << r.err;
    EXPECT_EQ(lines_of(keep_ / "listing"), (std::set<std::string>{"./earlier.txt", "./filler"}));
}

TEST_F(AtomicOutput, AFileOverTheSizeLimitIsTooLarge) {
    put(dir_ / "coverage.gpkg", "earlier");
    // dash and bash count ulimit -f in blocks of 512 or 1024 bytes: 96 is 48 or 96 KiB, more than
    // the store's 32 KiB -shm file that reading needs, less than any GeoPackage.
    const auto r = run_program({"sh", "-c", "ulimit -f 96 && exec \"$@\"", "sh", fibre_binary().string(),
                                "export", "--db", db_.string(), "--at", "2022-12-31", "--out",
                                (dir_ / "coverage.gpkg").string(), "--overwrite"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "file too large")) << r.err;
    EXPECT_TRUE(contains(r.err, (dir_ / "coverage.gpkg").string())) << r.err;
    EXPECT_FALSE(contains(r.err, ".part")) << r.err;
    EXPECT_EQ(read_file(dir_ / "coverage.gpkg"), "earlier");
    EXPECT_EQ(names_in(dir_.path()), (std::set<std::string>{"coverage.gpkg", "keep", "mnt", "tiny.sqlite"}));
}

// Root bypasses permissions; in a user namespace of its own (unshare -U) it is "nobody" to the
// files outside, for which they hold again.
std::vector<std::string> as_unprivileged(std::vector<std::string> args) {
    args.insert(args.begin(), fibre_binary().string());
    if (::geteuid() == 0) {
        args.insert(args.begin(), {"unshare", "-U"});
    }
    return args;
}

TEST_F(AtomicOutput, AReadOnlyFolderIsPermissionDenied) {
    if (::geteuid() == 0 && run_program({"unshare", "-U", "true"}).exit_code != 0) {
        GTEST_SKIP() << "running as root, where permissions are not enforced, and unshare -U is not allowed";
    }
    // The store stays readable and its folder writable for the unprivileged run (WAL needs -shm).
    fs::permissions(dir_.path(), fs::perms::all);
    for (const auto& e : fs::directory_iterator(dir_.path())) {
        if (e.is_regular_file()) {
            fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                          fs::perms::group_write | fs::perms::others_read |
                                          fs::perms::others_write);
        }
    }
    const auto ro = dir_ / "ro";
    fs::create_directories(ro / "report");
    put(ro / "coverage.gpkg", "earlier");
    put(ro / "report" / "report.html", "earlier");
    fs::permissions(ro / "report", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                       fs::perms::group_exec | fs::perms::others_read |
                                       fs::perms::others_exec);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                            fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);

    const auto e = run_program(as_unprivileged({"export", "--db", db_.string(), "--at", "2022-12-31", "--out",
                                                (ro / "coverage.gpkg").string(), "--overwrite"}));
    EXPECT_EQ(e.exit_code, 1) << e.err;
    EXPECT_TRUE(contains(e.err, "permission denied")) << e.err;
    EXPECT_TRUE(contains(e.err, (ro / "coverage.gpkg").string())) << e.err;
    EXPECT_FALSE(contains(e.err, ".part")) << e.err;

    const auto r = run_program(as_unprivileged(
        {"report", "--db", db_.string(), "--at", "2022Q4", "--out", (ro / "report").string()}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "permission denied")) << r.err;
    EXPECT_TRUE(contains(r.err, (ro / "report" / "report.html").string())) << r.err;

    const auto f = run_program(as_unprivileged(
        {"report", "--db", db_.string(), "--at", "2022Q4", "--out", (ro / "new-report").string()}));
    EXPECT_EQ(f.exit_code, 1) << f.err;
    EXPECT_TRUE(contains(f.err, "permission denied")) << f.err;
    EXPECT_TRUE(contains(f.err, (ro / "new-report").string())) << f.err;

    fs::permissions(ro, fs::perms::owner_all);
    fs::permissions(ro / "report", fs::perms::owner_all);
    EXPECT_EQ(names_in(ro), (std::set<std::string>{"coverage.gpkg", "report"}));
    EXPECT_EQ(names_in(ro / "report"), (std::set<std::string>{"report.html"}));
    EXPECT_EQ(read_file(ro / "coverage.gpkg"), "earlier");
    EXPECT_EQ(read_file(ro / "report" / "report.html"), "earlier");
}

TEST_F(AtomicOutput, AFolderThatDoesNotExistIsNamed) {
    const auto out = dir_ / "nope" / "coverage.gpkg";
    const auto r = run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--out", out.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, fmt::format("the folder '{}' does not exist", (dir_ / "nope").string())))
        << r.err;
    EXPECT_TRUE(contains(r.err, out.string())) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "nope"));
}

TEST_F(AtomicOutput, AnExportReplacesAnEarlierFileWhole) {
    put(dir_ / "premises.geojson", "earlier");
    const auto r = run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--layer", "premises",
                              "--out", (dir_ / "premises.geojson").string(), "--overwrite"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(read_file(dir_ / "premises.geojson"), "FeatureCollection"));
    EXPECT_EQ(names_in(dir_.path()),
              (std::set<std::string>{"keep", "mnt", "premises.geojson", "tiny.sqlite"}));
}

TEST_F(AtomicOutput, TheNextRunRemovesWhatAKilledFibreLeft) {
    const long gone = gone_pid();
    const long running = ::getpid(); // this test, not the fibre it runs
    const std::vector<std::string> leftovers = {fmt::format("tiny.sqlite.creating-{}", gone),
                                                fmt::format("tiny.sqlite.creating-{}-wal", gone),
                                                fmt::format("coverage.gpkg.part-{}.gpkg", gone)};
    const std::string live = fmt::format("other.sqlite.creating-{}", running);
    for (const auto& n : leftovers) {
        put(dir_ / n, "x");
    }
    put(dir_ / live, "x");
    // The scratch copies of archives go to the temp folder: here, one of the test's own.
    TempDir tmp;
    const auto gone_scratch = tmp / fmt::format("fibre-import-{}-0", gone);
    const auto live_scratch = tmp / fmt::format("fibre-import-{}-0", running);
    fs::create_directories(gone_scratch);
    put(gone_scratch / "source.tar", "tar");
    fs::create_directories(live_scratch);

    const auto r = run_program(
        {"env", "TMPDIR=" + tmp.path().string(), fibre_binary().string(), "status", "--db", db_.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const auto& n : leftovers) {
        EXPECT_FALSE(fs::exists(dir_ / n)) << n;
    }
    EXPECT_TRUE(fs::exists(dir_ / live));
    // A command that makes no scratch file leaves the temp folder alone...
    EXPECT_TRUE(fs::exists(gone_scratch));

    // ...and the first that makes one there (unpacking a .tar.bz2) cleans it first.
    TempDir src;
    put(src / "notes.txt", "x");
    const auto archive = dir_ / "notes.tar.bz2";
    ASSERT_EQ(
        run_program({"tar", "-cjf", archive.string(), "-C", src.path().string(), "notes.txt"}).exit_code, 0);
    const auto imported = run_program({"env", "TMPDIR=" + tmp.path().string(), fibre_binary().string(),
                                       "import", "--db", db_.string(), archive.string()});
    EXPECT_FALSE(fs::exists(gone_scratch)) << imported.err;
    EXPECT_TRUE(fs::exists(live_scratch));
}

TEST_F(AtomicOutput, AnotherCommandHoldingTheStoreIsNamed) {
    store::set_command_name("fibre import");
    {
        auto db = store::Database::open(db_);
        store::Transaction tx(db);
        ASSERT_TRUE(fs::exists(store::lock_info_path(db_)));

        const auto r = run_fibre({"analyze", "--db", db_.string()});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_TRUE(contains(
            r.err, fmt::format("another fibre command (fibre import, pid {}) holds the store {} since ",
                               ::getpid(), db_.string())))
            << r.err;
        EXPECT_TRUE(contains(r.err, "; wait for it or stop it")) << r.err;
        EXPECT_FALSE(contains(r.err, "database is locked")) << r.err;

        // Readers are not blocked.
        const auto reader = run_fibre({"status", "--db", db_.string()});
        EXPECT_EQ(reader.exit_code, 0) << reader.err;
    }
    store::set_command_name("fibre");
    EXPECT_FALSE(fs::exists(store::lock_info_path(db_)));
}

TEST_F(AtomicOutput, AnotherProgramHoldingTheStoreIsSaidToo) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &raw), SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> other(raw, &sqlite3_close);
    ASSERT_EQ(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto r = run_fibre({"analyze", "--db", db_.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(contains(
        r.err, fmt::format("another program holds the write lock on the store {}; wait for it or stop it",
                           db_.string())))
        << r.err;
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
}

TEST_F(AtomicOutput, ALockInfoFileOfAGoneCommandIsIgnoredAndRemoved) {
    put(store::lock_info_path(db_),
        fmt::format("pid {}\ncommand fibre import\nsince 2026-12-01 10:00:00\n", gone_pid()));
    const auto r = run_fibre({"status", "--db", db_.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(store::lock_info_path(db_)));
}

} // namespace
} // namespace fibre::testing
