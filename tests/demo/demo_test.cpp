// The synthetic département: same seed, same bytes; every file opens in GDAL with the
// layers and fields of docs/formats.md; the truth agrees with itself and with the delivery.

#include "engine/demo/demo.hpp"
#include "engine/demo/gracethd_v3.hpp"
#include "engine/support/date.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/text.hpp"
#include "tests/support/test_support.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <map>
#include <ogrsf_frmts.h>
#include <set>

namespace fibre::demo {
namespace {

namespace fs = std::filesystem;
using fibre::testing::TempDir;

// A small département, generated once for the checks that only read it.
class DemoFiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        gdal::initialise();
        dir_ = new TempDir();
        DemoOptions options;
        options.out = dir_->path();
        options.premises = 3000;
        options.seed = 7;
        summary_ = new DemoSummary(generate(options));
    }
    static void TearDownTestSuite() {
        delete summary_;
        delete dir_;
    }
    static fs::path path(const std::string& rel) { return dir_->path() / rel; }

    static TempDir* dir_;
    static DemoSummary* summary_;
};
TempDir* DemoFiles::dir_ = nullptr;
DemoSummary* DemoFiles::summary_ = nullptr;

// Rows of a CSV as maps from header name to value.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& file, char sep) {
    return fibre::testing::read_csv_records(file, sep);
}

void expect_fields(const fs::path& file, const std::string& driver, const std::vector<std::string>& fields,
                   GIntBig min_features = 1) {
    SCOPED_TRACE(file.string());
    auto ds = gdal::open_vector(file.string());
    ASSERT_TRUE(ds);
    EXPECT_EQ(std::string(ds->GetDriver()->GetDescription()), driver);
    ASSERT_EQ(ds->GetLayerCount(), 1);
    OGRLayer* layer = ds->GetLayer(0);
    for (const auto& f : fields) {
        EXPECT_GE(layer->GetLayerDefn()->GetFieldIndex(f.c_str()), 0) << "missing field " << f;
    }
    EXPECT_GE(layer->GetFeatureCount(), min_features);
}

std::string digest_of_folder(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::string all;
    for (const auto& f : files) {
        const std::string content = fibre::testing::read_file(f);
        all += fs::relative(f, dir).string() + ":" + std::to_string(content.size()) + ":" +
               std::to_string(std::hash<std::string>{}(content)) + "\n";
    }
    return all;
}

TEST(DemoDeterminism, SameSeedGivesIdenticalFilesAndAnotherSeedDoesNot) {
    gdal::initialise();
    TempDir a, b, c;
    for (auto* d : {&a, &b}) {
        DemoOptions options;
        options.out = d->path();
        options.premises = 800;
        options.seed = 42;
        generate(options);
    }
    DemoOptions other;
    other.out = c.path();
    other.premises = 800;
    other.seed = 43;
    generate(other);
    const std::string da = digest_of_folder(a.path());
    EXPECT_GT(std::count(da.begin(), da.end(), '\n'), 1400); // 462 communes x 3 cadastre files, and the rest
    EXPECT_EQ(da, digest_of_folder(b.path()));
    EXPECT_NE(fibre::testing::read_file(a / "truth/premises.csv"),
              fibre::testing::read_file(c / "truth/premises.csv"));
}

std::vector<fs::path> delivery_folders(const fs::path& gracethd) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(gracethd)) {
        if (e.is_directory()) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST_F(DemoFiles, GraceThdDeliveryOpensWithItsFields) {
    const auto folders = delivery_folders(path("gracethd"));
    ASSERT_GE(folders.size(), 3U);
    OGRSpatialReference l93;
    l93.importFromEPSG(2154);
    for (const auto& folder : folders) {
        for (const auto& t : gracethd_v3_tables()) {
            const bool shp = t.geometry != V3Geometry::none;
            const fs::path file = folder / (std::string(t.name) + (shp ? ".shp" : ".csv"));
            std::vector<std::string> fields(t.columns.begin(), t.columns.end());
            expect_fields(file, shp ? "ESRI Shapefile" : "CSV", fields, 0);
            if (!shp) {
                continue;
            }
            // The shapefiles say Lambert-93 and hold the standard's geometry type.
            auto ds = gdal::open_vector(file.string());
            ASSERT_TRUE(ds) << file;
            OGRLayer* layer = ds->GetLayer(0);
            const OGRSpatialReference* srs = layer->GetSpatialRef();
            ASSERT_NE(srs, nullptr) << file;
            EXPECT_TRUE(srs->IsSame(&l93)) << file;
            const OGRwkbGeometryType want = t.geometry == V3Geometry::point  ? wkbPoint
                                            : t.geometry == V3Geometry::line ? wkbLineString
                                                                             : wkbPolygon;
            EXPECT_EQ(wkbFlatten(layer->GetGeomType()), want) << file;
            EXPECT_EQ(fibre::testing::read_file(fs::path(file).replace_extension(".cpg")), "UTF-8");
        }
    }
    // The tables that say something about the network are not empty.
    for (const char* t : {"t_noeud.shp", "t_cheminement.shp", "t_cableline.shp", "t_adresse.shp",
                          "t_znro.shp", "t_zsro.shp", "t_zpbo.shp", "t_cable.csv", "t_cab_chem.csv",
                          "t_site.csv", "t_local.csv", "t_ptech.csv", "t_ebp.csv", "t_baie.csv"}) {
        expect_fields(folders.front() / t, fs::path(t).extension() == ".shp" ? "ESRI Shapefile" : "CSV", {},
                      1);
    }
}

TEST_F(DemoFiles, OtherSourcesOpenWithTheirFields) {
    expect_fields(path("ban/adresses-17.csv"), "CSV",
                  {"id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee",
                   "nom_commune", "x", "y", "lon", "lat", "cad_parcelles"});
    expect_fields(path("cadastre/cadastre-17300-communes.json"), "GeoJSON", {"id", "nom"});
    expect_fields(path("cadastre/cadastre-17300-parcelles.json"), "GeoJSON",
                  {"id", "commune", "prefixe", "section", "numero", "contenance"});
    expect_fields(path("cadastre/cadastre-17300-batiments.json"), "GeoJSON", {"commune", "nom", "type"});
    expect_fields(path("worksites/chantiers.geojson"), "GeoJSON",
                  {"code", "nom", "nature", "ref_pm", "etat", "debut_prevu", "fin_prevue", "debut_reel",
                   "fin_reelle", "date_abandon", "suspensions", "lineaire_prevu_m"});
    expect_fields(path("ipe/IPE_FIBRE17_FI17_PM_IPEZMD_V30_20251231.csv"), "CSV",
                  {"IdentifiantImmeuble", "EtatImmeuble", "CodeInseeImmeuble", "CodeAdresseImmeuble",
                   "CoordonneeImmeubleX", "CoordonneeImmeubleY", "NombreLogementsAdresseIPE",
                   "DateCablageAdresse", "ReferencePM", "EtatPM"});
    expect_fields(
        path("communes/communes-17.csv"), "CSV",
        {"code_insee", "nom", "departement", "population", "epci_siren", "logements", "etablissements"}, 462);
    // Every commune has its three cadastre files; the cadastre is in WGS84 inside the département.
    std::size_t cadastre_files = 0;
    for (const auto& e : fs::directory_iterator(path("cadastre"))) {
        cadastre_files += e.path().extension() == ".json" ? 1 : 0;
    }
    EXPECT_EQ(cadastre_files, 462U * 3);
    auto ds = gdal::open_vector(path("cadastre/cadastre-17300-parcelles.json").string());
    OGREnvelope env;
    ASSERT_EQ(ds->GetLayer(0)->GetExtent(&env), OGRERR_NONE);
    EXPECT_GT(env.MinX, -1.6);
    EXPECT_LT(env.MaxX, 0.2);
    EXPECT_GT(env.MinY, 45.0);
    EXPECT_LT(env.MaxY, 46.5);
}

TEST_F(DemoFiles, CommunesTileTheTerritory) {
    double area = 0;
    for (const auto& e : fs::directory_iterator(path("cadastre"))) {
        const std::string name = e.path().filename().string();
        if (name.find("-communes.json") == std::string::npos) {
            continue;
        }
        auto ds = gdal::open_vector(e.path().string());
        OGRLayer* layer = ds->GetLayer(0);
        gdal::FeaturePtr f(layer->GetNextFeature());
        ASSERT_TRUE(f);
        gdal::GeometryPtr g(f->GetGeometryRef()->clone());
        OGRSpatialReference l93;
        l93.importFromEPSG(2154);
        l93.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        ASSERT_EQ(g->transformTo(&l93), OGRERR_NONE);
        area += g->toMultiPolygon()->get_Area();
    }
    // Charente-Maritime covers 6 864 km2; the outline is drawn to match.
    EXPECT_GT(area / 1e6, 6400);
    EXPECT_LT(area / 1e6, 7400);
}

TEST_F(DemoFiles, TruthIsSelfConsistent) {
    const auto premises = read_csv(path("truth/premises.csv"), ',');
    ASSERT_EQ(premises.size(), 3000U);
    ASSERT_EQ(summary_->premises, 3000U);
    const Date delivery = *parse_date(delivery_date);
    std::map<std::string, std::int64_t> raccordable_per_commune;
    std::size_t raccordables = 0, without_pbo = 0;
    for (const auto& row : premises) {
        if (!row.at("raccordable_since").empty()) {
            EXPECT_FALSE(row.at("pbo_code").empty()) << row.at("premise_code");
            EXPECT_FALSE(row.at("pm_code").empty()) << row.at("premise_code");
            EXPECT_FALSE(row.at("nro_code").empty()) << row.at("premise_code");
            const Date since = *parse_date(row.at("raccordable_since"));
            EXPECT_GE(since, Date::from_ymd(2017, 1, 1));
            EXPECT_LE(since, delivery);
            EXPECT_TRUE(row.at("ipe_state") == "DEPLOYE")
                << row.at("premise_code") << " " << row.at("ipe_state");
            raccordable_per_commune[row.at("insee")] += 1;
            ++raccordables;
        }
        if (row.at("pbo_code").empty()) {
            ++without_pbo;
            EXPECT_TRUE(row.at("raccordable_since").empty());
        }
        EXPECT_EQ(row.at("locaux"), "1");
    }
    EXPECT_EQ(raccordables, summary_->raccordables);
    EXPECT_GT(raccordables, premises.size() / 2); // the rollout is mostly done by the end of 2025
    EXPECT_LT(raccordables, premises.size());     // ... but not everywhere

    const auto quarterly = read_csv(path("truth/quarterly.csv"), ',');
    EXPECT_EQ(quarterly.size(), 462U * 36);
    std::map<std::string, std::int64_t> previous;
    std::int64_t locaux_total = 0, last_total = 0;
    for (const auto& row : quarterly) {
        const auto n = *text::parse_integer(row.at("raccordables"));
        const auto locaux = *text::parse_integer(row.at("locaux"));
        EXPECT_GE(n, previous[row.at("insee")]) << "cumulative count went down in " << row.at("insee");
        EXPECT_LE(n, locaux);
        previous[row.at("insee")] = n;
        if (row.at("quarter") == "2025Q4") {
            EXPECT_EQ(n, raccordable_per_commune[row.at("insee")]) << row.at("insee");
            locaux_total += locaux;
            last_total += n;
        }
    }
    EXPECT_EQ(locaux_total, 3000);
    EXPECT_EQ(last_total, static_cast<std::int64_t>(raccordables));

    std::set<std::string> codes;
    for (const auto& row : read_csv(path("truth/defects.csv"), ',')) {
        codes.insert(row.at("code"));
        EXPECT_FALSE(row.at("element_code").empty());
    }
    EXPECT_EQ(codes, (std::set<std::string>{"MISSING_NODE", "END_SNAPPED", "DECLARED_NOT_FED",
                                            "DUPLICATE_CODE", "INVALID_GEOMETRY"}));

    std::set<std::string> traps;
    for (const auto& row : read_csv(path("truth/traps.csv"), ',')) {
        traps.insert(row.at("trap"));
        EXPECT_TRUE(fs::is_directory(path("gracethd") / row.at("delivery"))) << row.at("delivery");
        EXPECT_FALSE(row.at("element_code").empty());
        EXPECT_FALSE(row.at("expected").empty());
    }
    EXPECT_EQ(traps,
              (std::set<std::string>{"shared_nro", "bpe_declared_to_build",
                                     "transport_bpe_and_pbo_in_one_chamber", "coincident_nodes",
                                     "reversed_cable_empty_end", "box_located_by_cables", "no_datemes"}));

    const std::set<std::string> states{"planned", "active", "suspended", "overdue", "completed", "abandoned"};
    for (const auto& row : read_csv(path("truth/worksites.csv"), ',')) {
        EXPECT_TRUE(states.count(row.at("state_2020_04_15"))) << row.at("code");
        EXPECT_TRUE(states.count(row.at("state_2023_06_30"))) << row.at("code");
    }
}

TEST_F(DemoFiles, TruthAgreesWithTheDelivery) {
    // Premises are the FTTH t_local rows of each delivery, with the PBO the truth names; a premise
    // is (delivery, premise_code), codes repeating between deliveries.
    using Key = std::pair<std::string, std::string>;
    std::map<Key, std::string> pbo_of;
    std::map<Key, std::map<std::string, std::string>> boxes;
    std::vector<Key> invalid;
    for (const auto& folder : delivery_folders(path("gracethd"))) {
        const std::string d = folder.filename().string();
        for (const auto& row : read_csv(folder / "t_local.csv", ';')) {
            if (row.at("lc_typelog") == "FTTH") {
                EXPECT_TRUE(pbo_of.emplace(Key{d, row.at("lc_code")}, row.at("lc_bp_codf")).second);
            }
        }
        for (const auto& row : read_csv(folder / "t_ebp.csv", ';')) {
            boxes[{d, row.at("bp_code")}] = row;
        }
        auto ds = gdal::open_vector((folder / "t_zpbo.shp").string());
        for (auto& f : *ds->GetLayer(0)) {
            if (!f->GetGeometryRef()->IsValid()) {
                invalid.emplace_back(d, f->GetFieldAsString("zp_code"));
            }
        }
    }
    const auto premises = read_csv(path("truth/premises.csv"), ',');
    ASSERT_EQ(pbo_of.size(), premises.size());
    for (const auto& row : premises) {
        const Key key{row.at("delivery"), row.at("premise_code")};
        ASSERT_TRUE(pbo_of.count(key)) << key.first << " " << key.second;
        EXPECT_EQ(pbo_of[key], row.at("pbo_code"));
        if (!row.at("raccordable_since").empty()) {
            // A raccordable premise's PBO is built and in service no later than that day.
            const auto& box = boxes.at({key.first, row.at("pbo_code")});
            EXPECT_EQ(box.at("bp_avct"), "E");
            const std::string from =
                box.at("bp_datemes").empty() ? box.at("bp_dateins") : box.at("bp_datemes");
            EXPECT_LE(*parse_date(from), *parse_date(row.at("raccordable_since")));
        }
    }
    // The only premises declared DEPLOYE but not raccordable are those of the injected defect.
    std::size_t declared_not_fed = 0;
    for (const auto& row : premises) {
        if (row.at("ipe_state") == "DEPLOYE" && row.at("raccordable_since").empty()) {
            ++declared_not_fed;
        }
    }
    EXPECT_GE(declared_not_fed, 1U);
    EXPECT_LE(declared_not_fed, 12U);
    // One t_zpbo polygon is invalid, and it is the one the truth names.
    Key named;
    for (const auto& row : read_csv(path("truth/defects.csv"), ',')) {
        EXPECT_TRUE(fs::is_directory(path("gracethd") / row.at("delivery"))) << row.at("delivery");
        if (row.at("code") == "INVALID_GEOMETRY") {
            named = {row.at("delivery"), row.at("element_code")};
        }
    }
    EXPECT_EQ(invalid, std::vector<Key>{named});
}

TEST(DemoCommand, GeneratesOnlyWhenAskedAndRefusesZeroPremises) {
    TempDir dir;
    const auto ok = fibre::testing::run_fibre(
        {"demo", "--out", dir.path().string(), "--premises", "300", "--generate-only"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("premises 300"), std::string::npos) << ok.out;
    EXPECT_TRUE(fs::exists(dir / "truth/premises.csv"));
    EXPECT_FALSE(fs::exists(dir / "fibre.sqlite"));
    const auto bad = fibre::testing::run_fibre({"demo", "--out", dir.path().string(), "--premises", "0"});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

// The whole product on the demo: what `fibre analyze` finds, as `fibre export` shows it, is the
// generator's truth, premise by premise.
TEST(DemoPipeline, AnalysisFindsTheTruth) {
    const auto help = fibre::testing::run_fibre({"--help"});
    for (const char* stage : {"import", "analyze", "export"}) {
        if (help.out.find(std::string("  ") + stage) == std::string::npos) {
            GTEST_SKIP() << "fibre has no '" << stage << "' command yet: the end-to-end check is skipped";
        }
    }
    TempDir dir;
    const auto run = fibre::testing::run_fibre(
        {"demo", "--out", dir.path().string(), "--premises", "1500", "--seed", "5"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto exported =
        fibre::testing::run_fibre({"export", "--db", (dir / "fibre.sqlite").string(), "--layer", "premises",
                                   "--at", "2025-12-31", "--out", (dir / "premises.csv").string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    // A premise is (delivery, premise_code): codes repeat between delivery folders.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> found;
    for (const auto& row : read_csv(dir / "premises.csv", ';')) {
        ASSERT_TRUE(row.count("delivery") && row.count("premise") && row.count("raccordable_since") &&
                    row.count("pbo"));
        // Codes that several deliveries give to different things are told apart as CODE@delivery;
        // the truth names them as the premise's own delivery writes them.
        const auto own = [&](std::string code) {
            const auto suffix = "@" + row.at("delivery");
            if (code.size() > suffix.size() &&
                code.compare(code.size() - suffix.size(), suffix.size(), suffix) == 0) {
                code.resize(code.size() - suffix.size());
            }
            return code;
        };
        found[{row.at("delivery"), row.at("premise")}] = {row.at("raccordable_since"), own(row.at("pbo")),
                                                          own(row.at("pm")), own(row.at("nro"))};
    }
    const auto truth = read_csv(dir / "truth/premises.csv", ',');
    ASSERT_EQ(found.size(), truth.size());
    std::size_t mismatches = 0;
    for (const auto& row : truth) {
        const std::vector<std::string> expected{row.at("raccordable_since"), row.at("pbo_code"),
                                                row.at("pm_code"), row.at("nro_code")};
        const auto it = found.find({row.at("delivery"), row.at("premise_code")});
        ASSERT_NE(it, found.end()) << row.at("delivery") << " " << row.at("premise_code");
        if (it->second != expected && ++mismatches <= 5) {
            ADD_FAILURE() << row.at("delivery") << " " << row.at("premise_code") << ": analysis "
                          << fmt::format("{}", fmt::join(it->second, " / ")) << ", truth "
                          << fmt::format("{}", fmt::join(expected, " / "));
        }
    }
    EXPECT_EQ(mismatches, 0U);
}

} // namespace
} // namespace fibre::demo
