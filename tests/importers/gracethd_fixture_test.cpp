// The small GraceTHD v3 delivery that the importers' tests read (see gracethd_fixture_test.hpp),
// and a check that it is what it claims to be.

#include "tests/importers/gracethd_fixture_test.hpp"

#include "engine/support/gdal_handles.hpp"
#include "tests/support/gracethd_v3_writer.hpp"
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
    GracethdV3Writer w;
    w.row("t_noeud", {{"nd_code", "ND1"}}, "POINT (400000 6500000)")
        .row("t_noeud", {{"nd_code", "ND2"}}, "POINT (400100 6500000)")
        .row("t_noeud", {{"nd_code", "ND3"}}, "POINT (400200 6500000)")
        .row("t_noeud", {{"nd_code", "ND4"}}, "POINT (400300 6500000)");
    w.row("t_cheminement",
          {{"cm_code", "CM1"},
           {"cm_ndcode1", "ND1"},
           {"cm_ndcode2", "ND2"},
           {"cm_statut", "REC"},
           {"cm_avct", "E"},
           {"cm_typelog", "TR"},
           {"cm_typ_imp", "7"}},
          "LINESTRING (400000 6500000,400100 6500000)")
        .row("t_cheminement",
             {{"cm_code", "CM2"},
              {"cm_ndcode1", "ND2"},
              {"cm_ndcode2", "ND3"},
              {"cm_statut", "REC"},
              {"cm_avct", "E"},
              {"cm_typelog", "DI"},
              {"cm_typ_imp", "0"}},
             "LINESTRING (400100 6500000,400200 6500000)")
        .row("t_cheminement",
             {{"cm_code", "CM3"},
              {"cm_ndcode1", "ND3"},
              {"cm_ndcode2", "ND9"},
              {"cm_statut", "avp"},
              {"cm_avct", "C"},
              {"cm_typelog", "DI"},
              {"cm_typ_imp", "2"}},
             "MULTILINESTRING ((400200 6500000,400250 6500000),(400250 6500000,400300 6500000))");
    w.row("t_cableline", {{"cl_code", "CL1"}, {"cl_cb_code", "CB1"}},
          "LINESTRING (400000 6500000,400100 6500000)")
        .row("t_cableline", {{"cl_code", "CL3"}, {"cl_cb_code", "CB3"}},
             "LINESTRING (400200 6500000,400200 6500050)")
        .row("t_cableline", {{"cl_code", "CL4"}, {"cl_cb_code", "CB4"}},
             "LINESTRING (400000 6500000,400100 6500000)");
    w.row("t_adresse",
          {{"ad_code", "AD1"},
           {"ad_insee", "17001"},
           {"ad_numero", "12"},
           {"ad_rep", "bis"},
           {"ad_nomvoie", "Rue de l'Église"},
           {"ad_nblres", "2"},
           {"ad_nbfotth", "2"},
           {"ad_ietat", "DE"}},
          "POINT (400210 6500010)")
        .row("t_adresse",
             {{"ad_code", "AD2"},
              {"ad_insee", "17002"},
              {"ad_numero", "3"},
              {"ad_nomvoie", "Chemin des Prés"},
              {"ad_nbfotth", "1"},
              {"ad_ietat", "ZZ"}},
             "POINT (400220 6500020)");
    w.row("t_znro", {{"zn_code", "ZN1"}, {"zn_lc_code", "LCNRO"}, {"zn_nroref", "NRO-17-001"}},
          "POLYGON ((399000 6499000,401000 6499000,401000 6501000,399000 6501000,399000 6499000))");
    w.row("t_zsro",
          {{"zs_code", "ZS1"},
           {"zs_lc_code", "LCPM"},
           {"zs_refpm", "PM_17_001"},
           {"zs_etatpm", "DP"},
           {"zs_nblogmt", "3"},
           {"zs_datcomr", "2023-01-02"}},
          "POLYGON ((399500 6499500,400500 6499500,400500 6500500,399500 6500500,399500 6499500))");
    // The second PBO zone has a spike (out and back along the same line): the repair drops it.
    w.row("t_zpbo", {{"zp_code", "ZP1"}, {"zp_bp_code", "BP1"}},
          "POLYGON ((400150 6499950,400250 6499950,400250 6500050,400150 6500050,400150 6499950))")
        .row("t_zpbo", {{"zp_code", "ZP2"}, {"zp_bp_code", "BP2"}},
             "POLYGON ((400300 6499900,400400 6499900,400400 6500000,400350 6500000,400350 "
             "6500050,400350 6500000,400300 6500000,400300 6499900))");
    w.row("t_cable", {{"cb_code", "CB1"},
                      {"cb_nd1", "ND1"},
                      {"cb_nd2", "ND2"},
                      {"cb_typelog", "TR"},
                      {"cb_statut", "REC"},
                      {"cb_avct", "E"},
                      {"cb_capafo", "144"},
                      {"cb_lgreel", "101,5"},
                      {"cb_dateins", "2019-10-28 12-23-52"},
                      {"cb_datemes", "2023-06-14 00:00:00"}})
        .row("t_cable", {{"cb_code", "CB2"},
                         {"cb_nd1", "ND2"},
                         {"cb_nd2", "ND3"},
                         {"cb_bp2", "BP1"},
                         {"cb_typelog", "DI"},
                         {"cb_statut", "XXX"},
                         {"cb_avct", "E"},
                         {"cb_capafo", "24"},
                         {"cb_dateins", "20200115"}})
        // Its second end node is not delivered: the box it names there is placed by its geometry.
        .row("t_cable", {{"cb_code", "CB3"},
                         {"cb_nd1", "ND3"},
                         {"cb_nd2", "ND8"},
                         {"cb_bp2", "BP3"},
                         {"cb_typelog", "DI"},
                         {"cb_statut", "REC"},
                         {"cb_avct", "E"},
                         {"cb_dateins", "15/01/2021"}})
        // No first end node: the rack it names at the NRO gives it.
        .row("t_cable", {{"cb_code", "CB4"},
                         {"cb_ba1", "BA1"},
                         {"cb_nd2", "ND2"},
                         {"cb_typelog", "TR"},
                         {"cb_statut", "REC"},
                         {"cb_avct", "E"},
                         {"cb_dateins", "20191009000000"}});
    w.row("t_cab_chem", {{"cc_cb_code", "CB1"}, {"cc_cm_code", "CM1"}})
        .row("t_cab_chem", {{"cc_cb_code", "CB2"}, {"cc_cm_code", "CM2"}});
    w.row("t_site",
          {{"st_code", "ST1"}, {"st_nd_code", "ND1"}, {"st_typelog", "RESEAU"}, {"st_statut", "REC"}})
        .row("t_site",
             {{"st_code", "ST2"}, {"st_nd_code", "ND2"}, {"st_typelog", "RESEAU"}, {"st_statut", "REC"}})
        .row("t_site", {{"st_code", "ST3"}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD1"}})
        .row("t_site", {{"st_code", "ST4"}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD7"}})
        .row("t_site", {{"st_code", "ST5"}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD2"}});
    w.row("t_local", {{"lc_code", "LCNRO"},
                      {"lc_st_code", "ST1"},
                      {"lc_typelog", "NRO"},
                      {"lc_statut", "REC"},
                      {"lc_avct", "E"},
                      {"lc_datemes", "2020-03-01"}})
        .row("t_local", {{"lc_code", "LCPM"},
                         {"lc_st_code", "ST2"},
                         {"lc_typelog", "SRO"},
                         {"lc_statut", "REC"},
                         {"lc_avct", "E"},
                         {"lc_datemes", "2020-03-02"}})
        .row("t_local",
             {{"lc_code", "LC1"}, {"lc_st_code", "ST3"}, {"lc_bp_codf", "BP1"}, {"lc_typelog", "FTTH"}})
        .row("t_local",
             {{"lc_code", "LC2"}, {"lc_st_code", "ST3"}, {"lc_bp_codf", "BP9"}, {"lc_typelog", "FTTH"}})
        .row("t_local",
             {{"lc_code", "LC3"}, {"lc_st_code", "ST4"}, {"lc_bp_codf", "BP1"}, {"lc_typelog", "FTTH"}})
        .row("t_local",
             {{"lc_code", "LC4"}, {"lc_st_code", "ST5"}, {"lc_bp_codf", "BP2"}, {"lc_typelog", "FTTH"}});
    w.row("t_ptech", {{"pt_code", "PT3"}, {"pt_nd_code", "ND3"}})
        .row("t_ptech", {{"pt_code", "PT4"}, {"pt_nd_code", "ND4"}});
    w.row("t_ebp", {{"bp_code", "BP1"},
                    {"bp_pt_code", "PT3"},
                    {"bp_typelog", "PBO"},
                    {"bp_statut", "REC"},
                    {"bp_avct", "E"},
                    {"bp_datemes", "2021-05-01"}})
        .row("t_ebp", {{"bp_code", "BP2"},
                       {"bp_pt_code", "PT4"},
                       {"bp_typelog", "PBO"},
                       {"bp_statut", "REC"},
                       {"bp_avct", "E"}})
        .row("t_ebp", {{"bp_code", "BPE1"},
                       {"bp_lc_code", "LCPM"},
                       {"bp_typelog", "BPE"},
                       {"bp_statut", "REC"},
                       {"bp_avct", "E"}})
        .row("t_ebp", {{"bp_code", "BP3"}, {"bp_typelog", "PBO"}, {"bp_statut", "REC"}, {"bp_avct", "E"}});
    w.row("t_baie", {{"ba_code", "BA1"}, {"ba_lc_code", "LCNRO"}});
    w.write(dir);
}

namespace {

TEST(GracethdFixture, WritesReadableShapefilesAndCsv) {
    TempDir dir;
    write_v3_delivery(dir.path());
    for (const char* f : {"t_noeud.shp", "t_noeud.prj", "t_cable.csv", "t_local.csv", "t_zpbo.shp",
                          "t_baie.csv", "t_fibre.csv", "t_tranchee.shp"}) {
        EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
    }
    auto ds = gdal::open_vector((dir / "t_cheminement.shp").string());
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 3);
}

} // namespace
} // namespace fibre::testing
