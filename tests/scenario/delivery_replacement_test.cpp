// A newer delivery of a PM zone replacing the older one in a store, through the real
// commands: a damaged delivery (t_cable.csv with its header only) is refused and the store is
// left as it was; a delivery removing a few premises goes through and says so; the figures of
// an earlier analysis stay answerable; `fibre diff` counts what differs between two
// deliveries and between two stores.
//
//   ND1 NRO ---CB1 (TR)--- ND2 PM (SRO-T-0001) ---CB11 (DI)--- ND11 PBO BP11: LC101..LC105
//                              |
//                              +---------CB12 (DI)--- ND12 PBO BP12: LC106..LC110
//                              ... one DI cable and one PBO per box, five premises each
//
// Everything is in service from 2020; the PBOs' cables from 2021-01-15.

#include "engine/store/database.hpp"
#include "tests/support/gracethd_v3_writer.hpp"
#include "tests/support/test_support.hpp"

#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace fibre {
namespace {

using testing::GracethdV3Writer;
using testing::run_fibre;
using testing::TempDir;
using namespace testing::draw;

std::map<std::string, std::string> built(const std::string& prefix, const std::string& date,
                                         const std::string& statut = "REC") {
    return {{prefix + "_statut", statut}, {prefix + "_avct", "E"}, {prefix + "_datemes", date}};
}

// What varies between the versions of the delivery.
struct Version {
    int boxes = 4;
    int per_box = 5;
    std::set<int> dropped_premises; ///< premise numbers (101...) left out
    bool cables = true;             ///< false: t_cable.csv holds its header only
    std::string first_box_statut = "REC";
};

void write_delivery(const std::filesystem::path& dir, const Version& v) {
    GracethdV3Writer w;
    w.row("t_noeud", {{"nd_code", code("ND", 1)}}, pt(0, 0));
    w.row("t_noeud", {{"nd_code", code("ND", 2)}}, pt(1000, 0));
    w.row("t_site", {{"st_code", code("ST", 1)}, {"st_nd_code", code("ND", 1)}, {"st_typelog", "RESEAU"}});
    w.row("t_site", {{"st_code", code("ST", 2)}, {"st_nd_code", code("ND", 2)}, {"st_typelog", "RESEAU"}});
    w.row("t_local",
          with(built("lc", "2020-01-01"),
               {{"lc_code", code("LC", 1)}, {"lc_st_code", code("ST", 1)}, {"lc_typelog", "NRO"}}));
    w.row("t_local",
          with(built("lc", "2020-02-01"),
               {{"lc_code", code("LC", 2)}, {"lc_st_code", code("ST", 2)}, {"lc_typelog", "SRO"}}));
    w.row("t_baie", {{"ba_code", code("BA", 1)}, {"ba_lc_code", code("LC", 1)}});
    w.row("t_baie", {{"ba_code", code("BA", 2)}, {"ba_lc_code", code("LC", 2)}});
    w.row("t_znro", {{"zn_code", code("ZN", 1)}, {"zn_lc_code", code("LC", 1)}, {"zn_nroref", "NRO-T-001"}},
          square(1000, 0, 3000));
    w.row("t_zsro",
          {{"zs_code", code("ZS", 1)},
           {"zs_lc_code", code("LC", 2)},
           {"zs_refpm", "SRO-T-0001"},
           {"zs_zn_code", code("ZN", 1)},
           {"zs_etatpm", "DP"}},
          square(1500, 0, 1500));
    const auto cable = [&](int n, const std::map<std::string, std::string>& values, double ax, double ay,
                           double bx, double by) {
        if (v.cables) {
            w.row("t_cable", with(values, {{"cb_code", code("CB", n)}}));
        }
        w.row("t_cableline", {{"cl_code", code("CL", n)}, {"cl_cb_code", code("CB", n)}},
              line(ax, ay, bx, by));
    };
    cable(1,
          with(built("cb", "2020-03-01"), {{"cb_nd1", code("ND", 1)},
                                           {"cb_nd2", code("ND", 2)},
                                           {"cb_ba1", code("BA", 1)},
                                           {"cb_ba2", code("BA", 2)},
                                           {"cb_typelog", "TR"}}),
          0, 0, 1000, 0);
    for (int k = 1; k <= v.boxes; ++k) {
        const int n = 10 + k;
        const double x = 1000 + 100 * k;
        const double y = 200;
        w.row("t_noeud", {{"nd_code", code("ND", n)}}, pt(x, y));
        w.row("t_ptech", {{"pt_code", code("PT", n)}, {"pt_nd_code", code("ND", n)}});
        w.row("t_ebp",
              with(built("bp", "2020-06-01", k == 1 ? v.first_box_statut : "REC"),
                   {{"bp_code", code("BP", n)}, {"bp_pt_code", code("PT", n)}, {"bp_typelog", "PBO"}}));
        cable(n,
              with(built("cb", "2021-01-15"), {{"cb_nd1", code("ND", 2)},
                                               {"cb_nd2", code("ND", n)},
                                               {"cb_ba1", code("BA", 2)},
                                               {"cb_bp2", code("BP", n)},
                                               {"cb_typelog", "DI"}}),
              1000, 0, x, y);
        w.row("t_adresse", {{"ad_code", code("AD", n)}, {"ad_insee", "17300"}, {"ad_nblres", "5"}},
              pt(x + 10, y + 10));
        w.row("t_site",
              {{"st_code", code("ST", n)}, {"st_typelog", "CLIENT"}, {"st_ad_code", code("AD", n)}});
        for (int j = 1; j <= v.per_box; ++j) {
            const int lc = 100 + (k - 1) * v.per_box + j;
            if (v.dropped_premises.contains(lc)) {
                continue;
            }
            w.row("t_local", {{"lc_code", code("LC", lc)},
                              {"lc_st_code", code("ST", n)},
                              {"lc_bp_codf", code("BP", n)},
                              {"lc_typelog", "FTTH"}});
        }
    }
    w.write(dir);
}

testing::RunResult fibre_ok(const std::vector<std::string>& args) {
    auto r = run_fibre(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
}

// Row counts of every table a delivery or an analysis writes.
std::map<std::string, long long> row_counts(const std::filesystem::path& db) {
    auto store = store::Database::open(db, store::Database::Mode::read_only);
    std::map<std::string, long long> out;
    for (const char* table : {"import_run", "reject", "address", "premise", "node", "link", "cable_path",
                              "site", "box", "zone", "analysis_run", "premise_status", "status_summary"}) {
        auto st = store.prepare(fmt::format("SELECT count(*) FROM {}", table));
        st.step();
        out[table] = st.integer(0);
    }
    auto cables = store.prepare("SELECT count(*) FROM link WHERE kind = 'cable'");
    cables.step();
    out["cables"] = cables.integer(0);
    return out;
}

const nlohmann::json& entity(const nlohmann::json& change, const std::string& name) {
    for (const auto& e : change.at("entities")) {
        if (e.at("entity") == name) {
            return e;
        }
    }
    ADD_FAILURE() << "no entity " << name << " in " << change.dump();
    static const nlohmann::json none = nlohmann::json::object();
    return none;
}

class DeliveryReplacement : public ::testing::Test {
protected:
    void SetUp() override {
        write_delivery(dir_ / "full" / "sro-t-0001", Version{});
        db_ = (dir_ / "store.sqlite").string();
        fibre_ok({"init", "--db", db_});
        fibre_ok({"import", "--db", db_, (dir_ / "full" / "sro-t-0001").string()});
        fibre_ok({"analyze", "--db", db_});
    }
    TempDir dir_;
    std::string db_;
};

TEST_F(DeliveryReplacement, CableTableWithItsHeaderOnlyIsRefusedAndTheStoreIsUnchanged) {
    Version damaged;
    damaged.cables = false;
    const auto path = (dir_ / "damaged" / "sro-t-0001").string();
    write_delivery(path, damaged);
    {
        // The file really is its header alone.
        std::ifstream in(std::filesystem::path(path) / "t_cable.csv");
        std::string first;
        std::string second;
        std::getline(in, first);
        EXPECT_FALSE(std::getline(in, second) && !second.empty());
    }
    const auto before = row_counts(db_);
    ASSERT_EQ(before.at("cables"), 5);

    const auto refused = run_fibre({"import", "--db", db_, path});
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_NE(refused.err.find("would remove 5 of its 5 cables (100 %, none left)"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("--replace"), std::string::npos) << refused.err;
    // The table of what would change comes with it.
    EXPECT_NE(refused.err.find("removed"), std::string::npos) << refused.err;
    EXPECT_EQ(row_counts(db_), before);

    const auto forced = run_fibre({"import", "--db", db_, "--replace", path});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    const auto after = row_counts(db_);
    EXPECT_EQ(after.at("cables"), 0);
    EXPECT_EQ(after.at("premise"), before.at("premise"));
    EXPECT_EQ(after.at("import_run"), 1);
}

TEST_F(DeliveryReplacement, RemovingAFewPremisesGoesThroughAndIsShown) {
    Version fewer;
    fewer.dropped_premises = {103, 117};
    fewer.first_box_statut = "MCO";
    const auto path = (dir_ / "fewer" / "sro-t-0001").string();
    write_delivery(path, fewer);
    const auto r = fibre_ok({"import", "--db", db_, path});
    EXPECT_NE(r.err.find("replaces 1 earlier import"), std::string::npos) << r.err;
    // element  before  after  added  removed  changed
    EXPECT_NE(r.err.find(fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}", "premises", 20, 18, 0, 2, 0)),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}", "boxes", 4, 4, 0, 0, 1)),
              std::string::npos)
        << r.err;
    // The two premises were raccordable per the analysis: lost.
    EXPECT_NE(r.err.find("lost 2 (premises removed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("gained: known after `fibre analyze`"), std::string::npos) << r.err;
    EXPECT_EQ(row_counts(db_).at("premise"), 18);

    // The import's record keeps the change.
    auto store = store::Database::open(db_, store::Database::Mode::read_only);
    auto st = store.prepare("SELECT changes_json FROM import_run");
    ASSERT_TRUE(st.step());
    const auto change = nlohmann::json::parse(st.text(0));
    EXPECT_EQ(entity(change, "premises").at("removed"), 2);
    EXPECT_EQ(change.at("raccordables").at("lost"), 2);
    EXPECT_TRUE(change.at("raccordables").at("gained").is_null());
}

TEST_F(DeliveryReplacement, AnEarlierAnalysisStillAnswersAfterAReplacement) {
    const auto old_answer = fibre_ok({"status", "--db", db_, "--at", "2021-03-31", "--format", "json"});
    const auto old_figures = nlohmann::json::parse(old_answer.out);
    ASSERT_EQ(old_figures.at("locaux"), 20);
    ASSERT_EQ(old_figures.at("raccordables"), 20);

    Version fewer;
    fewer.dropped_premises = {101, 102, 103};
    const auto path = (dir_ / "fewer" / "sro-t-0001").string();
    write_delivery(path, fewer);
    fibre_ok({"import", "--db", db_, path});
    // Before re-analysing, the latest analysis is that of the replaced delivery: say so.
    const auto stale = fibre_ok({"status", "--db", db_, "--at", "2021-03-31"});
    EXPECT_NE(stale.err.find("the store changed since analysis 1"), std::string::npos) << stale.err;

    fibre_ok({"analyze", "--db", db_});
    const auto latest = nlohmann::json::parse(
        fibre_ok({"status", "--db", db_, "--at", "2021-03-31", "--format", "json"}).out);
    EXPECT_EQ(latest.at("locaux"), 17);
    EXPECT_EQ(latest.at("raccordables"), 17);

    const auto earlier =
        fibre_ok({"status", "--db", db_, "--at", "2021-03-31", "--format", "json", "--analysis", "1"});
    const auto earlier_figures = nlohmann::json::parse(earlier.out);
    EXPECT_EQ(earlier_figures.at("locaux"), old_figures.at("locaux"));
    EXPECT_EQ(earlier_figures.at("raccordables"), old_figures.at("raccordables"));
    // Raccordés are kept per premise for the latest analysis only: an earlier one says it does
    // not know them (null), and gives every other figure as it did.
    auto without_raccordes = [](nlohmann::json groups) {
        for (auto& g : groups) {
            g.erase("raccordes");
            g.erase("take_up");
        }
        return groups;
    };
    EXPECT_EQ(without_raccordes(earlier_figures.at("groups")), without_raccordes(old_figures.at("groups")));
    EXPECT_TRUE(earlier_figures.at("raccordes").is_null());
    EXPECT_EQ(old_figures.at("raccordes"), 0);
    EXPECT_NE(earlier.err.find("the store changed since analysis 1"), std::string::npos) << earlier.err;
    // Before the PBOs' cables: nothing raccordable, in either analysis.
    const auto before_cables = nlohmann::json::parse(
        fibre_ok({"status", "--db", db_, "--at", "2020-12-31", "--format", "json", "--analysis", "1"}).out);
    EXPECT_EQ(before_cables.at("raccordables"), 0);

    const auto list = fibre_ok({"status", "--db", db_, "--list-analyses"});
    EXPECT_NE(list.out.find("       1 "), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("       2 "), std::string::npos) << list.out;
    const auto missing = run_fibre({"status", "--db", db_, "--analysis", "7"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("keeps no analysis 7"), std::string::npos) << missing.err;
}

TEST(DiffCommand, CountsWhatDiffersBetweenTwoDeliveriesAndBetweenTwoStores) {
    TempDir dir;
    const auto old_path = (dir / "old" / "sro-t-0001").string();
    const auto new_path = (dir / "new" / "sro-t-0001").string();
    write_delivery(old_path, Version{});
    Version next;
    next.boxes = 5;                     // one more PBO, its cable, address, node... and five premises
    next.dropped_premises = {104, 108}; // two premises gone
    next.first_box_statut = "MCO";      // one box changed
    write_delivery(new_path, next);

    const auto check = [](const nlohmann::json& out) {
        ASSERT_EQ(out.at("deliveries").size(), 1U) << out.dump(2);
        const auto& d = out.at("deliveries")[0];
        EXPECT_EQ(d.at("status"), "changed");
        EXPECT_EQ(d.at("perimeter"), "pm:SRO-T-0001");
        const auto& premises = entity(d, "premises");
        EXPECT_EQ(premises.at("before"), 20);
        EXPECT_EQ(premises.at("after"), 23);
        EXPECT_EQ(premises.at("added"), 5);
        EXPECT_EQ(premises.at("removed"), 2);
        const auto& cables = entity(d, "cables");
        EXPECT_EQ(cables.at("added"), 1);
        EXPECT_EQ(cables.at("removed"), 0);
        EXPECT_EQ(cables.at("changed"), 0);
        const auto& boxes = entity(d, "boxes");
        EXPECT_EQ(boxes.at("added"), 1);
        EXPECT_EQ(boxes.at("changed"), 1);
        EXPECT_EQ(entity(d, "nodes").at("added"), 1);
        EXPECT_EQ(entity(d, "addresses").at("added"), 1);
        // Analysed on both sides: every premise is raccordable.
        EXPECT_EQ(d.at("raccordables").at("before"), 20);
        EXPECT_EQ(d.at("raccordables").at("after"), 23);
        EXPECT_EQ(d.at("raccordables").at("gained"), 5);
        EXPECT_EQ(d.at("raccordables").at("lost"), 2);
        EXPECT_EQ(out.at("total").at("raccordables").at("lost"), 2);
    };

    const auto folders = fibre_ok({"diff", old_path, new_path, "--format", "json"});
    const auto folders_out = nlohmann::json::parse(folders.out);
    EXPECT_EQ(folders_out.at("old").at("type"), "delivery");
    check(folders_out);

    const auto old_db = (dir / "old.sqlite").string();
    const auto new_db = (dir / "new.sqlite").string();
    for (const auto& [db, path] : {std::pair{old_db, old_path}, std::pair{new_db, new_path}}) {
        fibre_ok({"import", "--db", db, path});
        fibre_ok({"analyze", "--db", db});
    }
    const auto stores = fibre_ok({"diff", old_db, new_db, "--format", "json"});
    const auto stores_out = nlohmann::json::parse(stores.out);
    EXPECT_EQ(stores_out.at("new").at("type"), "store");
    check(stores_out);

    // The human table says the same.
    const auto table = fibre_ok({"diff", old_db, new_db});
    EXPECT_NE(
        table.out.find(fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}", "premises", 20, 23, 5, 2, 0)),
        std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find("gained 5, lost 2"), std::string::npos) << table.out;

    // A store against itself: nothing differs, and that is no error either.
    const auto same = fibre_ok({"diff", old_db, old_db, "--format", "json"});
    EXPECT_EQ(nlohmann::json::parse(same.out).at("deliveries")[0].at("status"), "unchanged");
}

TEST(DiffCommand, AMissingSideIsADataError) {
    TempDir dir;
    const auto r = run_fibre({"diff", (dir / "nothing").string(), (dir / "neither").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no such store or delivery"), std::string::npos) << r.err;
}

} // namespace
} // namespace fibre
