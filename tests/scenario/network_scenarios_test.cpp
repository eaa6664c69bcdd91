// Tiny networks drawn in ASCII, written to a real store, run through the real commands
// (fibre analyze, status, check); the answers are compared with what the sketch implies.

#include "engine/model/analysis.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

using model::Point;
using testing::run_fibre;
using testing::TempDir;

Date d(int y, unsigned m, unsigned day) {
    return Date::from_ymd(y, m, day);
}

model::Lifecycle in_service(Date since) {
    return {"REC", "E", std::nullopt, since, std::nullopt};
}

/// A network drawn in code, written to a fresh store.
class Network {
public:
    Network() { db_path_ = dir_ / "s.sqlite"; }

    void node(const std::string& code, double x, double y) { nodes_.push_back({code, "PT", {x, y}}); }
    void nro(const std::string& code, const std::string& node, double x, double y, Date since) {
        this->node(node, x, y);
        sites_.push_back({code, "NRO", node, "", in_service(since), {x, y}});
    }
    void pm(const std::string& code, const std::string& node, double x, double y, Date since) {
        this->node(node, x, y);
        sites_.push_back({code, "SRO", node, "FI-17000-" + code, in_service(since), {x, y}});
    }
    void pbo(const std::string& code, const std::string& node, double x, double y, Date since) {
        this->node(node, x, y);
        boxes_.push_back({code, "PBO", node, in_service(since), {x, y}});
    }
    model::Link& link(model::LinkKind kind, const std::string& code, const std::string& n1,
                      const std::string& n2, model::LineString geometry, model::Lifecycle life) {
        model::Link l;
        l.code = code;
        l.kind = kind;
        l.level = "DI";
        l.node1 = n1;
        l.node2 = n2;
        l.life = std::move(life);
        l.geometry = std::move(geometry);
        links_.push_back(l);
        return links_.back();
    }
    model::Link& cable(const std::string& code, const std::string& n1, const std::string& n2,
                       model::LineString geometry, Date since) {
        return link(model::LinkKind::cable, code, n1, n2, std::move(geometry), in_service(since));
    }
    void premise(const std::string& code, double x, double y, const std::string& declared_pbo = {},
                 int locaux = 1, const std::string& insee = "17300") {
        premises_.push_back({code, "", insee, locaux, "FTTH", declared_pbo, "", {x, y}});
    }
    void zone(const std::string& code, const std::string& owner, double x0, double y0, double x1, double y1) {
        model::Zone z;
        z.code = code;
        z.kind = "zpbo";
        z.owner_code = owner;
        z.geometry = {model::Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
        zones_.push_back(z);
    }

    /// Writes the store and runs `fibre analyze`; fails the test when it does not exit 0.
    void analyze(const std::vector<std::string>& extra = {}) {
        {
            auto db = store::Database::create(db_path_);
            store::Transaction tx(db);
            store::EntityWriter w(db, 1);
            w.add(
                model::Commune{"17300", "La Rochelle", "17", "241700434", "CA de La Rochelle", 0, 0, 0, {}});
            w.add(model::Commune{"17299", "Lagord", "17", "241700434", "CA de La Rochelle", 0, 0, 0, {}});
            for (const auto& x : nodes_) {
                w.add(x);
            }
            for (const auto& x : links_) {
                w.add(x);
            }
            for (const auto& x : sites_) {
                w.add(x);
            }
            for (const auto& x : boxes_) {
                w.add(x);
            }
            for (const auto& x : zones_) {
                w.add(x);
            }
            for (const auto& x : premises_) {
                w.add(x);
            }
            tx.commit();
        }
        std::vector<std::string> args{"analyze", "--db", db_path_.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_fibre(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        analyze_out = r.out;
        auto db = store::Database::open(db_path_, store::Database::Mode::read_only);
        for (auto& s : store::read_premise_statuses(db)) {
            status[s.premise_code] = s;
        }
    }

    nlohmann::json run_json(std::vector<std::string> args) {
        args.insert(args.end(), {"--db", db_path_.string(), "--format", "json"});
        const auto r = run_fibre(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(r.out);
    }

    /// Defect codes reported by `fibre check`, per element.
    std::multimap<std::string, std::string> check() { return check_with({}); }
    std::multimap<std::string, std::string> check_with(const std::vector<std::string>& extra) {
        std::vector<std::string> args{"check"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::multimap<std::string, std::string> out;
        const auto report = run_json(args);
        for (const auto& defect : report["defects"]) {
            out.emplace(defect["code"].get<std::string>(), defect["element_code"].get<std::string>());
        }
        return out;
    }

    std::map<std::string, model::PremiseStatus> status;
    std::string analyze_out;

private:
    TempDir dir_;
    std::filesystem::path db_path_;
    std::vector<model::Node> nodes_;
    std::vector<model::Link> links_;
    std::vector<model::Site> sites_;
    std::vector<model::Box> boxes_;
    std::vector<model::Zone> zones_;
    std::vector<model::Premise> premises_;
};

bool has(const std::multimap<std::string, std::string>& defects, const std::string& code,
         const std::string& element) {
    auto [a, b] = defects.equal_range(code);
    for (auto it = a; it != b; ++it) {
        if (it->second == element) {
            return true;
        }
    }
    return false;
}

//  NRO1 ====C1 (2019)==== PM1 ====C2 (2021-06)==== PBO1   L1
//  (0,0)                 (100,0)                  (200,0) (210,0)
TEST(Scenario, PremiseFedOnlyOnceTheLateCableIsBuilt) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.pm("PM1", "N1", 100, 0, d(2019, 1, 1));
    n.pbo("PBO1", "N2", 200, 0, d(2019, 1, 1));
    n.cable("C1", "N0", "N1", {{0, 0}, {100, 0}}, d(2019, 3, 1));
    n.cable("C2", "N1", "N2", {{100, 0}, {200, 0}}, d(2021, 6, 1));
    n.premise("L1", 210, 0, "PBO1");
    n.analyze();
    const auto& s = n.status.at("L1");
    EXPECT_EQ(s.raccordable_since, d(2021, 6, 1));
    EXPECT_EQ(s.pbo_code, "PBO1");
    EXPECT_EQ(s.pm_code, "PM1");
    EXPECT_EQ(s.nro_code, "NRO1");
    EXPECT_NEAR(s.optical_m, 200, 1e-6);
    EXPECT_EQ(s.assignment, model::Assignment::declared);

    const auto before = n.run_json({"status", "--at", "2021-05-31", "--by", "commune"});
    EXPECT_EQ(before["at"], "2021-05-31");
    EXPECT_EQ(before["locaux"], 1);
    EXPECT_EQ(before["raccordables"], 0);
    EXPECT_DOUBLE_EQ(before["coverage"].get<double>(), 0.0);
    const auto after = n.run_json({"status", "--at", "2021-06-01", "--by", "pm"});
    EXPECT_EQ(after["raccordables"], 1);
    EXPECT_DOUBLE_EQ(after["coverage"].get<double>(), 1.0);
    ASSERT_EQ(after["groups"].size(), 1U);
    EXPECT_EQ(after["groups"][0]["code"], "PM1");
    EXPECT_EQ(after["groups"][0]["name"], "FI-17000-PM1");
}

//  NROA ===C1 (2020, 100 m)=== PBO1 ===C2 (2018, 200 m)=== NROB
//  (0,0)                      (100,0)                     (300,0)
TEST(Scenario, TwoNrosTheEarliestFeeds) {
    Network n;
    n.nro("NROA", "NA", 0, 0, d(2017, 1, 1));
    n.nro("NROB", "NB", 300, 0, d(2017, 1, 1));
    n.pbo("PBO1", "N1", 100, 0, d(2017, 1, 1));
    n.cable("C1", "NA", "N1", {{0, 0}, {100, 0}}, d(2020, 1, 1));
    n.cable("C2", "NB", "N1", {{300, 0}, {100, 0}}, d(2018, 1, 1));
    n.premise("L1", 100, 10, "PBO1");
    n.analyze();
    const auto& s = n.status.at("L1");
    EXPECT_EQ(s.raccordable_since, d(2018, 1, 1));
    EXPECT_EQ(s.nro_code, "NROB");
    EXPECT_NEAR(s.optical_m, 200, 1e-6);
}

//  NRO1 ===C1=== N1    N2 ===C2=== PBO1   (5 m gap between N1 and N2: no link)
//  (0,0)      (100,0) (105,0)   (200,0)
TEST(Scenario, BreakInTheMiddle) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.node("N1", 100, 0);
    n.node("N2", 105, 0);
    n.pbo("PBO1", "N3", 200, 0, d(2018, 1, 1));
    n.cable("C1", "N0", "N1", {{0, 0}, {100, 0}}, d(2018, 1, 1));
    n.cable("C2", "N2", "N3", {{105, 0}, {200, 0}}, d(2018, 1, 1));
    n.premise("L1", 200, 10, "PBO1");
    n.analyze();
    const auto& s = n.status.at("L1");
    EXPECT_TRUE(s.raccordable_since.is_never());
    EXPECT_TRUE(s.nro_code.empty());
    EXPECT_EQ(s.pbo_code, "PBO1");
    EXPECT_TRUE(has(n.check(), "UNFED_NETWORK", "C2"));
}

//  NRO1 ==========C1========== N1        C2 has no declared node: its first end lies 20 cm
//  (0,0)          +          (200,0)     off C1's interior, its other end on PBO1's node.
//                 |C2
//                 PBO1 (100,100)
TEST(Scenario, TJunctionWithoutNode) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.node("N1", 200, 0);
    n.pbo("PBO1", "N2", 100, 100, d(2018, 1, 1));
    n.cable("C1", "N0", "N1", {{0, 0}, {200, 0}}, d(2019, 1, 1));
    n.cable("C2", "", "", {{100, 0.2}, {100, 100}}, d(2020, 1, 1));
    n.premise("L1", 100, 110, "PBO1");
    n.analyze();
    const auto& s = n.status.at("L1");
    EXPECT_EQ(s.raccordable_since, d(2020, 1, 1));
    EXPECT_NEAR(s.optical_m, 100 + 99.8, 1e-6);
    EXPECT_NE(n.analyze_out.find("1 T-junctions"), std::string::npos) << n.analyze_out;
}

//  Civil-works paths only. P1's drawn end is 3 cm from its declared node N1.
//  NRO1 ====P1==== N1(PBO1)
//  (0,0)          (100,0)
TEST(Scenario, PathThreeCentimetresFromItsNode) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.pbo("PBO1", "N1", 100, 0, d(2018, 1, 1));
    n.link(model::LinkKind::path, "P1", "N0", "N1", {{0, 0}, {100.03, 0}}, in_service(d(2019, 2, 1)));
    n.premise("L1", 100, 5, "PBO1");
    n.analyze();
    EXPECT_EQ(n.status.at("L1").raccordable_since, d(2019, 2, 1));
    EXPECT_NE(n.analyze_out.find("links from: paths"), std::string::npos) << n.analyze_out;
    const auto defects = n.check();
    EXPECT_TRUE(has(defects, "END_SNAPPED", "P1"));
    EXPECT_FALSE(has(defects, "END_FAR_FROM_NODE", "P1"));

    // With a 1 cm tolerance the same end is too far.
    EXPECT_TRUE(has(n.check_with({"--tolerance", "0.01"}), "END_FAR_FROM_NODE", "P1"));
}

//  NRO1 ====C1 (abandoned)==== PBO1
//    \\=====C2 (2022, 300 m)====//
TEST(Scenario, AbandonedCableFeedsNothing) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.node("N1", 50, 100);
    n.pbo("PBO1", "N2", 100, 0, d(2018, 1, 1));
    n.link(model::LinkKind::cable, "C1", "N0", "N2", {{0, 0}, {100, 0}},
           {"REC", "A", d(2018, 1, 1), d(2018, 1, 1), std::nullopt});
    n.cable("C2", "N0", "N1", {{0, 0}, {50, 100}}, d(2022, 1, 1));
    n.cable("C3", "N1", "N2", {{50, 100}, {100, 0}}, d(2022, 1, 1));
    n.premise("L1", 100, 5, "PBO1");
    n.analyze();
    EXPECT_EQ(n.status.at("L1").raccordable_since, d(2022, 1, 1));
    EXPECT_GT(n.status.at("L1").optical_m, 200);
}

//  NRO1 ===C1=== PBO1 (100,0) with its zone [50,150]x[-50,50];  PBO2 (300,0) with no zone.
//  L1 in the zone, no declared PBO; L2 60 m from PBO2; L3 far from everything.
TEST(Scenario, PboZoneWithNoDeclaredLink) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.pbo("PBO1", "N1", 100, 0, d(2018, 1, 1));
    n.pbo("PBO2", "N2", 300, 0, d(2018, 1, 1));
    n.pbo("PBO3", "N3", 5000, 0, d(2018, 1, 1));
    n.cable("C1", "N0", "N1", {{0, 0}, {100, 0}}, d(2019, 1, 1));
    n.cable("C2", "N1", "N2", {{100, 0}, {300, 0}}, d(2020, 1, 1));
    n.zone("ZP1", "PBO1", 50, -50, 150, 50);
    n.premise("L1", 140, 40, "", 3);
    n.premise("L2", 300, 60, "", 1, "17299");
    n.premise("L3", 1000, 1000);
    n.premise("L4", 101, 0, "NOSUCHPBO");
    n.analyze();
    EXPECT_EQ(n.status.at("L1").assignment, model::Assignment::zone);
    EXPECT_EQ(n.status.at("L1").pbo_code, "PBO1");
    EXPECT_EQ(n.status.at("L1").raccordable_since, d(2019, 1, 1));
    EXPECT_EQ(n.status.at("L2").assignment, model::Assignment::nearest);
    EXPECT_EQ(n.status.at("L2").pbo_code, "PBO2");
    EXPECT_EQ(n.status.at("L3").assignment, model::Assignment::none);
    EXPECT_EQ(n.status.at("L4").assignment, model::Assignment::zone);

    const auto defects = n.check();
    EXPECT_TRUE(has(defects, "PREMISE_WITHOUT_PBO", "L3"));
    EXPECT_TRUE(has(defects, "MISSING_BOX", "L4"));
    EXPECT_TRUE(has(defects, "PBO_WITHOUT_PREMISE", "PBO3"));
    EXPECT_FALSE(has(defects, "PBO_WITHOUT_PREMISE", "PBO1"));

    // 3 + 1 (L4) locaux in 17300 raccordable since 2019; L2 (17299) since 2020; L3 never.
    const auto s = n.run_json({"status", "--at", "2019-06-30", "--by", "commune"});
    EXPECT_EQ(s["locaux"], 6);
    EXPECT_EQ(s["raccordables"], 4);
    ASSERT_EQ(s["groups"].size(), 2U);
    EXPECT_EQ(s["groups"][0]["code"], "17299");
    EXPECT_EQ(s["groups"][0]["raccordables"], 0);
    EXPECT_EQ(s["groups"][1]["name"], "La Rochelle");
    EXPECT_NEAR(s["groups"][1]["coverage"].get<double>(), 4.0 / 5.0, 1e-9);
    const auto later = n.run_json({"status", "--at", "2020-01-01", "--by", "epci"});
    EXPECT_EQ(later["raccordables"], 5);
    ASSERT_EQ(later["groups"].size(), 1U);
    EXPECT_EQ(later["groups"][0]["code"], "241700434");
}

TEST(Scenario, DuplicateAndMissingNodes) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.node("N0", 0, 0);
    n.pbo("PBO1", "N1", 100, 0, d(2018, 1, 1));
    // C1 names a node that does not exist at its second end: its geometry places it on N1.
    n.cable("C1", "N0", "GHOST", {{0, 0}, {100, 0}}, d(2019, 1, 1));
    n.premise("L1", 100, 5, "PBO1");
    n.analyze();
    EXPECT_EQ(n.status.at("L1").raccordable_since, d(2019, 1, 1));
    const auto defects = n.check();
    EXPECT_TRUE(has(defects, "MISSING_NODE", "C1"));
    EXPECT_TRUE(has(defects, "DUPLICATE_CODE", "N0"));
}

TEST(Scenario, StatusWithoutAnalysisIsADataError) {
    TempDir dir;
    store::Database::create(dir / "s.sqlite");
    const auto r = run_fibre({"status", "--db", (dir / "s.sqlite").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("fibre analyze"), std::string::npos) << r.err;
}

} // namespace
} // namespace fibre
