// The fibre binary as a user runs it: help, version, exit codes, init.

#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace fibre::testing {
namespace {

TEST(Cli, HelpListsCommandsAndExitsZero) {
    const auto r = run_fibre({"--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("init"), std::string::npos);
    EXPECT_NE(r.out.find("--version"), std::string::npos);
}

TEST(Cli, CommandHelp) {
    const auto r = run_fibre({"init", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--db"), std::string::npos);
}

TEST(Cli, VersionNamesEveryComponent) {
    const auto r = run_fibre({"--version"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* name :
         {"fibre ", "GDAL ", "GEOS ", "PROJ ", "SQLite ", "SpatiaLite ", "Boost ", "jemalloc "}) {
        EXPECT_NE(r.out.find(name), std::string::npos) << name << " missing from:\n" << r.out;
    }
    EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, UnknownCommandOrOptionIsAUsageError) {
    EXPECT_EQ(run_fibre({"frobnicate"}).exit_code, 2);
    const auto r = run_fibre({"init", "--no-such-option"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_FALSE(r.err.empty());
}

TEST(Cli, InitCreatesAStoreWhereTold) {
    TempDir dir;
    const auto path = dir / "store.sqlite";
    const auto r = run_fibre({"init", "--db", path.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(path.string()), std::string::npos);
    auto db = store::Database::open(path);
    EXPECT_EQ(db.stored_schema_version(), store::schema_version);
}

TEST(Cli, InitDefaultsToFibreSqliteInTheWorkingFolder) {
    TempDir dir;
    const auto r = run_fibre({"init"}, dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(dir / "fibre.sqlite"));
}

TEST(Cli, InitOnAnExistingFileFailsWithOneLineAndLeavesItUntouched) {
    TempDir dir;
    const auto path = dir / "notes.sqlite";
    std::ofstream(path) << "keep me";
    const auto r = run_fibre({"init", "--db", path.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(path), "keep me");
}

TEST(Cli, InitWherePathCannotBeCreatedFails) {
    TempDir dir;
    const auto r = run_fibre({"init", "--db", (dir / "missing" / "s.sqlite").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

// The analysis reads its input on two threads; a failure on either ends the command with a
// message, without leaving the other thread waiting.
TEST(Cli, AnalyzeFailsCleanlyWhenEitherSideCannotRead) {
    for (const char* table : {"zone", "declaration"}) {
        SCOPED_TRACE(table);
        TempDir dir;
        const auto path = dir / "s.sqlite";
        ASSERT_EQ(run_fibre({"init", "--db", path.string()}).exit_code, 0);
        {
            auto db = store::Database::open(path);
            db.exec(std::string("DROP TABLE ") + table);
        }
        const auto r = run_fibre({"analyze", "--db", path.string()});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find(table), std::string::npos) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
}

} // namespace
} // namespace fibre::testing
