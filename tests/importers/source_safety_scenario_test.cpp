// What reaches the store from damaged or surprising sources, through the fibre command:
// archives are checked whole before use (CRC, sizes, caps), coordinates outside the CRS's
// area of use are rejected with the feature named, a failed import leaves no new store,
// an empty file says so, and a folder of sources of several kinds is imported whole.
// Each case asserts the exit code, the message and that the store's data is unchanged.

#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>

namespace fibre::testing {
namespace {

namespace fs = std::filesystem;

/// Row counts of the tables an import writes: a store is "unchanged" when they are equal
/// and the import runs are the same.
std::map<std::string, long long> contents(const fs::path& db_path) {
    auto db = store::Database::open(db_path, store::Database::Mode::read_only);
    std::map<std::string, long long> out;
    for (const char* table : {"import_run", "commune", "parcel", "building", "address", "premise", "node",
                              "link", "site", "box", "zone", "worksite", "declaration", "reject"}) {
        auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
        st.step();
        out[table] = st.integer(0);
    }
    auto st = db.prepare("SELECT group_concat(id || ':' || checksum, ',') FROM import_run");
    st.step();
    out["runs " + st.text(0)] = 0;
    return out;
}

/// Sets an environment variable for the scope (the fibre child process inherits it).
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
    ~ScopedEnv() { ::unsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
};

/// A demo département (its source files) and a store holding its GraceTHD deliveries.
class SourceSafety : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const auto gen =
            run_fibre({"demo", "--generate-only", "--out", demo().string(), "--premises", "300"});
        ASSERT_EQ(gen.exit_code, 0) << gen.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static fs::path demo() { return *dir_ / "demo"; }

    void SetUp() override {
        work_ = std::make_unique<TempDir>();
        db_ = (*work_ / "store.sqlite").string();
        const auto r = run_fibre({"import", "--db", db_, (demo() / "gracethd").string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        before_ = contents(db_);
    }

    /// A zip of the demo's GraceTHD deliveries, entries stored (not compressed) when @p store.
    fs::path zip_gracethd(const std::string& name, bool store) {
        const auto out = *work_ / name;
        const auto cmd = "cd '" + (demo() / "gracethd").string() + "' && zip -q -r " + (store ? "-0 " : "") +
                         "'" + out.string() + "' .";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
        return out;
    }

    static TempDir* dir_;
    std::unique_ptr<TempDir> work_;
    std::string db_;
    std::map<std::string, long long> before_;
};

TempDir* SourceSafety::dir_ = nullptr;

/// Overwrites @p n bytes in the middle of @p path.
void damage(const fs::path& path, std::size_t n, std::uintmax_t at) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(at));
    const std::string junk(n, 'X');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
}

TEST_F(SourceSafety, ZipWithADamagedStoredEntryIsRefusedBeforeAnythingIsRead) {
    const auto zip = zip_gracethd("deliveries.zip", true);
    damage(zip, 4096, fs::file_size(zip) / 2);
    const auto r = run_fibre({"import", "--db", db_, zip.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("deliveries.zip"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("does not match its CRC-32 checksum"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("/vsizip/"), std::string::npos) << r.err;
    EXPECT_EQ(contents(db_), before_);
}

TEST_F(SourceSafety, TarGzWithADamagedChecksumIsRefused) {
    const auto tgz = *work_ / "deliveries.tar.gz";
    ASSERT_EQ(std::system(("tar czf '" + tgz.string() + "' -C '" + demo().string() + "' gracethd").c_str()),
              0);
    // The gzip trailer: CRC-32 (4 bytes) then the size (4 bytes).
    damage(tgz, 2, fs::file_size(tgz) - 7);
    const auto r = run_fibre({"import", "--db", db_, tgz.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("deliveries.tar.gz"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("CRC-32"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("/vsitar/"), std::string::npos) << r.err;
    EXPECT_EQ(contents(db_), before_);
}

TEST_F(SourceSafety, TruncatedTarIsRefused) {
    const auto tar = *work_ / "deliveries.tar";
    ASSERT_EQ(std::system(("tar cf '" + tar.string() + "' -C '" + demo().string() + "' gracethd").c_str()),
              0);
    fs::resize_file(tar, fs::file_size(tar) / 2 + 100);
    const auto r = run_fibre({"import", "--db", db_, tar.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("deliveries.tar"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
    EXPECT_EQ(contents(db_), before_);
}

TEST_F(SourceSafety, ArchiveBeyondTheUnpackedSizeOrEntryCapIsRefused) {
    const auto zip = zip_gracethd("deliveries.zip", false);
    {
        const ScopedEnv cap("FIBRE_ARCHIVE_MAX_BYTES", "100000");
        const auto r = run_fibre({"import", "--db", db_, "--replace", zip.string()});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("unpacks to more than"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("FIBRE_ARCHIVE_MAX_BYTES"), std::string::npos) << r.err;
    }
    {
        const ScopedEnv cap("FIBRE_ARCHIVE_MAX_ENTRIES", "5");
        const auto r = run_fibre({"import", "--db", db_, "--replace", zip.string()});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("more than 5 entries"), std::string::npos) << r.err;
    }
    EXPECT_EQ(contents(db_), before_);
    // Within the caps, the same archive imports (as the same deliveries: nothing new).
    const auto ok = run_fibre({"import", "--db", db_, zip.string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(SourceSafety, WorksiteWithAbsurdCoordinatesIsRejectedWithItsFeatureNamed) {
    const auto path = *work_ / "chantiers.geojson";
    {
        std::ofstream out(path);
        out << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},)"
            << R"("features":[)"
            << R"({"type":"Feature","properties":{"code":"CHT-OK","nom":"ok","nature":"distribution","etat":"en_cours",)"
            << R"("debut_prevu":"2021-01-01","fin_prevue":"2023-01-01"},"geometry":{"type":"Polygon","coordinates":)"
            << R"([[[380000,6570000],[381000,6570000],[381000,6571000],[380000,6571000],[380000,6570000]]]}},)"
            << R"({"type":"Feature","properties":{"code":"CHT-HUGE","nom":"damaged","nature":"distribution",)"
            << R"("etat":"en_cours","debut_prevu":"2021-01-01","fin_prevue":"2023-01-01"},"geometry":{"type":"Polygon",)"
            << R"("coordinates":[[[-1e308,-1e308],[1e308,-1e308],[1e308,1e308],[-1e308,1e308],[-1e308,-1e308]]]}}]})";
    }
    const auto strict = run_fibre({"import", "--db", db_, "--strict", path.string()});
    EXPECT_EQ(strict.exit_code, 1) << strict.err;
    const auto r = run_fibre({"import", "--db", db_, path.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto db = store::Database::open(db_, store::Database::Mode::read_only);
    auto codes = db.prepare("SELECT group_concat(code, ',') FROM worksite");
    codes.step();
    EXPECT_EQ(codes.text(0), "CHT-OK");
    auto reject = db.prepare("SELECT feature_id, reason FROM reject WHERE layer LIKE '%chantiers%' OR "
                             "reason LIKE '%area of use%'");
    ASSERT_TRUE(reject.step());
    EXPECT_NE(reject.text(0).find("CHT-HUGE"), std::string::npos) << reject.text(0);
    EXPECT_NE(reject.text(1).find("outside the area of use of RGF93 / Lambert-93"), std::string::npos)
        << reject.text(1);
}

TEST_F(SourceSafety, FailedImportLeavesNoNewStore) {
    const auto zip = zip_gracethd("deliveries.zip", true);
    damage(zip, 4096, fs::file_size(zip) / 2);
    const auto mistyped = *work_ / "stroe.sqlite";
    const auto r = run_fibre({"import", "--db", mistyped.string(), zip.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        EXPECT_FALSE(fs::exists(mistyped.string() + suffix)) << suffix;
    }
    // A store that existed is kept, unchanged.
    const auto again = run_fibre({"import", "--db", db_, zip.string()});
    EXPECT_EQ(again.exit_code, 1) << again.err;
    EXPECT_EQ(contents(db_), before_);
}

TEST_F(SourceSafety, EmptyFileAndEmptyFolderSaySo) {
    const auto empty = *work_ / "t_cable.csv";
    { std::ofstream touch(empty); }
    const auto r = run_fibre({"import", "--db", db_, "--as", "gracethd", empty.string()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("t_cable.csv"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the file is empty"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("unknown error"), std::string::npos) << r.err;
    fs::create_directory(*work_ / "nothing");
    const auto d = run_fibre({"import", "--db", db_, (*work_ / "nothing").string()});
    EXPECT_EQ(d.exit_code, 1) << d.err;
    EXPECT_NE(d.err.find("the folder holds no file"), std::string::npos) << d.err;
    EXPECT_EQ(contents(db_), before_);
}

TEST_F(SourceSafety, FolderOfSeveralKindsImportsEveryKind) {
    TempDir fresh;
    const auto db = (fresh / "all.sqlite").string();
    const auto r = run_fibre({"import", "--db", db, demo().string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The folders the demo writes beside its sources are named as skipped, with the reason.
    EXPECT_NE(r.err.find("skipped " + (demo() / "truth").string()), std::string::npos) << r.err;
    auto kinds =
        store::Database::open(db, store::Database::Mode::read_only)
            .prepare("SELECT group_concat(DISTINCT kind) FROM (SELECT kind FROM import_run ORDER BY kind)");
    kinds.step();
    const auto listed = kinds.text(0);
    for (const char* kind : {"ban", "cadastre", "communes", "gracethd", "ipe", "worksites"}) {
        EXPECT_NE(listed.find(kind), std::string::npos) << kind << " missing from " << listed;
    }
    // The same store as importing each folder on its own.
    TempDir one_by_one;
    const auto db2 = (one_by_one / "each.sqlite").string();
    for (const char* sub : {"communes", "cadastre", "ban", "gracethd", "ipe", "worksites"}) {
        const auto each = run_fibre({"import", "--db", db2, (demo() / sub).string()});
        ASSERT_EQ(each.exit_code, 0) << sub << ": " << each.err;
    }
    auto a = contents(db);
    auto b = contents(db2);
    // The import runs differ (ids, order); the data must not.
    for (auto* m : {&a, &b}) {
        for (auto it = m->begin(); it != m->end();) {
            it = it->first.rfind("runs ", 0) == 0 ? m->erase(it) : std::next(it);
        }
    }
    EXPECT_EQ(a, b);
}

} // namespace
} // namespace fibre::testing
