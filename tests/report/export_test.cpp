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

TEST_F(Export, AnExistingFileIsReplacedOnlyWithOverwrite) {
    const auto gpkg = dir_ / "existing.gpkg";
    auto r =
        testing::run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--out", gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto before = testing::read_file(gpkg);
    r = testing::run_fibre({"export", "--db", db_.string(), "--layer", "communes", "--out", gpkg.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(gpkg.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--update"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(".part"), std::string::npos) << r.err;
    EXPECT_EQ(testing::read_file(gpkg), before);
    r = testing::run_fibre(
        {"export", "--db", db_.string(), "--layer", "communes", "--overwrite", "--out", gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ds = open(gpkg);
    ASSERT_TRUE(ds);
    EXPECT_NE(ds->GetLayerByName("communes"), nullptr);
    EXPECT_EQ(ds->GetLayerByName("premises"), nullptr);
    // --update is for GeoPackages only.
    r = testing::run_fibre(
        {"export", "--db", db_.string(), "--update", "--out", (dir_ / "x.geojson").string()});
    EXPECT_EQ(r.exit_code, 2);
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
        EXPECT_EQ(entry.path().string().find(".part"), std::string::npos) << entry.path();
    }
}

TEST_F(Export, UpdateReplacesTheLayersWrittenAndKeepsTheOthers) {
    const auto gpkg = dir_ / "coverage.gpkg";
    auto r =
        testing::run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--out", gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = testing::run_fibre({"export", "--db", db_.string(), "--at", "2023-06-30", "--layer",
                            "communes,defects", "--update", "--out", gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ds = open(gpkg);
    ASSERT_TRUE(ds);
    for (const char* name : {"premises", "communes", "pm_zones", "network_links", "worksites", "defects"}) {
        ASSERT_NE(ds->GetLayerByName(name), nullptr) << name;
    }
    EXPECT_EQ(ds->GetLayerByName("premises")->GetFeatureCount(), 12);
    EXPECT_EQ(ds->GetLayerByName("communes")->GetFeatureCount(), 2);
    for (auto& f : *ds->GetLayerByName("premises")) {
        EXPECT_STREQ(f->GetFieldAsString("at"), "2022/12/31");
    }
    for (auto& f : *ds->GetLayerByName("communes")) {
        EXPECT_STREQ(f->GetFieldAsString("at"), "2023/06/30");
    }
    std::multiset<std::string> styled;
    for (auto& f : *ds->GetLayerByName("layer_styles")) {
        styled.insert(f->GetFieldAsString("f_table_name"));
    }
    EXPECT_EQ(styled, (std::multiset<std::string>{"premises", "communes", "pm_zones", "network_links",
                                                  "worksites", "defects"}));
}

TEST_F(Export, EveryLayerSaysItsDateInAFieldAndItsDescription) {
    const auto gpkg = dir_ / "coverage.gpkg";
    auto r = testing::run_fibre({"export", "--db", db_.string(), "--at", "2022-12-31", "--layer",
                                 "premises,communes,pm_zones,network_links,worksites,defects", "--out",
                                 gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ds = open(gpkg);
    ASSERT_TRUE(ds);
    for (const char* name : {"premises", "communes", "pm_zones", "network_links", "worksites", "defects"}) {
        OGRLayer* layer = ds->GetLayerByName(name);
        ASSERT_NE(layer, nullptr) << name;
        ASSERT_GE(layer->GetLayerDefn()->GetFieldIndex("at"), 0) << name;
        for (auto& f : *layer) {
            EXPECT_STREQ(f->GetFieldAsString("at"), "2022/12/31") << name;
        }
        const std::string sql =
            std::string("SELECT description FROM gpkg_contents WHERE table_name = '") + name + "'";
        OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        ASSERT_NE(result, nullptr);
        std::unique_ptr<OGRFeature> row(result->GetNextFeature());
        ASSERT_TRUE(row) << name;
        EXPECT_NE(std::string(row->GetFieldAsString(0)).find("au 2022-12-31"), std::string::npos)
            << row->GetFieldAsString(0);
        ds->ReleaseResultSet(result);
    }
}

TEST_F(Export, LegendsFollowTheLanguage) {
    const auto fr = dir_ / "fr.gpkg";
    const auto en = dir_ / "en.gpkg";
    ASSERT_EQ(
        testing::run_fibre({"export", "--db", db_.string(), "--layer", "premises", "--out", fr.string()})
            .exit_code,
        0);
    ASSERT_EQ(testing::run_fibre({"export", "--db", db_.string(), "--layer", "premises", "--lang", "en",
                                  "--out", en.string()})
                  .exit_code,
              0);
    const auto qml = [&](const std::filesystem::path& p) {
        auto ds = open(p);
        std::unique_ptr<OGRFeature> f(ds->GetLayerByName("layer_styles")->GetNextFeature());
        return std::string(f->GetFieldAsString("styleQML"));
    };
    EXPECT_NE(qml(fr).find("label=\"non raccordable\""), std::string::npos);
    EXPECT_NE(qml(en).find("label=\"not raccordable\""), std::string::npos);
}

TEST_F(Export, DefectsLayerHoldsTheDefectsCheckReports) {
    const auto gpkg = dir_ / "defects.gpkg";
    auto r =
        testing::run_fibre({"export", "--db", db_.string(), "--layer", "defects", "--out", gpkg.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto check = testing::run_fibre({"check", "--db", db_.string(), "--format", "json"});
    ASSERT_EQ(check.exit_code, 0) << check.err;
    std::vector<std::string> expected;
    const auto report = nlohmann::json::parse(check.out);
    for (const auto& d : report["defects"]) {
        expected.push_back(d["code"].get<std::string>() + "|" + d["severity"].get<std::string>() + "|" +
                           d["element_code"].get<std::string>() + "|" + d["message"].get<std::string>());
    }
    auto ds = open(gpkg);
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("defects");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetGeomType(), wkbPoint);
    std::vector<std::string> exported;
    for (auto& f : *layer) {
        exported.push_back(std::string(f->GetFieldAsString("code")) + "|" + f->GetFieldAsString("severity") +
                           "|" + f->GetFieldAsString("element") + "|" + f->GetFieldAsString("message"));
    }
    EXPECT_FALSE(expected.empty()) << check.out;
    EXPECT_EQ(exported, expected);
}

} // namespace
} // namespace fibre
