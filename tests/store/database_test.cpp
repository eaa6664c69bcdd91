#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <sqlite3.h>

namespace fibre::store {
namespace {

using testing::TempDir;

TEST(Database, CreateRegistersLambert93WalAndLargePages) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    auto srid = db.prepare("SELECT count(*) FROM spatial_ref_sys WHERE srid = 2154");
    ASSERT_TRUE(srid.step());
    EXPECT_EQ(srid.integer(0), 1);
    auto mode = db.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.text(0), "wal");
    auto page = db.prepare("PRAGMA page_size"); // only takes before the first write
    ASSERT_TRUE(page.step());
    EXPECT_EQ(page.integer(0), 16384);
    EXPECT_EQ(db.stored_schema_version(), schema_version);
    auto geom = db.prepare("SELECT srid, geometry_type FROM geometry_columns WHERE f_table_name = 'premise'");
    ASSERT_TRUE(geom.step());
    EXPECT_EQ(geom.integer(0), 2154);
    EXPECT_EQ(geom.integer(1), 1); // POINT
    auto index = db.prepare("SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = 'link'");
    ASSERT_TRUE(index.step());
    EXPECT_EQ(index.integer(0), 1);
}

TEST(Database, CreateRefusesAnExistingFileAndLeavesItUntouched) {
    TempDir dir;
    const auto path = dir / "existing.sqlite";
    std::ofstream(path) << "precious";
    EXPECT_THROW(Database::create(path), StoreError);
    EXPECT_EQ(testing::read_file(path), "precious");
}

TEST(Database, CreateInAMissingFolderFailsAndLeavesNothing) {
    TempDir dir;
    const auto path = dir / "no" / "such" / "s.sqlite";
    EXPECT_THROW(Database::create(path), StoreError);
    EXPECT_FALSE(std::filesystem::exists(dir / "no"));
}

TEST(Database, OpenRefusesAFileThatIsNotAStore) {
    TempDir dir;
    const auto path = dir / "text.sqlite";
    std::ofstream(path) << "this is not a database at all, just some text long enough to have a header";
    try {
        Database::open(path);
        FAIL() << "opened a text file";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("not a fibre store"), std::string::npos) << e.what();
    }
    EXPECT_EQ(testing::read_file(path).substr(0, 12), "this is not ");
}

TEST(Database, OpenRefusesAPlainSqliteDatabase) {
    TempDir dir;
    const auto path = dir / "plain.sqlite";
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    EXPECT_THROW(Database::open(path), StoreError);
}

TEST(Database, OpenRefusesAnotherSchemaVersionNamingBoth) {
    TempDir dir;
    const auto path = dir / "s.sqlite";
    {
        auto db = Database::create(path);
        db.exec("UPDATE schema_version SET version = 99");
    }
    try {
        Database::open(path);
        FAIL() << "opened a store of schema version 99";
    } catch (const StoreError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("99"), std::string::npos) << msg;
        EXPECT_NE(msg.find(std::to_string(schema_version)), std::string::npos) << msg;
        EXPECT_NE(msg.find("newer fibre"), std::string::npos) << msg;
    }
}

TEST(Database, OpenMissingFileSaysHowToCreateOne) {
    TempDir dir;
    try {
        Database::open(dir / "missing.sqlite");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("fibre init"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "missing.sqlite"));
}

TEST(Transaction, NotCommittedLeavesNothing) {
    TempDir dir;
    const auto path = dir / "s.sqlite";
    {
        auto db = Database::create(path);
        Transaction tx(db);
        db.exec("INSERT INTO node (code, type) VALUES ('N1', 'PT')");
        // no commit: the destructor rolls back
    }
    auto db = Database::open(path);
    auto count = db.prepare("SELECT count(*) FROM node");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 0);
}

TEST(Transaction, CommittedIsKept) {
    TempDir dir;
    const auto path = dir / "s.sqlite";
    {
        auto db = Database::create(path);
        Transaction tx(db);
        db.exec("INSERT INTO node (code, type) VALUES ('N1', 'PT')");
        tx.commit();
    }
    auto db = Database::open(path);
    auto count = db.prepare("SELECT count(*) FROM node");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 1);
}

TEST(Transaction, AnExceptionInsideRollsBack) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    try {
        Transaction tx(db);
        db.exec("INSERT INTO node (code, type) VALUES ('N1', 'PT')");
        db.exec("INSERT INTO no_such_table VALUES (1)");
        tx.commit();
    } catch (const StoreError&) {
    }
    auto count = db.prepare("SELECT count(*) FROM node");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 0);
}

TEST(Statement, DuplicateKeyIsReportedNotThrown) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    auto st = db.prepare("INSERT INTO parcel (id) VALUES (?)");
    st.bind(1, "P1");
    EXPECT_TRUE(st.run_unless_duplicate());
    st.bind(1, "P1");
    EXPECT_FALSE(st.run_unless_duplicate());
    auto bad = db.prepare("INSERT INTO parcel (id) VALUES (?)");
    bad.bind_null(1);
    EXPECT_THROW(bad.run_unless_duplicate(), StoreError); // other constraints still throw
}

TEST(DefaultPath, OptionThenEnvironmentThenWorkingFolder) {
    EXPECT_EQ(default_path("x.sqlite"), "x.sqlite");
    ::setenv("FIBRE_DB", "/tmp/env.sqlite", 1);
    EXPECT_EQ(default_path(""), "/tmp/env.sqlite");
    EXPECT_EQ(default_path("x.sqlite"), "x.sqlite");
    ::unsetenv("FIBRE_DB");
    EXPECT_EQ(default_path(""), "fibre.sqlite");
}

} // namespace
} // namespace fibre::store
