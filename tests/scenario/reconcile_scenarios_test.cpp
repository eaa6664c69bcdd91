// Declared (IPE) against computed (network) on tiny stores: each network is drawn in ASCII,
// written to a real store with its addresses and IPE lines, analysed by `fibre analyze`, and
// `fibre reconcile` must give each mismatch's kind, cause and element as the sketch implies.

#include "engine/model/analysis.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

using testing::run_fibre;
using testing::TempDir;

Date d(int y, unsigned m, unsigned day) {
    return Date::from_ymd(y, m, day);
}

model::Lifecycle in_service(Date since) {
    return {"REC", "E", std::nullopt, since, std::nullopt};
}

model::Lifecycle to_build() {
    return {"PRO", "C", std::nullopt, std::nullopt, std::nullopt};
}

/// A network with its premises (each at its own address, hexaclé "HX" + code) and IPE lines.
class Tiny {
public:
    Tiny() { db_ = dir_ / "s.sqlite"; }

    void node(const std::string& code, double x, double y) { nodes_.push_back({code, "PT", {x, y}}); }
    void nro(const std::string& code, const std::string& node, double x, double y, model::Lifecycle life) {
        this->node(node, x, y);
        sites_.push_back({code, "NRO", node, "", std::move(life), {x, y}});
    }
    void pm(const std::string& code, const std::string& node, double x, double y, model::Lifecycle life) {
        this->node(node, x, y);
        sites_.push_back({code, "SRO", node, "FI-17300-" + code, std::move(life), {x, y}});
    }
    void box(const std::string& code, const std::string& type, const std::string& node, double x, double y,
             model::Lifecycle life) {
        this->node(node, x, y);
        boxes_.push_back({code, type, node, std::move(life), {x, y}});
    }
    model::Link& link(const std::string& code, const std::string& level, const std::string& n1,
                      const std::string& n2, model::LineString geometry, model::Lifecycle life,
                      model::LinkKind kind = model::LinkKind::cable) {
        model::Link l;
        l.code = code;
        l.kind = kind;
        l.level = level;
        l.node1 = n1;
        l.node2 = n2;
        l.life = std::move(life);
        l.geometry = std::move(geometry);
        links_.push_back(l);
        return links_.back();
    }
    void premise(const std::string& code, double x, double y, const std::string& pbo,
                 const std::string& insee = "17300") {
        premises_.push_back({code, "AD-" + code, insee, 1, "FTTH", pbo, "", {x, y}});
        model::Address a;
        a.code = "AD-" + code;
        a.hexacle = "HX" + code;
        a.insee = insee;
        a.number = "1";
        a.street = "rue " + code;
        a.position = {x, y};
        addresses_.push_back(a);
    }
    /// An IPE line for the address of premise @p code (or any hexaclé given as "HX...").
    model::Declaration& ipe(const std::string& code, const std::string& state,
                            std::optional<Date> commercial = std::nullopt) {
        model::Declaration decl;
        decl.building_id = "IMB/" + code;
        decl.hexacle = code.starts_with("HX") ? code : "HX" + code;
        decl.insee = "17300";
        decl.state = state;
        decl.commercial_date = commercial;
        decl.ref_pm = "FI-17300-PM1";
        decl.position = model::Point{1, 1};
        decls_.push_back(decl);
        return decls_.back();
    }

    void write() {
        auto db = store::Database::create(db_);
        store::Transaction tx(db);
        store::EntityWriter w(db, 1);
        w.add(model::Commune{"17300", "La Rochelle", "17", "241700434", "CA de La Rochelle", 0, 0, 0, {}});
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
        for (const auto& x : addresses_) {
            w.add(x);
        }
        for (const auto& x : premises_) {
            w.add(x);
        }
        for (const auto& x : decls_) {
            w.add(x);
        }
        tx.commit();
    }

    /// Writes the store and runs `fibre analyze`.
    void analyze() {
        write();
        const auto r = run_fibre({"analyze", "--db", db_.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    nlohmann::json json(std::vector<std::string> args) {
        args.insert(args.end(), {"--db", db_.string(), "--format", "json"});
        const auto r = run_fibre(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
    }

    /// `fibre reconcile --list`, keyed by kind and premise (or building id for a line alone).
    std::map<std::pair<std::string, std::string>, nlohmann::json> list() {
        std::map<std::pair<std::string, std::string>, nlohmann::json> out;
        const auto listed = json({"reconcile", "--list"});
        for (const auto& m : listed["mismatches"]) {
            const auto premise = m["premise"].get<std::string>();
            out[{m["kind"].get<std::string>(),
                 premise.empty() ? m["building_id"].get<std::string>() : premise}] = m;
        }
        return out;
    }

    [[nodiscard]] const std::filesystem::path& db() const { return db_; }

private:
    TempDir dir_;
    std::filesystem::path db_;
    std::vector<model::Node> nodes_;
    std::vector<model::Link> links_;
    std::vector<model::Site> sites_;
    std::vector<model::Box> boxes_;
    std::vector<model::Address> addresses_;
    std::vector<model::Premise> premises_;
    std::vector<model::Declaration> decls_;
};

/// The base of most scenarios:
///
///   NRO1 ==T1 (TR, 2018)== PM1 ==D1 (DI, 2019)== PBO1    L1
///   (0,0)                 (100,0)               (200,0) (205,0)
void base(Tiny& t, model::Lifecycle nro = in_service(d(2018, 1, 1)),
          model::Lifecycle pm = in_service(d(2018, 1, 1)), model::Lifecycle pbo = in_service(d(2019, 1, 1)),
          model::Lifecycle d1 = in_service(d(2019, 1, 1))) {
    t.nro("NRO1", "N0", 0, 0, std::move(nro));
    t.pm("PM1", "N1", 100, 0, std::move(pm));
    t.box("PBO1", "PBO", "N2", 200, 0, std::move(pbo));
    t.link("T1", "TR", "N0", "N1", {{0, 0}, {100, 0}}, in_service(d(2018, 1, 1)));
    t.link("D1", "DI", "N1", "N2", {{100, 0}, {200, 0}}, std::move(d1));
    t.premise("L1", 205, 0, "PBO1");
}

void expect_cause(Tiny& t, const std::string& cause, const std::string& element,
                  const std::string& element_in_service = "") {
    const auto list = t.list();
    ASSERT_TRUE(list.contains({"declared_not_fed", "L1"})) << "no declared_not_fed for L1";
    const auto& m = list.at({"declared_not_fed", "L1"});
    EXPECT_EQ(m["cause"], cause);
    EXPECT_EQ(m["element"], element);
    EXPECT_EQ(m["element_in_service"], element_in_service);
    EXPECT_EQ(m["declared_state"], "DEPLOYE");
    EXPECT_EQ(m["building_id"], "IMB/L1");
    EXPECT_EQ(m["address"], "1 rue L1");
    EXPECT_EQ(list.size(), 1U);
}

TEST(Reconcile, FedAndDeclaredDeployedIsNoMismatch) {
    Tiny t;
    base(t);
    t.ipe("L1", "DEPLOYE", d(2019, 6, 1));
    t.analyze();
    EXPECT_TRUE(t.list().empty());
    const auto counts = t.json({"reconcile"});
    EXPECT_EQ(counts["total"], 0);
    EXPECT_EQ(counts["counts"]["declared_not_fed"], 0);
}

// D1 to build: L1 declared DEPLOYE is not fed, because of D1.
TEST(Reconcile, CauseCableNotInService) {
    Tiny t;
    base(t, in_service(d(2018, 1, 1)), in_service(d(2018, 1, 1)), in_service(d(2019, 1, 1)), to_build());
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "cable_not_in_service", "D1");
    // check's defect comes from the same mismatch, and says why.
    const auto check = t.json({"check"});
    bool found = false;
    for (const auto& defect : check["defects"]) {
        if (defect["code"] == "DECLARED_NOT_FED") {
            found = true;
            EXPECT_EQ(defect["element_code"], "IMB/L1");
            EXPECT_NE(defect["message"].get<std::string>().find("the cable D1 is not in service"),
                      std::string::npos)
                << defect["message"];
        }
    }
    EXPECT_TRUE(found);
}

// D1 commissioned only in 2099: not fed today, and the element says until when.
TEST(Reconcile, CauseCableInServiceOnlyLater) {
    Tiny t;
    base(t, in_service(d(2018, 1, 1)), in_service(d(2018, 1, 1)), in_service(d(2019, 1, 1)),
         in_service(d(2099, 1, 1)));
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "cable_not_in_service", "D1", "2099-01-01");
    const auto m = t.list().at({"declared_not_fed", "L1"});
    EXPECT_EQ(m["computed_state"], "raccordable from 2099-01-01");
    EXPECT_EQ(m["raccordable_since"], "2099-01-01");
}

TEST(Reconcile, CausePboNotInService) {
    Tiny t;
    base(t, in_service(d(2018, 1, 1)), in_service(d(2018, 1, 1)), to_build());
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "pbo_not_in_service", "PBO1");
}

TEST(Reconcile, CausePmNotInService) {
    Tiny t;
    base(t, in_service(d(2018, 1, 1)), to_build());
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "pm_not_in_service", "PM1");
}

TEST(Reconcile, CauseNroNotInService) {
    Tiny t;
    base(t, to_build());
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "nro_not_in_service", "NRO1");
}

// The PBO's spur leaves a closure CL1 commissioned only in 2099, the cable being in service.
//   NRO1 ==T1== PM1 ==D1== CL1 (BPE) ==D2 (names CL1 at its first end)== PBO2    L1
TEST(Reconcile, CauseBoxNotInService) {
    Tiny t;
    t.nro("NRO1", "N0", 0, 0, in_service(d(2018, 1, 1)));
    t.pm("PM1", "N1", 100, 0, in_service(d(2018, 1, 1)));
    t.box("CL1", "BPE", "N2", 200, 0, in_service(d(2099, 1, 1)));
    t.box("PBO2", "PBO", "N3", 300, 0, in_service(d(2019, 1, 1)));
    t.link("T1", "TR", "N0", "N1", {{0, 0}, {100, 0}}, in_service(d(2018, 1, 1)));
    t.link("D1", "DI", "N1", "N2", {{100, 0}, {200, 0}}, in_service(d(2019, 1, 1)));
    t.link("D2", "DI", "N2", "N3", {{200, 0}, {300, 0}}, in_service(d(2019, 1, 1))).box1 = "CL1";
    t.premise("L1", 305, 0, "PBO2");
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "box_not_in_service", "CL1", "2099-01-01");
}

// L1 lies 1 km from any PBO and names none.
TEST(Reconcile, CauseNoPbo) {
    Tiny t;
    t.nro("NRO1", "N0", 0, 0, in_service(d(2018, 1, 1)));
    t.pm("PM1", "N1", 100, 0, in_service(d(2018, 1, 1)));
    t.box("PBO1", "PBO", "N2", 200, 0, in_service(d(2019, 1, 1)));
    t.link("T1", "TR", "N0", "N1", {{0, 0}, {100, 0}}, in_service(d(2018, 1, 1)));
    t.link("D1", "DI", "N1", "N2", {{100, 0}, {200, 0}}, in_service(d(2019, 1, 1)));
    t.premise("L1", 1200, 1000, "");
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "no_pbo", "");
}

// PBO9 stands on a node no link reaches.
TEST(Reconcile, CauseNoCableFromBox) {
    Tiny t;
    base(t);
    t.box("PBO9", "PBO", "N9", 500, 500, in_service(d(2019, 1, 1)));
    t.premise("L2", 505, 500, "PBO9");
    t.ipe("L2", "DEPLOYE");
    t.analyze();
    const auto list = t.list();
    ASSERT_TRUE(list.contains({"declared_not_fed", "L2"}));
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["cause"], "no_cable_from_box");
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["element"], "PBO9");
}

// PBO2 sits in a transport chamber: NRO1 ==T2 (TR)== PBO2, no PM on the way.
TEST(Reconcile, CauseNoPmOnPath) {
    Tiny t;
    base(t);
    t.box("PBO2", "PBO", "N5", 0, 100, in_service(d(2019, 1, 1)));
    t.link("T2", "TR", "N0", "N5", {{0, 0}, {0, 100}}, in_service(d(2018, 1, 1)));
    t.premise("L2", 5, 100, "PBO2");
    t.ipe("L2", "DEPLOYE");
    t.analyze();
    const auto list = t.list();
    ASSERT_TRUE(list.contains({"declared_not_fed", "L2"}));
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["cause"], "no_pm_on_path");
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["element"], "PBO2");
}

// PM2 ==D5== PBO5, and nothing joins PM2 to an NRO.
TEST(Reconcile, CausePmNotReachable) {
    Tiny t;
    base(t);
    t.pm("PM2", "N6", 1000, 0, in_service(d(2018, 1, 1)));
    t.box("PBO5", "PBO", "N7", 1100, 0, in_service(d(2019, 1, 1)));
    t.link("D5", "DI", "N6", "N7", {{1000, 0}, {1100, 0}}, in_service(d(2019, 1, 1)));
    t.premise("L2", 1105, 0, "PBO5");
    t.ipe("L2", "DEPLOYE");
    t.analyze();
    const auto list = t.list();
    ASSERT_TRUE(list.contains({"declared_not_fed", "L2"}));
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["cause"], "pm_not_reachable");
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["element"], "PM2");
}

// N8 ==D6== PBO6: a part of the network with neither PM nor NRO.
TEST(Reconcile, CauseNotConnected) {
    Tiny t;
    base(t);
    t.node("N8", 2000, 0);
    t.box("PBO6", "PBO", "N9", 2100, 0, in_service(d(2019, 1, 1)));
    t.link("D6", "DI", "N8", "N9", {{2000, 0}, {2100, 0}}, in_service(d(2019, 1, 1)));
    t.premise("L2", 2105, 0, "PBO6");
    t.ipe("L2", "DEPLOYE");
    t.analyze();
    const auto list = t.list();
    ASSERT_TRUE(list.contains({"declared_not_fed", "L2"}));
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["cause"], "not_connected");
    EXPECT_EQ(list.at({"declared_not_fed", "L2"})["element"], "PBO6");
}

// A network of civil-works paths only: NRO1 --P1-- PBO1, P1 to build.
TEST(Reconcile, CausePathNotInService) {
    Tiny t;
    t.nro("NRO1", "N0", 0, 0, in_service(d(2018, 1, 1)));
    t.box("PBO1", "PBO", "N2", 200, 0, in_service(d(2019, 1, 1)));
    t.link("P1", "", "N0", "N2", {{0, 0}, {200, 0}}, to_build(), model::LinkKind::path);
    t.premise("L1", 205, 0, "PBO1");
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    expect_cause(t, "path_not_in_service", "P1");
}

// RACCORDABLE DEMANDE: the PBO is built on request, so a premise waiting for it is as
// declared; a premise whose PM is not in service is not.
TEST(Reconcile, RaccordableDemandeCountsAboveThePboOnly) {
    Tiny waiting;
    base(waiting, in_service(d(2018, 1, 1)), in_service(d(2018, 1, 1)), to_build());
    waiting.ipe("L1", "RACCORDABLE DEMANDE");
    waiting.analyze();
    EXPECT_TRUE(waiting.list().empty());

    Tiny broken;
    base(broken, in_service(d(2018, 1, 1)), to_build());
    broken.ipe("L1", "RACCORDABLE DEMANDE");
    broken.analyze();
    const auto list = broken.list();
    ASSERT_TRUE(list.contains({"declared_not_fed", "L1"}));
    EXPECT_EQ(list.at({"declared_not_fed", "L1"})["cause"], "pm_not_in_service");
    EXPECT_EQ(list.at({"declared_not_fed", "L1"})["declared_state"], "RACCORDABLE DEMANDE");
}

// L1 fed since 2019-01-01 but declared SIGNE, L2 (same PBO) declared CIBLE: both are
// fed_declared_undeployed; check keeps FED_DECLARED_CIBLE for the CIBLE one only.
TEST(Reconcile, FedDeclaredUndeployed) {
    Tiny t;
    base(t);
    t.premise("L2", 205, 5, "PBO1");
    t.premise("L3", 205, 10, "PBO1");
    t.ipe("L1", "SIGNE");
    t.ipe("L2", "CIBLE");
    t.ipe("L3", "EN COURS DE DEPLOIEMENT");
    t.analyze();
    const auto list = t.list();
    for (const std::string p : {"L1", "L2", "L3"}) {
        ASSERT_TRUE(list.contains({"fed_declared_undeployed", p})) << p;
        EXPECT_EQ(list.at({"fed_declared_undeployed", p})["computed_state"], "raccordable");
        EXPECT_EQ(list.at({"fed_declared_undeployed", p})["raccordable_since"], "2019-01-01");
        EXPECT_EQ(list.at({"fed_declared_undeployed", p})["cause"], "");
    }
    EXPECT_EQ(list.size(), 3U);
    std::multimap<std::string, std::string> defects;
    const auto check = t.json({"check"});
    for (const auto& defect : check["defects"]) {
        defects.emplace(defect["code"], defect["element_code"]);
    }
    EXPECT_EQ(defects.count("FED_DECLARED_CIBLE"), 1U);
    EXPECT_EQ(defects.find("FED_DECLARED_CIBLE")->second, "IMB/L2");
}

// Fed since 2019-01-01 (D1), commercially opened on 2018-10-01 by its operator.
TEST(Reconcile, CommercialDateBeforeNetwork) {
    Tiny t;
    base(t);
    t.premise("L2", 205, 5, "PBO1");
    t.ipe("L1", "DEPLOYE", d(2018, 10, 1));
    t.ipe("L2", "DEPLOYE", d(2019, 1, 1)); // the same day: no mismatch
    t.analyze();
    const auto list = t.list();
    ASSERT_EQ(list.size(), 1U);
    const auto& m = list.at({"commercial_before_network", "L1"});
    EXPECT_EQ(m["commercial_date"], "2018-10-01");
    EXPECT_EQ(m["raccordable_since"], "2019-01-01");
}

// An IPE line whose hexaclé no address has; and a line superseded by a more recent one of the
// same address, which is not a line without premise.
TEST(Reconcile, LineWithoutPremise) {
    Tiny t;
    base(t);
    t.ipe("HXNOWHERE", "DEPLOYE").building_id = "IMB/NOWHERE";
    t.ipe("L1", "SIGNE").modified = d(2018, 1, 1);
    t.ipe("L1", "DEPLOYE").modified = d(2020, 1, 1);
    t.analyze();
    const auto list = t.list();
    ASSERT_EQ(list.size(), 1U);
    const auto& m = list.at({"line_without_premise", "IMB/NOWHERE"});
    EXPECT_EQ(m["premise"], "");
    EXPECT_EQ(m["hexacle"], "HXNOWHERE");
    EXPECT_EQ(m["pm"], "PM1"); // from its ReferencePM FI-17300-PM1
    EXPECT_DOUBLE_EQ(m["x"].get<double>(), 1.0);
}

// L2 is fed and no IPE line speaks for it (L1's line does for L1).
TEST(Reconcile, FedWithoutLine) {
    Tiny t;
    base(t);
    t.premise("L2", 205, 5, "PBO1");
    t.ipe("L1", "DEPLOYE");
    t.analyze();
    const auto list = t.list();
    ASSERT_EQ(list.size(), 1U);
    const auto& m = list.at({"fed_without_line", "L2"});
    EXPECT_EQ(m["declared_state"], "");
    EXPECT_EQ(m["building_id"], "");
    EXPECT_EQ(m["pm"], "PM1");
    EXPECT_EQ(m["ref_pm"], "FI-17300-PM1");
}

// Counts per kind, per PM and per commune, the kind filter and the formats.
TEST(Reconcile, CountsByPmAndCommune) {
    Tiny t;
    base(t, in_service(d(2018, 1, 1)), in_service(d(2018, 1, 1)), in_service(d(2019, 1, 1)), to_build());
    t.premise("L2", 205, 5, "PBO1", "17299");
    t.premise("L3", 205, 10, "PBO1");
    t.ipe("L1", "DEPLOYE");
    t.ipe("L2", "DEPLOYE");
    t.ipe("HXNOWHERE", "SIGNE").building_id = "IMB/NOWHERE";
    t.analyze();
    const auto all = t.json({"reconcile"});
    EXPECT_EQ(all["counts"]["declared_not_fed"], 2);
    EXPECT_EQ(all["counts"]["line_without_premise"], 1);
    EXPECT_EQ(all["counts"]["fed_without_line"], 0); // L3 is not fed
    EXPECT_EQ(all["total"], 3);
    EXPECT_EQ(all["causes"]["cable_not_in_service"], 2);

    const auto by_pm = t.json({"reconcile", "--by", "pm"});
    ASSERT_EQ(by_pm["groups"].size(), 1U) << by_pm.dump();
    EXPECT_EQ(by_pm["groups"][0]["code"], "PM1");
    EXPECT_EQ(by_pm["groups"][0]["ref_pm"], "FI-17300-PM1");
    EXPECT_EQ(by_pm["groups"][0]["total"], 3);

    const auto by_commune = t.json({"reconcile", "--by", "commune", "--kind", "declared_not_fed"});
    ASSERT_EQ(by_commune["groups"].size(), 2U);
    EXPECT_EQ(by_commune["groups"][0]["code"], "17299");
    EXPECT_EQ(by_commune["groups"][0]["name"], "Lagord");
    EXPECT_EQ(by_commune["groups"][0]["counts"]["declared_not_fed"], 1);
    EXPECT_EQ(by_commune["groups"][1]["code"], "17300");
    EXPECT_EQ(by_commune["groups"][1]["counts"]["declared_not_fed"], 1);
    EXPECT_FALSE(by_commune["counts"].contains("line_without_premise"));
    EXPECT_EQ(by_commune["total"], 2);

    const auto csv = run_fibre({"reconcile", "--db", t.db().string(), "--format", "csv", "--csv-locale", "c",
                                "--list", "--kind", "line_without_premise"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_EQ(
        csv.out.substr(0, csv.out.find('\n')),
        "kind,premise,address,insee,pm,ref_pm,building_id,declared_state,commercial_date,computed_state,"
        "raccordable_since,cause,element,element_in_service");
    EXPECT_NE(csv.out.find("line_without_premise,,,17300,PM1,FI-17300-PM1,IMB/NOWHERE,SIGNE"),
              std::string::npos)
        << csv.out;

    const auto table = run_fibre({"reconcile", "--db", t.db().string()});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("cable_not_in_service"), std::string::npos) << table.out;
}

TEST(Reconcile, StoreWithoutAnalysisIsRefused) {
    Tiny t;
    base(t);
    t.ipe("L1", "DEPLOYE");
    t.write();
    const auto r = run_fibre({"reconcile", "--db", t.db().string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("holds no analysis: run `fibre analyze` first"), std::string::npos) << r.err;
    const auto status = run_fibre({"status", "--db", t.db().string()});
    EXPECT_EQ(status.exit_code, 1);
    EXPECT_NE(status.err.find("holds no analysis: run `fibre analyze` first"), std::string::npos);
    const auto usage = run_fibre({"reconcile", "--db", t.db().string(), "--kind", "nonsense"});
    EXPECT_EQ(usage.exit_code, 2);
}

// The mismatches layer of `fibre export`: one point per mismatch, with its cause.
TEST(Reconcile, ExportLayer) {
    Tiny t;
    base(t, in_service(d(2018, 1, 1)), in_service(d(2018, 1, 1)), in_service(d(2019, 1, 1)), to_build());
    t.ipe("L1", "DEPLOYE");
    t.ipe("HXNOWHERE", "SIGNE").building_id = "IMB/NOWHERE";
    t.analyze();
    TempDir out;
    const auto path = out / "m.geojson";
    const auto r =
        run_fibre({"export", "--db", t.db().string(), "--layer", "mismatches", "--out", path.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto geo = nlohmann::json::parse(testing::read_file(path));
    ASSERT_EQ(geo["features"].size(), 2U);
    std::map<std::string, nlohmann::json> by_kind;
    for (const auto& f : geo["features"]) {
        by_kind[f["properties"]["kind"].get<std::string>()] = f;
    }
    const auto& a = by_kind.at("declared_not_fed");
    EXPECT_EQ(a["properties"]["premise"], "L1");
    EXPECT_EQ(a["properties"]["cause"], "cable_not_in_service");
    EXPECT_EQ(a["properties"]["element"], "D1");
    EXPECT_EQ(a["geometry"]["type"], "Point");
    EXPECT_EQ(by_kind.at("line_without_premise")["properties"]["building_id"], "IMB/NOWHERE");
}

} // namespace
} // namespace fibre
