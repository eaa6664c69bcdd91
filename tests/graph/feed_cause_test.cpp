// Why a premise declared deployed is not fed, on a network drawn in ASCII and analysed in
// memory: the cause is the first element not in service going up from the premise.

#include "engine/graph/feed_cause.hpp"
#include "engine/graph/network_analysis.hpp"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace fibre::graph {
namespace {

model::Lifecycle built(Date since = Date::from_ymd(2019, 2, 1)) {
    return {"REC", "E", std::nullopt, since, std::nullopt};
}

model::Lifecycle to_build() {
    return {"EXE", "C", std::nullopt, std::nullopt, std::nullopt};
}

//                              N4 (1000,600) PBO B3, to build: Q
//                              | C4 built
//  N0 NRO ======= C1 ========= N1 PM ======= C2 ======= N2 (1800,0) PBO B1: A (fed)
//  (0,0)                       (1000,0)
//                              | C3 in service from 2030-01-01
//                              N3 (1000,-600) PBO B2: P1, P2
//
// Each premise has an address whose hexaclé is HX + its code; A, P1, P2 and Q are declared
// DEPLOYE, Z's line names an address that has no premise.
class FeedCause : public ::testing::Test {
protected:
    void SetUp() override {
        in_.nodes = {{"N0", "ST", {0, 0}},
                     {"N1", "ST", {1000, 0}},
                     {"N2", "PT", {1800, 0}},
                     {"N3", "PT", {1000, -600}},
                     {"N4", "PT", {1000, 600}}};
        auto cable = [](std::string code, std::string level, std::string n1, std::string n2, model::Point a,
                        model::Point b, model::Lifecycle life) {
            model::Link l;
            l.code = std::move(code);
            l.level = std::move(level);
            l.node1 = std::move(n1);
            l.node2 = std::move(n2);
            l.life = std::move(life);
            l.geometry = {a, b};
            return l;
        };
        in_.links = {
            cable("C1", "TR", "N0", "N1", {0, 0}, {1000, 0}, built()),
            cable("C2", "DI", "N1", "N2", {1000, 0}, {1800, 0}, built()),
            cable("C3", "DI", "N1", "N3", {1000, 0}, {1000, -600}, built(Date::from_ymd(2030, 1, 1))),
            cable("C4", "DI", "N1", "N4", {1000, 0}, {1000, 600}, built())};
        in_.sites = {{"NRO1", "NRO", "N0", "", built(), {0, 0}},
                     {"PM1", "SRO", "N1", "FI-1", built(), {1000, 0}}};
        in_.boxes = {{"B1", "PBO", "N2", built(), {1800, 0}},
                     {"B2", "PBO", "N3", built(), {1000, -600}},
                     {"B3", "PBO", "N4", to_build(), {1000, 600}}};
        auto premise = [&](std::string code, std::string pbo, model::Point at) {
            model::Premise p;
            p.code = code;
            p.insee = "17001";
            p.declared_pbo = std::move(pbo);
            p.position = at;
            p.id = static_cast<std::int64_t>(in_.premises.size() + 1);
            in_.premises.push_back(p);
            in_.premise_hexacles.push_back("HX" + code);
        };
        premise("A", "B1", {1810, 10});
        premise("P1", "B2", {1010, -610});
        premise("P2", "B2", {990, -610});
        premise("Q", "B3", {1010, 610});
        for (const std::string code : {"A", "P1", "P2", "Q", "Z"}) {
            model::Declaration d;
            d.building_id = "IMB/" + code;
            d.hexacle = "HX" + code;
            d.state = "DEPLOYE";
            in_.declarations.push_back(d);
        }
        options_.today = Date::from_ymd(2023, 6, 30);
    }

    std::map<std::string, model::DeclarationMismatch> by_premise(const AnalysisResult& r) {
        std::map<std::string, model::DeclarationMismatch> out;
        for (const auto& m : r.mismatches) {
            out[m.premise_code.empty() ? m.building_id : m.premise_code] = m;
        }
        return out;
    }

    NetworkInput in_;
    AnalysisOptions options_;
};

TEST_F(FeedCause, FirstElementNotInServiceGoingUp) {
    const auto r = analyze_network(in_, options_);
    const auto m = by_premise(r);
    ASSERT_EQ(m.size(), 4U);
    EXPECT_FALSE(m.contains("A"));
    for (const std::string p : {"P1", "P2"}) {
        EXPECT_EQ(m.at(p).kind, model::MismatchKind::declared_not_fed);
        EXPECT_EQ(m.at(p).cause, model::FeedCause::cable_not_in_service);
        EXPECT_EQ(m.at(p).element_code, "C3");
        EXPECT_EQ(m.at(p).element_from, Date::from_ymd(2030, 1, 1));
        EXPECT_EQ(m.at(p).raccordable_since, Date::from_ymd(2030, 1, 1));
        EXPECT_EQ(m.at(p).pm_code, "PM1");
    }
    EXPECT_EQ(m.at("Q").cause, model::FeedCause::pbo_not_in_service);
    EXPECT_EQ(m.at("Q").element_code, "B3");
    EXPECT_TRUE(m.at("Q").element_from.is_never());
    EXPECT_EQ(m.at("IMB/Z").kind, model::MismatchKind::line_without_premise);
    EXPECT_EQ(m.at("IMB/Z").cause, model::FeedCause::none);
}

// In 2031 C3 is in service: P1 and P2 are fed, only Q and Z remain.
TEST_F(FeedCause, AtALaterDateTheLateCableNoLongerCounts) {
    options_.today = Date::from_ymd(2031, 1, 1);
    const auto m = by_premise(analyze_network(in_, options_));
    EXPECT_EQ(m.size(), 2U);
    EXPECT_TRUE(m.contains("Q"));
    EXPECT_TRUE(m.contains("IMB/Z"));
}

// The PM not in service: every premise below it is not fed because of the PM, the first
// element met going up (B3 still comes first for Q).
TEST_F(FeedCause, PmNotInService) {
    in_.sites[1].life = to_build();
    const auto m = by_premise(analyze_network(in_, options_));
    EXPECT_EQ(m.at("A").cause, model::FeedCause::pm_not_in_service);
    EXPECT_EQ(m.at("A").element_code, "PM1");
    EXPECT_EQ(m.at("P1").cause, model::FeedCause::cable_not_in_service);
    EXPECT_EQ(m.at("Q").cause, model::FeedCause::pbo_not_in_service);
}

TEST(FeedCauseText, SaysWhatAndUntilWhen) {
    EXPECT_EQ(describe(model::FeedCause::cable_not_in_service, "C3", Date::from_ymd(2030, 1, 1)),
              "the cable C3 is not in service until 2030-01-01");
    EXPECT_EQ(describe(model::FeedCause::pm_not_in_service, "PM1", Date::never()),
              "the PM PM1 is not in service");
}

} // namespace
} // namespace fibre::graph
