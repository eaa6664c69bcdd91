// What completing an unfinished worksite brings, on a network drawn in ASCII: the analysis
// treats the worksite's unbuilt elements as built and counts the premises newly reached.

#include "engine/graph/network_analysis.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace fibre::graph {
namespace {

model::Lifecycle built() {
    return {"REC", "E", Date::from_ymd(2019, 1, 10), Date::from_ymd(2019, 2, 1), std::nullopt};
}

model::Lifecycle to_build() {
    return {"EXE", "C", std::nullopt, std::nullopt, std::nullopt};
}

model::Lifecycle abandoned() {
    return {"EXE", "A", std::nullopt, std::nullopt, std::nullopt};
}

model::MultiPolygon square(double x0, double y0, double x1, double y1) {
    return {model::Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

model::Worksite worksite(std::string code, model::MultiPolygon perimeter) {
    model::Worksite w;
    w.code = std::move(code);
    w.kind = "distribution";
    w.actual_start = Date::from_ymd(2021, 3, 1);
    w.perimeter = std::move(perimeter);
    return w;
}

//                              N4 (1000,600) PBO B3, to build (W2): Q1, Q2
//                              |
//                              C4 built, names B3 at its end
//                              |
//  N0 NRO ======= C1 ========= N1 PM ======= C2 ======= N2 (1800,0) PBO B1, built: A (fed)
//  (0,0)                       (1000,0)
//                              |`-- C5 abandoned -- N5 (1300,-300) PBO B5, built: R
//                              C3 to build (W1)
//                              |
//                              N3 (1000,-600) PBO B2, built: P1 (2 locaux), P2, P3
//
//  W1's perimeter holds N2, C3, N3, C5 and N5 (not N1); W2's holds N4; W3 has ended.
class WorksiteCompletion : public ::testing::Test {
protected:
    void SetUp() override {
        in_.nodes = {{"N0", "ST", {0, 0}},       {"N1", "ST", {1000, 0}},   {"N2", "PT", {1800, 0}},
                     {"N3", "PT", {1000, -600}}, {"N4", "PT", {1000, 600}}, {"N5", "PT", {1300, -300}}};
        auto cable = [](std::string code, std::string n1, std::string n2, model::Point a, model::Point b,
                        model::Lifecycle life, std::string box2 = {}) {
            model::Link l;
            l.code = std::move(code);
            l.level = "DI";
            l.node1 = std::move(n1);
            l.node2 = std::move(n2);
            l.box2 = std::move(box2);
            l.life = std::move(life);
            l.geometry = {a, b};
            return l;
        };
        in_.links = {cable("C1", "N0", "N1", {0, 0}, {1000, 0}, built()),
                     cable("C2", "N1", "N2", {1000, 0}, {1800, 0}, built()),
                     cable("C3", "N1", "N3", {1000, 0}, {1000, -600}, to_build()),
                     cable("C4", "N1", "N4", {1000, 0}, {1000, 600}, built(), "B3"),
                     cable("C5", "N1", "N5", {1000, 0}, {1300, -300}, abandoned())};
        in_.sites = {{"NRO1", "NRO", "N0", "", built(), {0, 0}},
                     {"PM1", "SRO", "N1", "FI-1", built(), {1000, 0}}};
        in_.boxes = {{"B1", "PBO", "N2", built(), {1800, 0}},
                     {"B2", "PBO", "N3", built(), {1000, -600}},
                     {"B3", "PBO", "N4", to_build(), {1000, 600}},
                     {"B5", "PBO", "N5", built(), {1300, -300}}};
        auto premise = [](std::string code, std::string pbo, model::Point at, int locaux = 1) {
            model::Premise p;
            p.code = std::move(code);
            p.insee = "17001";
            p.locaux = locaux;
            p.declared_pbo = std::move(pbo);
            p.position = at;
            return p;
        };
        in_.premises = {premise("A", "B1", {1810, 10}),   premise("P1", "B2", {1010, -610}, 2),
                        premise("P2", "B2", {990, -610}), premise("P3", "B2", {1000, -620}),
                        premise("Q1", "B3", {1010, 610}), premise("Q2", "B3", {990, 610}),
                        premise("R", "B5", {1310, -310})};
        auto ended = worksite("W3", square(-100, -100, 100, 100));
        ended.actual_end = Date::from_ymd(2019, 2, 1);
        in_.worksites = {worksite("W1", square(1100, -700, 1900, 100)),
                         worksite("W2", square(900, 500, 1100, 700)), ended};
        // W1 also holds C3 and N3, below N1 along x = 1000.
        in_.worksites[0].perimeter.push_back(square(950, -700, 1090, -100).front());
        options_.today = Date::from_ymd(2023, 6, 30);
    }

    const model::WorksiteOutcome* outcome(const AnalysisResult& r, const std::string& code) {
        for (const auto& o : r.worksite_outcomes) {
            if (o.worksite_code == code) {
                return &o;
            }
        }
        return nullptr;
    }

    NetworkInput in_;
    AnalysisOptions options_;
};

TEST_F(WorksiteCompletion, CountsWhatTheUnbuiltElementsWouldFeed) {
    const auto r = analyze_network(in_, options_);
    ASSERT_EQ(r.statuses.size(), 7U);
    EXPECT_FALSE(r.statuses[0].raccordable_since.is_never()); // A is fed already
    for (std::size_t i = 1; i < r.statuses.size(); ++i) {
        EXPECT_TRUE(r.statuses[i].raccordable_since.is_never()) << r.statuses[i].premise_code;
    }

    ASSERT_EQ(r.worksite_outcomes.size(), 2U); // W3 has ended: nothing more to bring
    const auto* w1 = outcome(r, "W1");
    ASSERT_NE(w1, nullptr);
    EXPECT_EQ(w1->premises, 3); // P1, P2, P3 through C3; not A (fed), not R (C5 is abandoned)
    EXPECT_EQ(w1->locaux, 4);
    const auto* w2 = outcome(r, "W2");
    ASSERT_NE(w2, nullptr);
    EXPECT_EQ(w2->premises, 2); // Q1, Q2: the PBO B3, which C4 names at its end
    EXPECT_EQ(w2->locaux, 2);
    EXPECT_EQ(outcome(r, "W3"), nullptr);
}

TEST_F(WorksiteCompletion, AWorksiteBuildsOnlyItsOwnElements) {
    // The PM not in service either, and inside neither perimeter: no completion feeds anything.
    in_.sites[1].life = to_build();
    auto r = analyze_network(in_, options_);
    ASSERT_EQ(r.worksite_outcomes.size(), 2U);
    EXPECT_EQ(r.worksite_outcomes[0].premises, 0);
    EXPECT_EQ(r.worksite_outcomes[1].premises, 0);

    // Once W1's perimeter holds the PM too, its completion feeds A as well (the PM now blocks
    // it), and W2 still brings nothing: its PBO hangs behind W1's PM.
    in_.worksites[0].perimeter.push_back(square(990, -10, 1010, 10).front());
    r = analyze_network(in_, options_);
    EXPECT_TRUE(r.statuses[0].raccordable_since.is_never());
    EXPECT_EQ(r.worksite_outcomes[0].premises, 4);
    EXPECT_EQ(r.worksite_outcomes[0].locaux, 5);
    EXPECT_EQ(r.worksite_outcomes[1].premises, 0);
}

TEST_F(WorksiteCompletion, AnUnbuiltNroIsASource) {
    // Everything was to build, in one worksite around the whole network.
    for (auto& l : in_.links) {
        if (l.life.avct != "A") {
            l.life = to_build();
        }
    }
    in_.sites[0].life = to_build();
    in_.worksites = {worksite("ALL", square(-10, -1000, 2000, 1000))};
    const auto r = analyze_network(in_, options_);
    ASSERT_EQ(r.worksite_outcomes.size(), 1U);
    EXPECT_EQ(r.worksite_outcomes[0].premises, 6); // all but R
    EXPECT_EQ(r.worksite_outcomes[0].locaux, 7);
}

} // namespace
} // namespace fibre::graph
