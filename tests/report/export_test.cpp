// fibre export on the tiny store: the GeoPackage opens with GDAL with its layers and
// styles, the premises CSV has one row per premise, and the figures agree with progress.

#include "tests/rollout/tiny_rollout_store.hpp"
#include "tests/support/test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

namespace fibre {
namespace {

struct GdalCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, GdalCloser>;

Dataset open(const std::filesystem::path& p) {
    GDALAllRegister();
    return Dataset(
        static_cast<GDALDataset*>(GDALOpenEx(p.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
}

class Export : public ::testing::Test {
protected:
    void SetUp() override { testing::build_tiny_rollout_store(db_); }
    testing::TempDir dir_;
    std::filesystem::path db_ = dir_ / "tiny.sqlite";
};

TEST_F(Export, GeoPackageHoldsTheLayersAndTheirStyles) {
    const auto gpkg = dir_ / "coverage.gpkg";
    const auto r =
        testing::run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--out", gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ds = open(gpkg);
    ASSERT_TRUE(ds);
    for (const char* name : {"premises", "communes", "pm_zones", "network_links", "worksites"}) {
        OGRLayer* layer = ds->GetLayerByName(name);
        ASSERT_NE(layer, nullptr) << name;
        EXPECT_EQ(layer->GetSpatialRef() ? layer->GetSpatialRef()->GetAuthorityCode(nullptr) : nullptr,
                  std::string("2154"));
    }
    EXPECT_EQ(ds->GetLayerByName("premises")->GetFeatureCount(), 12);
    EXPECT_EQ(ds->GetLayerByName("communes")->GetFeatureCount(), 2);
    EXPECT_EQ(ds->GetLayerByName("worksites")->GetFeatureCount(), 3);

    // Raccordable locaux in the export equal the progress figure at the same date.
    long long raccordable = 0;
    OGRLayer* premises = ds->GetLayerByName("premises");
    for (auto& f : *premises) {
        if (std::string(f->GetFieldAsString("status")) == "raccordable") {
            raccordable += f->GetFieldAsInteger("locaux");
        }
    }
    const auto progress = testing::run_fibre(
        {"progress", "--db", db_.string(), "--from", "2022Q4", "--to", "2022Q4", "--format", "json"});
    ASSERT_EQ(progress.exit_code, 0) << progress.err;
    EXPECT_EQ(raccordable,
              nlohmann::json::parse(progress.out)["quarters"][0]["raccordables"].get<long long>());
    EXPECT_EQ(raccordable, 7);

    OGRLayer* communes = ds->GetLayerByName("communes");
    for (auto& f : *communes) {
        if (std::string(f->GetFieldAsString("insee")) == "17001") {
            EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("coverage"), 6.0 / 12.0);
        }
    }

    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    std::set<std::string> styled;
    for (auto& f : *styles) {
        styled.insert(f->GetFieldAsString("f_table_name"));
        EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
        const std::string qml = f->GetFieldAsString("styleQML");
        CPLXMLNode* doc = CPLParseXMLString(qml.c_str());
        ASSERT_NE(doc, nullptr) << "style of " << f->GetFieldAsString("f_table_name") << " is not XML";
        EXPECT_NE(CPLGetXMLNode(doc, "=qgis.renderer-v2"), nullptr);
        CPLDestroyXMLNode(doc);
    }
    EXPECT_EQ(styled,
              (std::set<std::string>{"premises", "communes", "pm_zones", "network_links", "worksites"}));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "coverage.gpkg.part.gpkg"));
}

TEST_F(Export, PremisesCsvOneRowPerPremise) {
    const auto csv = dir_ / "premises.csv";
    const auto r = testing::run_fibre(
        {"export", "--db", db_.string(), "--at", "2022-12-31", "--layer", "premises", "--out", csv.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto text = testing::read_file(csv);
    ASSERT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0U) << "no byte-order mark";
    EXPECT_EQ(
        text.rfind("\xEF\xBB\xBFpremise;delivery;commune;locaux;raccordable_since;date_basis;pbo;pm;nro;"
                   "optical_m;assignment;declared_state",
                   0),
        0U);
    EXPECT_NE(text.find("A1;tiny;17001;1;2019-05-10;commissioning;PBO-1;PM-A;NRO-1;1234.5;declared;DEPLOYE;"
                        "raccordable"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("A8;tiny;17001;3;;;;;;;none;;not_raccordable"), std::string::npos) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 13);
}

TEST_F(Export, GeoJsonAndFlatGeobufOneFilePerLayer) {
    const auto r = testing::run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--layer",
                                       "premises,communes", "--out", (dir_ / "cov.geojson").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto premises = open(dir_ / "cov-premises.geojson");
    ASSERT_TRUE(premises);
    EXPECT_EQ(premises->GetLayer(0)->GetFeatureCount(), 12);
    OGREnvelope env;
    ASSERT_EQ(premises->GetLayer(0)->GetExtent(&env), OGRERR_NONE);
    EXPECT_LT(env.MaxX, 10.0); // longitude: written in WGS84
    const auto fgb = testing::run_fibre(
        {"export", "--db", db_.string(), "--layer", "worksites", "--out", (dir_ / "worksites.fgb").string()});
    ASSERT_EQ(fgb.exit_code, 0) << fgb.err;
    auto ws = open(dir_ / "worksites.fgb");
    ASSERT_TRUE(ws);
    // FlatGeobuf leaves out features with no geometry: W3 has no perimeter.
    EXPECT_EQ(ws->GetLayer(0)->GetFeatureCount(), 2);
}

TEST_F(Export, BadRequestsAreUsageErrors) {
    auto r = testing::run_fibre({"export", "--db", db_.string(), "--out", (dir_ / "x.shp").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("extension"), std::string::npos) << r.err;
    r = testing::run_fibre({"export", "--db", db_.string(), "--out", (dir_ / "x.csv").string()});
    EXPECT_EQ(r.exit_code, 2);
    r = testing::run_fibre(
        {"export", "--db", db_.string(), "--layer", "roads", "--out", (dir_ / "x.gpkg").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "x.gpkg"));
    r = testing::run_fibre(
        {"export", "--db", (dir_ / "missing.sqlite").string(), "--out", (dir_ / "y.gpkg").string()});
    EXPECT_EQ(r.exit_code, 1);
}

} // namespace
} // namespace fibre
