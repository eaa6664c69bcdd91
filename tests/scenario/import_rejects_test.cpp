// What the import could not take is visible afterwards: `fibre check` lists each rejected
// feature with its source, layer, feature, field and reason, and a box the import rejected is
// reported as such where a cable or a premise names it, never as a box that does not exist.
//
//   NRO ND1 ----CB1---- PM ND2 ----CB2----> (no end node, no cableline)
//                                  BP1 at the end of CB2: its technical point PT9 is not
//                                  delivered, and CB2 cannot place it: rejected. LC1 names it.

#include "tests/support/gracethd_v3_writer.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

using testing::run_fibre;

TEST(ImportRejects, CheckListsThemAndNamesRejectedBoxesAsSuch) {
    testing::TempDir dir;
    testing::GracethdV3Writer w;
    w.row("t_noeud", {{"nd_code", "ND1"}}, "POINT (380000 6560000)");
    w.row("t_noeud", {{"nd_code", "ND2"}}, "POINT (380100 6560000)");
    w.row("t_site", {{"st_code", "ST1"}, {"st_nd_code", "ND1"}, {"st_typelog", "RESEAU"}});
    w.row("t_site", {{"st_code", "ST2"}, {"st_nd_code", "ND2"}, {"st_typelog", "RESEAU"}});
    w.row("t_local", {{"lc_code", "LC01"},
                      {"lc_st_code", "ST1"},
                      {"lc_typelog", "NRO"},
                      {"lc_statut", "REC"},
                      {"lc_avct", "E"},
                      {"lc_datemes", "2020-01-01"}});
    w.row("t_local", {{"lc_code", "LC02"},
                      {"lc_st_code", "ST2"},
                      {"lc_typelog", "SRO"},
                      {"lc_statut", "REC"},
                      {"lc_avct", "E"},
                      {"lc_datemes", "2020-01-01"}});
    w.row("t_cable", {{"cb_code", "CB1"},
                      {"cb_nd1", "ND1"},
                      {"cb_nd2", "ND2"},
                      {"cb_typelog", "TR"},
                      {"cb_statut", "REC"},
                      {"cb_avct", "E"},
                      {"cb_datemes", "2020-01-01"}});
    w.row("t_cableline", {{"cl_code", "CL1"}, {"cl_cb_code", "CB1"}},
          "LINESTRING (380000 6560000,380100 6560000)");
    w.row("t_cable", {{"cb_code", "CB2"},
                      {"cb_nd1", "ND2"},
                      {"cb_bp2", "BP1"},
                      {"cb_typelog", "DI"},
                      {"cb_statut", "REC"},
                      {"cb_avct", "E"},
                      {"cb_datemes", "2020-01-01"}});
    w.row("t_ebp", {{"bp_code", "BP1"},
                    {"bp_pt_code", "PT9"},
                    {"bp_typelog", "PBO"},
                    {"bp_statut", "REC"},
                    {"bp_avct", "E"}});
    w.row("t_adresse", {{"ad_code", "AD1"}, {"ad_insee", "17300"}, {"ad_nblres", "1"}},
          "POINT (380150 6560010)");
    w.row("t_site", {{"st_code", "ST3"}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD1"}});
    w.row("t_local",
          {{"lc_code", "LC1"}, {"lc_st_code", "ST3"}, {"lc_bp_codf", "BP1"}, {"lc_typelog", "FTTH"}});
    w.write(dir / "delivery");

    const auto db = (dir / "s.sqlite").string();
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    auto r = run_fibre({"import", "--db", db, (dir / "delivery").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("1 feature(s) rejected"), std::string::npos) << r.err;

    r = run_fibre({"check", "--db", db, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    ASSERT_EQ(report["rejects"].size(), 1U) << report["rejects"].dump();
    const auto& reject = report["rejects"][0];
    EXPECT_EQ(reject["layer"], "t_ebp");
    EXPECT_EQ(reject["feature"], "BP1");
    EXPECT_EQ(reject["field"], "bp_pt_code");
    EXPECT_EQ(reject["action"], "rejected");
    EXPECT_NE(reject["source"].get<std::string>().find("delivery"), std::string::npos);
    EXPECT_NE(reject["reason"].get<std::string>().find("no node found"), std::string::npos) << reject.dump();
    int rejected_box = 0;
    for (const auto& d : report["defects"]) {
        EXPECT_NE(d["code"], "MISSING_BOX") << d.dump();
        if (d["code"] == "REJECTED_BOX") {
            ++rejected_box;
            EXPECT_NE(d["message"].get<std::string>().find("t_ebp, field bp_pt_code"), std::string::npos)
                << d.dump();
        }
    }
    EXPECT_EQ(rejected_box, 2); // named by CB2 and by LC1

    // The table says the same; --rejects all adds what was kept with a problem.
    r = run_fibre({"check", "--db", db});
    EXPECT_NE(r.out.find("1 feature(s) not taken as delivered"), std::string::npos) << r.out;
    r = run_fibre({"check", "--db", db, "--rejects", "all", "--format", "json"});
    EXPECT_GT(nlohmann::json::parse(r.out)["rejects"].size(), 1U);
    r = run_fibre({"check", "--db", db, "--rejects", "none", "--format", "json"});
    EXPECT_TRUE(nlohmann::json::parse(r.out)["rejects"].empty());
}

} // namespace
} // namespace fibre
