// Tiny networks drawn in ASCII, written to a real store, run through the real commands
// (fibre analyze, status, check); the answers are compared with what the sketch implies.

#include "engine/model/analysis.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
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
    /// A drop: an RA cable from @p pbo's node to @p building, naming the PBO and a PTO in local
    /// @p local, both in service from @p since.
    void drop(const std::string& cable, const std::string& pbo, const std::string& pbo_node,
              const std::string& pto, const std::string& local, const std::string& building,
              model::LineString geometry, Date since) {
        if (std::none_of(nodes_.begin(), nodes_.end(),
                         [&](const model::Node& n) { return n.code == building; })) {
            node(building, geometry.back().x, geometry.back().y);
        }
        model::Box box{pto, "PTO", building, in_service(since), geometry.back()};
        box.local_code = local;
        boxes_.push_back(box);
        auto& l = this->cable(cable, pbo_node, building, std::move(geometry), since);
        l.level = "RA";
        l.box1 = pbo;
        l.box2 = pto;
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

//  NRO1 ==C1 (2019)== PM1 ==C2 (2020-03)== PBO1 ··RA D1 (2021-05-10)··> B1: PTO1 in L1
//  (0,0)              (100,0)               (200,0) ··RA D2 (2019-01-01)··> B2: PTO2 in L2
//                                  \                                        L3: no drop
//                                   ==C3 (to build)== PBO2 ··RA D4 (2021)··> B4: PTO4 in L4
//                                                     (100,50)
// A drop into a local makes it raccordé from the latest date along PBO -> RA cable -> PTO, never
// before it is raccordable; a drop from a PBO that is not fed makes it neither, and is a defect.
void drops_network(Network& n, bool with_drops) {
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.pm("PM1", "N1", 100, 0, d(2019, 1, 1));
    n.pbo("PBO1", "N2", 200, 0, d(2019, 1, 1));
    n.pbo("PBO2", "N3", 100, 50, d(2019, 1, 1));
    n.cable("C1", "N0", "N1", {{0, 0}, {100, 0}}, d(2019, 3, 1));
    n.cable("C2", "N1", "N2", {{100, 0}, {200, 0}}, d(2020, 3, 1));
    n.link(model::LinkKind::cable, "C3", "N1", "N3", {{100, 0}, {100, 50}}, {"PRO", "C", {}, {}, {}});
    n.premise("L1", 210, 0, "PBO1");
    n.premise("L2", 210, 10, "PBO1");
    n.premise("L3", 210, 20, "PBO1");
    n.premise("L4", 110, 50, "PBO2");
    if (with_drops) {
        n.drop("D1", "PBO1", "N2", "PTO1", "L1", "B1", {{200, 0}, {210, 0}}, d(2021, 5, 10));
        n.drop("D2", "PBO1", "N2", "PTO2", "L2", "B2", {{200, 0}, {210, 10}}, d(2019, 1, 1));
        n.drop("D4", "PBO2", "N3", "PTO4", "L4", "B4", {{100, 50}, {110, 50}}, d(2021, 1, 1));
    }
}

TEST(Scenario, DropFromARaccordablePboIsRaccordeSinceTheLaterDate) {
    Network n;
    drops_network(n, true);
    n.analyze();
    EXPECT_EQ(n.status.at("L1").raccordable_since, d(2020, 3, 1));
    EXPECT_EQ(n.status.at("L1").raccorde_since, d(2021, 5, 10));
    // Its drop is dated before its PBO was fed: raccordé once raccordable, not before.
    EXPECT_EQ(n.status.at("L2").raccorde_since, d(2020, 3, 1));
    EXPECT_TRUE(n.status.at("L3").raccorde_since.is_never());
    const auto before = n.run_json({"status", "--at", "2021-05-09", "--by", "commune"});
    EXPECT_EQ(before["raccordables"], 3);
    EXPECT_EQ(before["raccordes"], 1);
    EXPECT_NEAR(before["take_up"].get<double>(), 1.0 / 3.0, 1e-9);
    const auto after = n.run_json({"status", "--at", "2021-05-10", "--by", "pm"});
    EXPECT_EQ(after["raccordes"], 2);
    ASSERT_EQ(after["groups"].size(), 1U); // L4 belongs to PM1 by the network's layout
    EXPECT_EQ(after["groups"][0]["code"], "PM1");
    EXPECT_EQ(after["groups"][0]["raccordes"], 2);
    // Per quarter: raccordés and take-up beside the raccordables.
    const auto progress = n.run_json({"progress", "--from", "2020Q1", "--to", "2021Q2"});
    ASSERT_EQ(progress["quarters"].size(), 6U);
    EXPECT_EQ(progress["quarters"][0]["raccordes"], 1); // 2020Q1: L2 since 2020-03-01
    EXPECT_EQ(progress["quarters"][4]["raccordes"], 1); // 2021Q1
    EXPECT_EQ(progress["quarters"][5]["raccordes"], 2); // 2021Q2: L1 on 2021-05-10
    EXPECT_NEAR(progress["quarters"][5]["take_up"].get<double>(), 2.0 / 3.0, 1e-6);
}

TEST(Scenario, DropFromAPboNotFedIsNeitherRaccordableNorRaccordeAndADefect) {
    Network n;
    drops_network(n, true);
    n.analyze();
    EXPECT_TRUE(n.status.at("L4").raccordable_since.is_never());
    EXPECT_TRUE(n.status.at("L4").raccorde_since.is_never());
    const auto defects = n.check();
    EXPECT_TRUE(has(defects, "DROP_FROM_UNFED_PBO", "D4"));
    EXPECT_FALSE(has(defects, "DROP_FROM_UNFED_PBO", "D1"));
    // Drops are not links of the network: none is a dangling end, a conflict or a missing box.
    for (const char* code : {"DANGLING_END", "STATUS_CONFLICT", "MISSING_BOX", "UNFED_NETWORK"}) {
        for (const char* drop : {"D1", "D2", "D4", "PTO1", "PTO2", "PTO4"}) {
            EXPECT_FALSE(has(defects, code, drop)) << code << " " << drop;
        }
    }
}

TEST(Scenario, WithoutDropsNoOneIsRaccordeAndTheRaccordablesAreTheSame) {
    Network with;
    drops_network(with, true);
    with.analyze();
    Network without;
    drops_network(without, false);
    without.analyze();
    ASSERT_EQ(with.status.size(), without.status.size());
    for (const auto& [code, s] : without.status) {
        EXPECT_TRUE(s.raccorde_since.is_never()) << code;
        EXPECT_EQ(s.raccordable_since, with.status.at(code).raccordable_since) << code;
        EXPECT_EQ(s.pm_code, with.status.at(code).pm_code) << code;
        EXPECT_NEAR(s.optical_m, with.status.at(code).optical_m, 1e-9) << code;
    }
    const auto status = without.run_json({"status", "--at", "2025-12-31"});
    EXPECT_EQ(status["raccordes"], 0);
    EXPECT_DOUBLE_EQ(status["take_up"].get<double>(), 0.0);
}

//  NRO1 ==C1== PM1 ==C2 (2020)== PBO1 ··RA D1··> B1 (one building: PTO1 in L1, PTO5 in L5)
//                                                 ^
//              PM1 ==C3 (to build)== PBO3 ··RA D5·/
// Two drops into one building join its two PBOs: were drops links of the network, PBO3 would be
// fed through PBO1, the building and the drop D5.
TEST(Scenario, AnRaCableDoesNotMakeAPremiseRaccordable) {
    Network n;
    n.nro("NRO1", "N0", 0, 0, d(2018, 1, 1));
    n.pm("PM1", "N1", 100, 0, d(2019, 1, 1));
    n.pbo("PBO1", "N2", 200, 0, d(2019, 1, 1));
    n.pbo("PBO3", "N3", 200, 40, d(2019, 1, 1));
    n.cable("C1", "N0", "N1", {{0, 0}, {100, 0}}, d(2019, 3, 1));
    n.cable("C2", "N1", "N2", {{100, 0}, {200, 0}}, d(2020, 3, 1));
    n.link(model::LinkKind::cable, "C3", "N1", "N3", {{100, 0}, {200, 40}}, {"PRO", "C", {}, {}, {}});
    n.premise("L1", 220, 20, "PBO1");
    n.premise("L5", 220, 20, "PBO3");
    n.drop("D1", "PBO1", "N2", "PTO1", "L1", "B1", {{200, 0}, {220, 20}}, d(2021, 1, 1));
    n.drop("D5", "PBO3", "N3", "PTO5", "L5", "B1", {{200, 40}, {220, 20}}, d(2021, 1, 1));
    n.analyze();
    EXPECT_EQ(n.status.at("L1").raccorde_since, d(2021, 1, 1));
    EXPECT_TRUE(n.status.at("L5").raccordable_since.is_never());
    EXPECT_TRUE(n.status.at("L5").raccorde_since.is_never());
    EXPECT_TRUE(has(n.check(), "DROP_FROM_UNFED_PBO", "D5"));
}

} // namespace
} // namespace fibre
