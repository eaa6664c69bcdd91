// The import job: one transaction, checksum no-op, replacement, and malformed inputs that
// fail with a clear message and leave the store as it was.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "importers/import_job.hpp"
#include "tests/importers/gracethd_fixture_test.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace fibre::testing {
namespace {
namespace fs = std::filesystem;

std::vector<importers::SourceOutcome> import(store::Database& db, const fs::path& path, bool replace = false,
                                             std::optional<int> srs = std::nullopt) {
    importers::ImportRequest request;
    request.sources = {path.string()};
    request.replace = replace;
    request.options.srs_epsg = srs;
    return importers::run_import(db, request);
}

/// Imports @p path expecting a DataError; @return its message. Checks that the store did not change.
std::string import_fails(store::Database& db, const fs::path& path) {
    const auto runs_before = store::read_import_runs(db).size();
    const auto nodes_before = store::read_nodes(db).size();
    try {
        import(db, path);
    } catch (const DataError& e) {
        EXPECT_EQ(store::read_import_runs(db).size(), runs_before);
        EXPECT_EQ(store::read_nodes(db).size(), nodes_before);
        EXPECT_TRUE(store::read_rejects(db, 0).size() == 0 || runs_before > 0);
        return e.what();
    }
    ADD_FAILURE() << "the import of " << path << " did not fail";
    return {};
}

TEST(ImportJob, SameChecksumIsANoOp) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    auto db = store::Database::create(dir / "s.sqlite");
    const auto first = import(db, dir / "d");
    EXPECT_FALSE(first[0].unchanged);
    EXPECT_EQ(first[0].checksum.size(), 64U);
    const auto second = import(db, dir / "d");
    EXPECT_TRUE(second[0].unchanged);
    EXPECT_EQ(second[0].import_run, first[0].import_run);
    EXPECT_EQ(store::read_nodes(db).size(), 4U);
    EXPECT_EQ(store::read_import_runs(db).size(), 1U);
}

TEST(ImportJob, ReplaceImportsAgainAndKeepsOneCopy) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    auto db = store::Database::create(dir / "s.sqlite");
    const auto first = import(db, dir / "d");
    const auto again = import(db, dir / "d", true);
    EXPECT_FALSE(again[0].unchanged);
    ASSERT_EQ(again[0].replaced.size(), 1U);
    EXPECT_EQ(again[0].replaced[0], first[0].import_run);
    EXPECT_EQ(store::read_nodes(db).size(), 4U);
    EXPECT_EQ(store::read_premises(db).size(), 3U);
    const auto runs = store::read_import_runs(db);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0].id, again[0].import_run);
    EXPECT_FALSE(runs[0].finished_at.empty());
    EXPECT_NE(runs[0].counts_json.find("\"t_noeud\""), std::string::npos);
}

TEST(ImportJob, NewerDeliveryOfTheSamePerimeterReplacesOnlyTheOlderOne) {
    TempDir dir;
    write_v3_delivery(dir / "d1");
    write_v3_delivery(dir / "d2");
    write_v3_delivery(dir / "other");
    // The newer delivery has one more node; the other perimeter has its own NRO.
    write_shapefile(dir / "d2", "t_noeud",
                    {"POINT (400000 6500000)", "POINT (400100 6500000)", "POINT (400200 6500000)",
                     "POINT (400300 6500000)", "POINT (400400 6500000)"},
                    {{"nd_code", {"ND1", "ND2", "ND3", "ND4", "ND5"}}});
    write_shapefile(
        dir / "other", "t_zsro",
        {"POLYGON ((399000 6499000,401000 6499000,401000 6501000,399000 6501000,399000 6499000))"},
        {{"zs_code", {"ZS2"}}, {"zs_lc_code", {"LCPM2"}}, {"zs_refpm", {"PM_17_002"}}});
    auto db = store::Database::create(dir / "s.sqlite");
    import(db, dir / "other");
    const auto old_run = import(db, dir / "d1")[0].import_run;
    EXPECT_EQ(store::read_nodes(db).size(), 8U);
    const auto newer = import(db, dir / "d2");
    ASSERT_EQ(newer[0].replaced.size(), 1U);
    EXPECT_EQ(newer[0].replaced[0], old_run);
    EXPECT_EQ(store::read_nodes(db).size(), 9U); // 4 of "other" + 5 of the newer one
    EXPECT_EQ(store::read_import_runs(db).size(), 2U);
}

TEST(ImportJob, CsvWithAMissingColumnFailsAndNamesIt) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    write_csv(dir / "d" / "t_cable.csv", "cb_nd1;cb_nd2;cb_typelog", {"ND1;ND2;TR"});
    auto db = store::Database::create(dir / "s.sqlite");
    const auto msg = import_fails(db, dir / "d");
    EXPECT_NE(msg.find("cb_code"), std::string::npos) << msg;
    EXPECT_NE(msg.find("t_cable"), std::string::npos) << msg;
    EXPECT_TRUE(store::read_links(db).empty());
}

TEST(ImportJob, TruncatedShapefileFailsAndLeavesTheStoreAsItWas) {
    TempDir dir;
    write_v3_delivery(dir / "good");
    write_v3_delivery(dir / "bad");
    write_csv(dir / "bad" / "t_site.csv", "st_code;st_nd_code;st_typelog",
              {"ST1;ND1;RESEAU", "ST2;ND2;RESEAU"});
    write_shapefile(
        dir / "bad", "t_zsro",
        {"POLYGON ((399000 6499000,401000 6499000,401000 6501000,399000 6501000,399000 6499000))"},
        {{"zs_code", {"ZS9"}}, {"zs_lc_code", {"LCPM9"}}, {"zs_refpm", {"PM_17_009"}}});
    const auto shp = dir / "bad" / "t_noeud.shp";
    fs::resize_file(shp, fs::file_size(shp) - 30);
    auto db = store::Database::create(dir / "s.sqlite");
    import(db, dir / "good");
    const auto msg = import_fails(db, dir / "bad");
    EXPECT_NE(msg.find("t_noeud"), std::string::npos) << msg;
    EXPECT_EQ(store::read_nodes(db).size(), 4U);
    EXPECT_EQ(store::read_import_runs(db).size(), 1U);
}

TEST(ImportJob, Windows1252CsvIsReadAsUtf8) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    {
        std::ofstream out(dir / "d" / "t_site.csv", std::ios::binary);
        out << "st_code;st_nd_code;st_typelog;st_comment\n"
            << "ST1;ND1;RESEAU;local \xE9lectrique\n"
            << "ST2;ND2;RESEAU;pr\xE8s\n";
    }
    auto db = store::Database::create(dir / "s.sqlite");
    EXPECT_NO_THROW(import(db, dir / "d"));
    EXPECT_EQ(store::read_sites(db).size(), 2U);
}

TEST(ImportJob, GeometryWithNanIsRejectedWithItsReason) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    write_shapefile(
        dir / "d", "t_noeud",
        {"POINT (400000 6500000)", "POINT (400100 6500000)", "POINT (400200 6500000)", "POINT (nan nan)"},
        {{"nd_code", {"ND1", "ND2", "ND3", "ND4"}}, {"nd_type", {"ST", "ST", "PT", "PT"}}});
    auto db = store::Database::create(dir / "s.sqlite");
    const auto out = import(db, dir / "d");
    EXPECT_EQ(out[0].counts.at("t_noeud").rejected, 1);
    EXPECT_EQ(store::read_nodes(db).size(), 3U);
    bool found = false;
    for (const auto& r : store::read_rejects(db)) {
        if (r.layer == "t_noeud" && r.action == "rejected") {
            found = true;
            EXPECT_EQ(r.feature_id, "ND4");
            EXPECT_EQ(r.field, "geometry");
            EXPECT_FALSE(r.reason.empty());
        }
    }
    EXPECT_TRUE(found);
}

TEST(ImportJob, SourceWithoutCrsNeedsSrs) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    fs::remove(dir / "d" / "t_noeud.prj");
    auto db = store::Database::create(dir / "s.sqlite");
    const auto msg = import_fails(db, dir / "d");
    EXPECT_NE(msg.find("--srs"), std::string::npos) << msg;
    EXPECT_NO_THROW(import(db, dir / "d", false, 2154));
    EXPECT_EQ(store::read_nodes(db).size(), 4U);
}

TEST(ImportJob, UnknownCrsFailsWithAdvice) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    {
        std::ofstream prj(dir / "d" / "t_noeud.prj");
        prj << "PROJCS[\"Made up\",GEOGCS[\"nowhere\",DATUM[\"none\",SPHEROID[\"x\",0,0]]]]";
    }
    auto db = store::Database::create(dir / "s.sqlite");
    const auto msg = import_fails(db, dir / "d");
    EXPECT_NE(msg.find("--srs"), std::string::npos) << msg;
}

TEST(ImportJob, ZipWithNothingUsableSaysSo) {
    TempDir dir;
    {
        std::ofstream readme(dir / "readme.txt");
        readme << "nothing to see\n";
    }
    ASSERT_EQ(std::system(("cd '" + dir.path().string() + "' && zip -q empty.zip readme.txt").c_str()), 0);
    auto db = store::Database::create(dir / "s.sqlite");
    const auto msg = import_fails(db, dir / "empty.zip");
    EXPECT_NE(msg.find("--as"), std::string::npos) << msg;
    EXPECT_NE(msg.find("empty.zip"), std::string::npos) << msg;
}

TEST(ImportJob, ZippedDeliveryImportsLikeTheFolder) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    ASSERT_EQ(std::system(("cd '" + (dir / "d").string() + "' && zip -q -r ../d.zip .").c_str()), 0);
    auto db = store::Database::create(dir / "s.sqlite");
    const auto out = import(db, dir / "d.zip");
    EXPECT_EQ(store::read_nodes(db).size(), 4U);
    EXPECT_EQ(store::read_premises(db).size(), 3U);
    EXPECT_EQ(out[0].counts.at("t_zpbo").repaired, 1);
}

TEST(ImportJob, FailureOfOneSourceRollsBackTheWholeCommand) {
    TempDir dir;
    write_v3_delivery(dir / "good");
    auto db = store::Database::create(dir / "s.sqlite");
    importers::ImportRequest request;
    request.sources = {(dir / "good").string(), (dir / "missing").string()};
    EXPECT_THROW(importers::run_import(db, request), DataError);
    EXPECT_TRUE(store::read_nodes(db).empty());
    EXPECT_TRUE(store::read_import_runs(db).empty());
}

} // namespace
} // namespace fibre::testing
