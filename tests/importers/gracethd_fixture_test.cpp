// The small GraceTHD v3 delivery that the importers' tests read (see gracethd_fixture_test.hpp),
// and a check that it is what it claims to be.

#include "tests/importers/gracethd_fixture_test.hpp"

#include "engine/support/gdal_handles.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <limits>
#include <ogrsf_frmts.h>
#include <stdexcept>

namespace fibre::testing {

void write_shapefile(const std::filesystem::path& dir, const std::string& name,
                     const std::vector<std::string>& wkt, const std::vector<ShpField>& fields, int epsg) {
    std::filesystem::create_directories(dir);
    auto ds = gdal::create_vector((dir / (name + ".shp")).string(), "ESRI Shapefile");
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg == 0 ? 2154 : epsg);
    OGRGeometry* first = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.front().c_str(), nullptr, &first);
    const auto type = first->getGeometryType();
    OGRGeometryFactory::destroyGeometry(first);
    char encoding[] = "ENCODING=UTF-8";
    char* options[] = {encoding, nullptr};
    auto* layer = ds->CreateLayer(name.c_str(), epsg == 0 ? nullptr : &srs, type, options);
    for (const auto& f : fields) {
        OGRFieldDefn defn(f.name.c_str(), OFTString);
        defn.SetWidth(80);
        layer->CreateField(&defn);
    }
    for (std::size_t i = 0; i < wkt.size(); ++i) {
        OGRFeature feature(layer->GetLayerDefn());
        OGRGeometry* g = nullptr;
        if (wkt[i] == "POINT (nan nan)") {
            g = new OGRPoint(std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::quiet_NaN());
        } else if (OGRGeometryFactory::createFromWkt(wkt[i].c_str(), nullptr, &g) != OGRERR_NONE) {
            throw std::runtime_error("bad WKT in a test fixture: " + wkt[i]);
        }
        feature.SetGeometryDirectly(g);
        for (const auto& f : fields) {
            if (!f.values[i].empty()) {
                feature.SetField(f.name.c_str(), f.values[i].c_str());
            }
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
            throw std::runtime_error("cannot write a test shapefile");
        }
    }
}

void write_csv(const std::filesystem::path& path, const std::string& header,
               const std::vector<std::string>& rows) {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF" << header << "\r\n";
    for (const auto& r : rows) {
        out << r << "\r\n";
    }
}

void write_v3_delivery(const std::filesystem::path& dir) {
    write_shapefile(dir, "t_noeud",
                    {"POINT (400000 6500000)", "POINT (400100 6500000)", "POINT (400200 6500000)",
                     "POINT (400300 6500000)"},
                    {{"nd_code", {"ND1", "ND2", "ND3", "ND4"}}, {"nd_type", {"ST", "ST", "PT", "PT"}}});
    write_shapefile(dir, "t_cheminement",
                    {"LINESTRING (400000 6500000,400100 6500000)",
                     "LINESTRING (400100 6500000,400200 6500000)",
                     "MULTILINESTRING ((400200 6500000,400250 6500000),(400250 6500000,400300 6500000))"},
                    {{"cm_code", {"CM1", "CM2", "CM3"}},
                     {"cm_ndcode1", {"ND1", "ND2", "ND3"}},
                     {"cm_ndcode2", {"ND2", "ND3", "ND9"}},
                     {"cm_statut", {"REC", "REC", "avp"}},
                     {"cm_avct", {"E", "E", "C"}},
                     {"cm_typelog", {"TR", "DI", "DI"}},
                     {"cm_typ_imp", {"7", "0", "2"}},
                     {"cm_long", {"100", "100,5", ""}},
                     {"cm_datcons", {"2019-10-28 12-23-52", "20200115", "15/01/2021"}},
                     {"cm_datemes", {"2023-06-14 00:00:00", "", ""}}});
    write_shapefile(dir, "t_cableline", {"LINESTRING (400000 6500000,400100 6500000)"},
                    {{"cl_code", {"CL1"}}, {"cl_cb_code", {"CB1"}}});
    write_shapefile(dir, "t_adresse", {"POINT (400210 6500010)", "POINT (400220 6500020)"},
                    {{"ad_code", {"AD1", "AD2"}},
                     {"ad_insee", {"17001", "17002"}},
                     {"ad_numero", {"12", "3"}},
                     {"ad_rep", {"bis", ""}},
                     {"ad_nomvoie", {"Rue de l'Église", "Chemin des Prés"}},
                     {"ad_nbfotth", {"2", "1"}},
                     {"ad_ietat", {"DE", "ZZ"}}});
    write_shapefile(
        dir, "t_znro",
        {"POLYGON ((399000 6499000,401000 6499000,401000 6501000,399000 6501000,399000 6499000))"},
        {{"zn_code", {"ZN1"}}, {"zn_lc_code", {"LCNRO"}}});
    write_shapefile(
        dir, "t_zsro",
        {"POLYGON ((399500 6499500,400500 6499500,400500 6500500,399500 6500500,399500 6499500))"},
        {{"zs_code", {"ZS1"}},
         {"zs_lc_code", {"LCPM"}},
         {"zs_refpm", {"PM_17_001"}},
         {"zs_etatpm", {"DP"}},
         {"zs_nblogmt", {"3"}},
         {"zs_datcomr", {"2023-01-02"}}});
    // The second PBO zone has a spike (out and back along the same line): the repair drops it.
    write_shapefile(dir, "t_zpbo",
                    {"POLYGON ((400150 6499950,400250 6499950,400250 6500050,400150 6500050,400150 6499950))",
                     "POLYGON ((400300 6499900,400400 6499900,400400 6500000,400350 6500000,400350 "
                     "6500050,400350 6500000,400300 6500000,400300 6499900))"},
                    {{"zp_code", {"ZP1", "ZP2"}}, {"zp_bp_code", {"BP1", "BP2"}}});
    write_csv(dir / "t_cable.csv",
              "cb_code;cb_nd1;cb_nd2;cb_bp1;cb_bp2;cb_typelog;cb_statut;cb_avct;cb_capafo;cb_long;cb_dateins;"
              "cb_datemes",
              {"CB1;ND1;ND2;;;TR;REC;E;144;101.5;2020-01-01;2020-02-01", "CB2;ND2;ND3;;BP1;DI;XXX;E;24;;;"});
    write_csv(dir / "t_cab_chem.csv", "cc_cb_code;cc_cm_code", {"CB1;CM1", "CB2;CM2"});
    write_csv(dir / "t_site.csv", "st_code;st_nd_code;st_typelog;st_statut",
              {"ST1;ND1;RESEAU;REC", "ST2;ND2;RESEAU;REC"});
    write_csv(dir / "t_local.csv",
              "lc_code;lc_st_code;lc_ad_code;lc_bp_codf;lc_typelog;lc_statut;lc_avct;lc_datemes",
              {"LCNRO;ST1;;;NRO;REC;E;2020-03-01", "LCPM;ST2;;;SRO;REC;E;2020-03-02", "LC1;;AD1;BP1;FTTH;;;",
               "LC2;;AD1;BP9;FTTH;;;", "LC3;;AD7;BP1;FTTH;;;", "LC4;;AD2;BP2;FTTH;;;"});
    write_csv(dir / "t_ptech.csv", "pt_code;pt_nd_code", {"PT3;ND3", "PT4;ND4"});
    write_csv(dir / "t_ebp.csv", "bp_code;bp_pt_code;bp_lc_code;bp_typelog;bp_statut;bp_avct;bp_datemes",
              {"BP1;PT3;;PBO;REC;E;2021-05-01", "BP2;PT4;;PBO;REC;E;", "BPE1;;LCPM;BPE;REC;E;"});
}

namespace {

TEST(GracethdFixture, WritesReadableShapefilesAndCsv) {
    TempDir dir;
    write_v3_delivery(dir.path());
    for (const char* f : {"t_noeud.shp", "t_noeud.prj", "t_cable.csv", "t_local.csv", "t_zpbo.shp"}) {
        EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
    }
    auto ds = gdal::open_vector((dir / "t_cheminement.shp").string());
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 3);
}

} // namespace
} // namespace fibre::testing
