// fibre import as a user runs it: on the demo département (counts in the store = counts in
// the files minus reported rejects), the no-op second run, --strict and usage errors.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/gdal_handles.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

namespace fibre::testing {
namespace {

// Features of @p table.shp in every delivery folder under @p root.
long long features(const std::filesystem::path& root, const std::string& table) {
    long long n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (e.path().filename() == table + ".shp") {
            n += gdal::open_vector(e.path().string())->GetLayer(0)->GetFeatureCount();
        }
    }
    return n;
}

long long delivery_folders(const std::filesystem::path& root) {
    long long n = 0;
    for (const auto& e : std::filesystem::directory_iterator(root)) {
        n += e.is_directory() && std::filesystem::exists(e.path() / "t_noeud.shp") ? 1 : 0;
    }
    return n;
}

long long rejected(store::Database& db, const std::string& layer) {
    long long n = 0;
    for (const auto& r : store::read_rejects(db)) {
        n += (r.layer == layer && r.action == "rejected") ? 1 : 0;
    }
    return n;
}

TEST(ImportScenario, DemoDepartementCountsMatchTheFiles) {
    TempDir dir;
    const auto gen =
        run_fibre({"demo", "--generate-only", "--out", (dir / "demo").string(), "--premises", "300"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    const auto db_path = (dir / "s.sqlite").string();
    const auto gracethd = dir / "demo" / "gracethd";
    const auto r = run_fibre({"import", "--db", db_path, gracethd.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("t_noeud"), std::string::npos) << r.out;
    auto db = store::Database::open(db_path);
    EXPECT_EQ(static_cast<long long>(store::read_nodes(db).size()),
              features(gracethd, "t_noeud") - rejected(db, "t_noeud"));
    EXPECT_EQ(static_cast<long long>(store::read_addresses(db).size()),
              features(gracethd, "t_adresse") - rejected(db, "t_adresse"));
    const auto links = store::read_links(db);
    const auto paths = std::count_if(links.begin(), links.end(),
                                     [](const model::Link& l) { return l.kind == model::LinkKind::path; });
    EXPECT_EQ(paths, features(gracethd, "t_cheminement") - rejected(db, "t_cheminement"));
    EXPECT_EQ(static_cast<long long>(store::read_zones(db).size()),
              features(gracethd, "t_zpbo") + features(gracethd, "t_zsro") + features(gracethd, "t_znro") -
                  rejected(db, "t_zpbo") - rejected(db, "t_zsro") - rejected(db, "t_znro"));
    EXPECT_FALSE(store::read_premises(db).empty());
    EXPECT_FALSE(store::read_sites(db).empty());

    const auto again = run_fibre({"import", "--db", db_path, gracethd.string()});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_NE(again.out.find("unchanged"), std::string::npos) << again.out;
    // One import per delivery folder (one per NRO zone), none added by the second run.
    EXPECT_GE(delivery_folders(gracethd), 1);
    EXPECT_EQ(static_cast<long long>(store::read_import_runs(db).size()), delivery_folders(gracethd));
}

TEST(ImportScenario, StrictExitsOneWhenSomethingWasRejected) {
    FIBRE_REQUIRE_SHARED_DATA();
    TempDir dir;
    const auto copy = dir / "aix";
    std::filesystem::copy(shared_data_dir() / "gracethd-demo-18003", copy);
    const auto clean = run_fibre({"import", "--strict", "--db", (dir / "a.sqlite").string(), copy.string()});
    EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
    // A premise whose address is not in the delivery has no position: it is rejected.
    {
        std::ofstream suf(copy / "t_suf.csv", std::ios::app);
        suf << "SF999;;AD_NOWHERE;;;;;R;;;;;;;;;;\n";
    }
    const auto r = run_fibre({"import", "--strict", "--db", (dir / "b.sqlite").string(), copy.string()});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    // The first rejected feature stops the import, named with its layer, feature and field.
    EXPECT_NE(r.err.find("layer 't_suf', feature SF999, field 'sf_ad_code'"), std::string::npos) << r.err;
}

TEST(ImportScenario, UsageErrorsExitTwoAndMissingSourceExitsOne) {
    TempDir dir;
    const auto db = (dir / "s.sqlite").string();
    EXPECT_EQ(run_fibre({"import", "--db", db, "--as", "nothing", "x"}).exit_code, 2);
    EXPECT_EQ(run_fibre({"import", "--db", db, "--srs", "WGS84", "x"}).exit_code, 2);
    EXPECT_EQ(run_fibre({"import", "--db", db}).exit_code, 2);
    const auto missing = run_fibre({"import", "--db", db, (dir / "nowhere").string()});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("nowhere"), std::string::npos) << missing.err;
}

} // namespace
} // namespace fibre::testing
