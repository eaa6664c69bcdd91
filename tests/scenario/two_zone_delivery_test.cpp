// Two SRO zones of one NRO delivered as two GraceTHD v3 folders, as real deliveries come:
// codes numbered from 1 in each (LC000000000003 is a premise in both), the NRO, its node,
// its first transport cable and a splice closure delivered by both, a metre apart, and the
// traps of real deliveries (DOMAIN.md, "Pitfalls"). Written with the standard's columns, run
// through `fibre import` and `fibre analyze` in three orders.
//
//   zone-a                                         zone-b
//                       ND5 PBO BP2 (LC3 LC4 LC5)
//                        |
//                       ND4                          J = ND2: BPE BP1, declared PRO/C,
//                        |                           its cables in service (both zones)
//   NRO ND1 ---CB1--- J ND2 ---CB2--- PM-A ND3       CB1: no first node, drawn reversed;
//   (pole ND6 on it)     |                           a pole ND6 (zone-a) sits on the NRO node
//                        +--CB5 (TR)-- ND7 PBO BP3 (LC6): reached by transport only
//                        |
//                        +--CB2(b)-- K ND3(b): BPE BP2(b) and PBO BP3(b) (LC3 LC4 of zone-b)
//                                     |
//                                    CB3(b) TR          CB4(b) DI from PM-B back to K's PBO,
//                                     |                  commissioned last
//                                    PM-B ND4(b) --CB5(b)-- [ND9, not delivered] PBO BP4 (LC5 of zone-b)
//
// zone-b carries no *_datemes at all, only *_dateins.

#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "tests/support/gracethd_v3_writer.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>

namespace fibre {
namespace {

using testing::GracethdV3Writer;
using testing::run_fibre;
using testing::TempDir;
using namespace testing::draw;

// A built element's status and dates: zone-b writes only the installation date.
std::map<std::string, std::string> built(const char* prefix, const std::string& date, bool datemes) {
    std::map<std::string, std::string> v{{std::string(prefix) + "_statut", "REC"},
                                         {std::string(prefix) + "_avct", "E"}};
    v[std::string(prefix) + (datemes ? "_datemes" : "_dateins")] = date;
    return v;
}

// What both zones deliver alike, zone-b one metre east.
void write_shared(GracethdV3Writer& w, double east, bool datemes) {
    w.row("t_noeud", {{"nd_code", code("ND", 1)}}, pt(east, 0));
    w.row("t_noeud", {{"nd_code", code("ND", 2)}}, pt(1000 + east, 0));
    w.row("t_ptech", {{"pt_code", code("PT", 1)}, {"pt_nd_code", code("ND", 2)}});
    w.row("t_ebp", {{"bp_code", code("BP", 1)},
                    {"bp_pt_code", code("PT", 1)},
                    {"bp_typelog", "BPE"},
                    {"bp_statut", "PRO"},
                    {"bp_avct", "C"}});
    w.row("t_site", {{"st_code", code("ST", 1)}, {"st_nd_code", code("ND", 1)}, {"st_typelog", "RESEAU"}});
    w.row("t_local",
          with(built("lc", datemes ? "2019-12-01" : "2019-11-01", datemes),
               {{"lc_code", code("LC", 1)}, {"lc_st_code", code("ST", 1)}, {"lc_typelog", "NRO"}}));
    w.row("t_baie", {{"ba_code", code("BA", 1)}, {"ba_lc_code", code("LC", 1)}});
    // No first end node nor rack, drawn from its far end to the NRO.
    w.row("t_cable",
          with(built("cb", datemes ? "2020-01-10" : "2020-01-05", datemes), {{"cb_code", code("CB", 1)},
                                                                             {"cb_nd2", code("ND", 2)},
                                                                             {"cb_bp2", code("BP", 1)},
                                                                             {"cb_typelog", "TR"},
                                                                             {"cb_capafo", "72"}}));
    w.row("t_cableline", {{"cl_code", code("CL", 1)}, {"cl_cb_code", code("CB", 1)}},
          line(1000 + east, 0, east, 0));
    w.row("t_znro", {{"zn_code", code("ZN", 1)}, {"zn_lc_code", code("LC", 1)}, {"zn_nroref", "NRO-T-001"}},
          square(1000, -500, 2500));
}

void cable(GracethdV3Writer& w, int n, const std::map<std::string, std::string>& values, double ax, double ay,
           double bx, double by) {
    auto v = values;
    v["cb_code"] = code("CB", n);
    w.row("t_cable", v);
    w.row("t_cableline", {{"cl_code", code("CL", n)}, {"cl_cb_code", code("CB", n)}}, line(ax, ay, bx, by));
}

void write_zone_a(const std::filesystem::path& dir) {
    GracethdV3Writer w;
    write_shared(w, 0, true);
    w.row("t_noeud", {{"nd_code", code("ND", 3)}}, pt(2000, 0));
    w.row("t_noeud", {{"nd_code", code("ND", 4)}}, pt(2000, 500));
    w.row("t_noeud", {{"nd_code", code("ND", 5)}}, pt(2000, 600));
    w.row("t_noeud", {{"nd_code", code("ND", 6)}}, pt(0, 0)); // a pole drawn on the NRO's node
    w.row("t_noeud", {{"nd_code", code("ND", 7)}}, pt(1000, 300));
    w.row("t_ptech", {{"pt_code", code("PT", 2)}, {"pt_nd_code", code("ND", 6)}});
    w.row("t_ptech", {{"pt_code", code("PT", 3)}, {"pt_nd_code", code("ND", 5)}});
    w.row("t_ptech", {{"pt_code", code("PT", 4)}, {"pt_nd_code", code("ND", 7)}});
    w.row("t_site", {{"st_code", code("ST", 2)}, {"st_nd_code", code("ND", 3)}, {"st_typelog", "RESEAU"}});
    w.row("t_local",
          with(built("lc", "2020-03-01", true),
               {{"lc_code", code("LC", 2)}, {"lc_st_code", code("ST", 2)}, {"lc_typelog", "SRO"}}));
    w.row("t_baie", {{"ba_code", code("BA", 2)}, {"ba_lc_code", code("LC", 2)}});
    w.row("t_zsro",
          {{"zs_code", code("ZS", 1)},
           {"zs_lc_code", code("LC", 2)},
           {"zs_refpm", "SRO-T-0001"},
           {"zs_zn_code", code("ZN", 1)},
           {"zs_etatpm", "DP"}},
          square(2000, 300, 600));
    cable(w, 2,
          with(built("cb", "2020-02-01", true), {{"cb_nd1", code("ND", 2)},
                                                 {"cb_nd2", code("ND", 3)},
                                                 {"cb_bp1", code("BP", 1)},
                                                 {"cb_ba2", code("BA", 2)},
                                                 {"cb_typelog", "TR"}}),
          1000, 0, 2000, 0);
    cable(w, 3,
          with(built("cb", "2020-04-01", true), {{"cb_nd1", code("ND", 3)},
                                                 {"cb_nd2", code("ND", 4)},
                                                 {"cb_ba1", code("BA", 2)},
                                                 {"cb_typelog", "DI"}}),
          2000, 0, 2000, 500);
    cable(w, 4,
          with(built("cb", "2020-05-01", true), {{"cb_nd1", code("ND", 4)},
                                                 {"cb_nd2", code("ND", 5)},
                                                 {"cb_bp2", code("BP", 2)},
                                                 {"cb_typelog", "DI"}}),
          2000, 500, 2000, 600);
    // A PBO reached by a transport cable only: no PM on its way.
    cable(w, 5,
          with(built("cb", "2020-02-15", true), {{"cb_nd1", code("ND", 2)},
                                                 {"cb_nd2", code("ND", 7)},
                                                 {"cb_bp2", code("BP", 3)},
                                                 {"cb_typelog", "TR"}}),
          1000, 0, 1000, 300);
    w.row("t_ebp", with(built("bp", "2020-05-01", true),
                        {{"bp_code", code("BP", 2)}, {"bp_pt_code", code("PT", 3)}, {"bp_typelog", "PBO"}}));
    w.row("t_ebp", with(built("bp", "2020-02-15", true),
                        {{"bp_code", code("BP", 3)}, {"bp_pt_code", code("PT", 4)}, {"bp_typelog", "PBO"}}));
    w.row("t_adresse",
          {{"ad_code", code("AD", 1)}, {"ad_insee", "17300"}, {"ad_nblres", "3"}, {"ad_nbfotth", "3"}},
          pt(2010, 610));
    w.row("t_adresse", {{"ad_code", code("AD", 2)}, {"ad_insee", "17300"}, {"ad_nblres", "1"}},
          pt(1010, 310));
    w.row("t_site", {{"st_code", code("ST", 3)}, {"st_typelog", "CLIENT"}, {"st_ad_code", code("AD", 1)}});
    w.row("t_site", {{"st_code", code("ST", 4)}, {"st_typelog", "CLIENT"}, {"st_ad_code", code("AD", 2)}});
    for (int lc = 3; lc <= 5; ++lc) {
        w.row("t_local", {{"lc_code", code("LC", lc)},
                          {"lc_st_code", code("ST", 3)},
                          {"lc_bp_codf", code("BP", 2)},
                          {"lc_typelog", "FTTH"}});
    }
    w.row("t_local", {{"lc_code", code("LC", 6)},
                      {"lc_st_code", code("ST", 4)},
                      {"lc_bp_codf", code("BP", 3)},
                      {"lc_typelog", "FTTH"}});
    w.write(dir);
}

void write_zone_b(const std::filesystem::path& dir) {
    GracethdV3Writer w;
    write_shared(w, 1, false);
    w.row("t_noeud", {{"nd_code", code("ND", 3)}}, pt(1000, -1000));
    w.row("t_noeud", {{"nd_code", code("ND", 4)}}, pt(1000, -2000));
    // One chamber holds a transport splice closure and a PBO.
    w.row("t_ptech", {{"pt_code", code("PT", 2)}, {"pt_nd_code", code("ND", 3)}});
    w.row("t_ebp", with(built("bp", "2020-02-10", false),
                        {{"bp_code", code("BP", 2)}, {"bp_pt_code", code("PT", 2)}, {"bp_typelog", "BPE"}}));
    w.row("t_ebp", with(built("bp", "2020-06-01", false),
                        {{"bp_code", code("BP", 3)}, {"bp_pt_code", code("PT", 2)}, {"bp_typelog", "PBO"}}));
    // Neither a technical point nor a local: only the cable naming it says where it is.
    w.row("t_ebp",
          with(built("bp", "2020-07-01", false), {{"bp_code", code("BP", 4)}, {"bp_typelog", "PBO"}}));
    w.row("t_site", {{"st_code", code("ST", 2)}, {"st_nd_code", code("ND", 4)}, {"st_typelog", "RESEAU"}});
    w.row("t_local",
          with(built("lc", "2020-04-01", false),
               {{"lc_code", code("LC", 2)}, {"lc_st_code", code("ST", 2)}, {"lc_typelog", "SRO"}}));
    w.row("t_baie", {{"ba_code", code("BA", 2)}, {"ba_lc_code", code("LC", 2)}});
    w.row("t_zsro",
          {{"zs_code", code("ZS", 1)},
           {"zs_lc_code", code("LC", 2)},
           {"zs_refpm", "SRO-T-0002"},
           {"zs_zn_code", code("ZN", 1)},
           {"zs_etatpm", "DP"}},
          square(1000, -1500, 700));
    cable(w, 2,
          with(built("cb", "2020-02-10", false), {{"cb_nd1", code("ND", 2)},
                                                  {"cb_nd2", code("ND", 3)},
                                                  {"cb_bp1", code("BP", 1)},
                                                  {"cb_bp2", code("BP", 2)},
                                                  {"cb_typelog", "TR"}}),
          1001, 0, 1000, -1000);
    cable(w, 3,
          with(built("cb", "2020-03-01", false), {{"cb_nd1", code("ND", 3)},
                                                  {"cb_nd2", code("ND", 4)},
                                                  {"cb_bp1", code("BP", 2)},
                                                  {"cb_ba2", code("BA", 2)},
                                                  {"cb_typelog", "TR"}}),
          1000, -1000, 1000, -2000);
    // The PBO in the transport chamber is fed from its PM, commissioned last.
    cable(w, 4,
          with(built("cb", "2021-06-01", false), {{"cb_nd1", code("ND", 4)},
                                                  {"cb_nd2", code("ND", 3)},
                                                  {"cb_ba1", code("BA", 2)},
                                                  {"cb_bp2", code("BP", 3)},
                                                  {"cb_typelog", "DI"}}),
          1000, -2000, 1000, -1000);
    cable(w, 5,
          with(built("cb", "2020-07-01", false), {{"cb_nd1", code("ND", 4)},
                                                  {"cb_nd2", code("ND", 9)},
                                                  {"cb_bp2", code("BP", 4)},
                                                  {"cb_typelog", "DI"}}),
          1000, -2000, 1100, -2100);
    w.row("t_adresse", {{"ad_code", code("AD", 1)}, {"ad_insee", "17299"}, {"ad_nblres", "2"}},
          pt(1010, -1010));
    w.row("t_adresse", {{"ad_code", code("AD", 2)}, {"ad_insee", "17299"}, {"ad_nblres", "1"}},
          pt(1105, -2105));
    w.row("t_site", {{"st_code", code("ST", 3)}, {"st_typelog", "CLIENT"}, {"st_ad_code", code("AD", 1)}});
    w.row("t_site", {{"st_code", code("ST", 4)}, {"st_typelog", "CLIENT"}, {"st_ad_code", code("AD", 2)}});
    for (int lc = 3; lc <= 4; ++lc) {
        w.row("t_local", {{"lc_code", code("LC", lc)},
                          {"lc_st_code", code("ST", 3)},
                          {"lc_bp_codf", code("BP", 3)},
                          {"lc_typelog", "FTTH"}});
    }
    w.row("t_local", {{"lc_code", code("LC", 5)},
                      {"lc_st_code", code("ST", 4)},
                      {"lc_bp_codf", code("BP", 4)},
                      {"lc_typelog", "FTTH"}});
    w.write(dir);
}

struct Expected {
    const char* delivery;
    int lc;
    const char* since; ///< "" when not raccordable
    std::string pbo;
    std::string pm;
};

// (delivery, premise code) -> status
using Statuses = std::map<std::pair<std::string, std::string>, model::PremiseStatus>;

struct Outcome {
    Statuses statuses;
    std::vector<model::Defect> defects;
};

Outcome import_and_analyze(const std::filesystem::path& db,
                           const std::vector<std::vector<std::string>>& imports) {
    auto r = run_fibre({"init", "--db", db.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const auto& sources : imports) {
        std::vector<std::string> args{"import", "--db", db.string()};
        args.insert(args.end(), sources.begin(), sources.end());
        r = run_fibre(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    r = run_fibre({"analyze", "--db", db.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Outcome out;
    auto store = store::Database::open(db, store::Database::Mode::read_only);
    for (auto& s : store::read_premise_statuses(store)) {
        s.premise_id = 0; // a row number, which depends on the import order
        out.statuses[{s.delivery, s.premise_code}] = s;
    }
    out.defects = store::read_defects(store);
    return out;
}

std::size_t count_defects(const std::vector<model::Defect>& defects, const std::string& code,
                          const std::string& element = {}) {
    return static_cast<std::size_t>(
        std::count_if(defects.begin(), defects.end(), [&](const model::Defect& d) {
            return d.code == code && (element.empty() || d.element_code == element);
        }));
}

TEST(TwoZoneDelivery, EveryPremiseFedThroughItsPmWhateverTheImportOrder) {
    TempDir dir;
    write_zone_a(dir / "zone-a");
    write_zone_b(dir / "zone-b");
    const auto a = (dir / "zone-a").string();
    const auto b = (dir / "zone-b").string();
    const Outcome together = import_and_analyze(dir / "together.sqlite", {{a, b}});
    const Outcome a_then_b = import_and_analyze(dir / "ab.sqlite", {{a}, {b}});
    const Outcome b_then_a = import_and_analyze(dir / "ba.sqlite", {{b}, {a}});

    const std::string nro = code("LC", 1); // shared: one NRO
    const std::vector<Expected> expected{
        // zone-a: NRO 2019-12-01, CB1 2020-01-10, CB2 2020-02-01, PM 2020-03-01, CB3 2020-04-01, CB4 and PBO
        // 2020-05-01
        {"zone-a", 3, "2020-05-01", code("BP", 2) + "@zone-a", code("LC", 2) + "@zone-a"},
        {"zone-a", 4, "2020-05-01", code("BP", 2) + "@zone-a", code("LC", 2) + "@zone-a"},
        {"zone-a", 5, "2020-05-01", code("BP", 2) + "@zone-a", code("LC", 2) + "@zone-a"},
        // reached by transport only: not fed
        {"zone-a", 6, "", code("BP", 3) + "@zone-a", ""},
        // zone-b, from its installation dates: through PM-B (2020-04-01) and CB4 (2021-06-01), not
        // straight from the transport through the chamber (which would give 2020-06-01)
        {"zone-b", 3, "2021-06-01", code("BP", 3) + "@zone-b", code("LC", 2) + "@zone-b"},
        {"zone-b", 4, "2021-06-01", code("BP", 3) + "@zone-b", code("LC", 2) + "@zone-b"},
        // the box placed by its cable's end: CB5 and BP4 2020-07-01
        {"zone-b", 5, "2020-07-01", code("BP", 4), code("LC", 2) + "@zone-b"},
    };
    for (const Outcome* outcome : {&together, &a_then_b, &b_then_a}) {
        ASSERT_EQ(outcome->statuses.size(), expected.size());
        for (const auto& e : expected) {
            const auto it = outcome->statuses.find({e.delivery, code("LC", e.lc)});
            ASSERT_NE(it, outcome->statuses.end()) << e.delivery << " " << e.lc;
            const auto& s = it->second;
            EXPECT_EQ(s.raccordable_since.iso(), e.since) << e.delivery << " " << e.lc;
            EXPECT_EQ(s.pbo_code, e.pbo) << e.delivery << " " << e.lc;
            if (*e.since != '\0') {
                EXPECT_EQ(s.pm_code, e.pm) << e.delivery << " " << e.lc;
                EXPECT_EQ(s.nro_code, nro) << e.delivery << " " << e.lc;
                // zone-b says only when its elements were installed, and its figures say so.
                EXPECT_EQ(s.date_basis, std::string(e.delivery) == "zone-b" ? model::DateBasis::installation
                                                                            : model::DateBasis::commissioning)
                    << e.delivery << " " << e.lc;
            }
        }
        const auto& d = outcome->defects;
        // The splice closure declared to build: its cables decide, reported with the 6 locaux behind it.
        ASSERT_EQ(count_defects(d, "STATUS_CONFLICT", code("BP", 1)), 1U);
        const auto conflict = std::find_if(
            d.begin(), d.end(), [](const model::Defect& x) { return x.code == "STATUS_CONFLICT"; });
        EXPECT_NE(conflict->message.find("6 locaux"), std::string::npos) << conflict->message;
        EXPECT_EQ(count_defects(d, "FED_WITHOUT_PM", code("BP", 3) + "@zone-a"), 1U);
        // The shared NRO and first cable: zone-b gives installation dates where zone-a gives
        // commissioning dates.
        EXPECT_EQ(count_defects(d, "SHARED_ELEMENT_CONFLICT", nro), 1U);
        EXPECT_EQ(count_defects(d, "SHARED_ELEMENT_CONFLICT", code("CB", 1)), 1U);
        EXPECT_EQ(count_defects(d, "MISSING_NODE", code("CB", 5) + "@zone-b"), 1U);
        EXPECT_EQ(count_defects(d, "DUPLICATE_CODE"), 0U);
        EXPECT_EQ(count_defects(d, "END_FAR_FROM_NODE"), 0U);
    }
    // The same answers, whatever the order.
    for (const auto& [key, s] : together.statuses) {
        EXPECT_EQ(a_then_b.statuses.at(key), s);
        EXPECT_EQ(b_then_a.statuses.at(key), s);
    }
    EXPECT_EQ(together.defects.size(), a_then_b.defects.size());
    EXPECT_EQ(together.defects.size(), b_then_a.defects.size());
}

TEST(TwoZoneDelivery, AFolderOfDeliveriesIsImportedOnePerFolder) {
    TempDir dir;
    write_zone_a(dir / "deliveries" / "zone-a");
    write_zone_b(dir / "deliveries" / "zone-b");
    const auto db = (dir / "s.sqlite").string();
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    const auto r = run_fibre({"import", "-v", "--db", db, (dir / "deliveries").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("2 GraceTHD deliveries"), std::string::npos) << r.err;
    // Both are kept: their perimeters (ReferencePM) differ though their codes collide.
    auto store = store::Database::open(db, store::Database::Mode::read_only);
    auto st = store.prepare("SELECT count(*), count(DISTINCT label) FROM import_run WHERE kind = 'gracethd'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.integer(0), 2);
    EXPECT_EQ(st.integer(1), 2);
    auto premises = store.prepare("SELECT count(*), count(DISTINCT code) FROM premise");
    ASSERT_TRUE(premises.step());
    EXPECT_EQ(premises.integer(0), 7);
    EXPECT_EQ(premises.integer(1), 4); // LC000000000003 to 5 in both, LC000000000006 in zone-a only
}

} // namespace
} // namespace fibre
