// Raccordés on networks drawn in ASCII, in memory: a drop (RA cable to a PTO) dates the local's
// raccorde_since and never feeds anyone, even when the RA cables are given among the links.

#include "engine/graph/network_analysis.hpp"

#include <algorithm>
#include <array>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace fibre::graph {
namespace {

Date d(int y, unsigned m, unsigned day) {
    return Date::from_ymd(y, m, day);
}

model::Lifecycle in_service(Date since) {
    return {"REC", "E", std::nullopt, since, std::nullopt};
}

model::Lifecycle to_build() {
    return {"PRO", "C", std::nullopt, std::nullopt, std::nullopt};
}

model::Link cable(std::string code, std::string level, std::string n1, std::string n2, model::Point a,
                  model::Point b, model::Lifecycle life, std::string box1 = {}, std::string box2 = {}) {
    model::Link l;
    l.code = std::move(code);
    l.level = std::move(level);
    l.node1 = std::move(n1);
    l.node2 = std::move(n2);
    l.box1 = std::move(box1);
    l.box2 = std::move(box2);
    l.life = std::move(life);
    l.geometry = {a, b};
    return l;
}

//  N0 NRO ==C1 TR (2019)== N1 PM ==C2 DI (2020-03-01)== N2 PBO1 ··R1 RA (2021-04-01)··.
//  (0,0)                   (100,0)                       (200,0)                       v
//                             \                                                     N9 building
//                              ==C3 DI (to build)== N3 PBO2 ··R2 RA (2021-04-01)··^ (250,20)
//                                                   (200,40)                        PTO1 in L1, PTO2 in L2
// R1 and R2 meet at the building's node: were they links of the network, PBO2 would be fed
// through PBO1, R1, the building and R2.
NetworkInput two_pbos_one_building() {
    NetworkInput in;
    in.nodes = {{"N0", "ST", {0, 0}},
                {"N1", "ST", {100, 0}},
                {"N2", "PT", {200, 0}},
                {"N3", "PT", {200, 40}},
                {"N9", "ST", {250, 20}}};
    in.sites = {{"NRO1", "NRO", "N0", "", in_service(d(2018, 1, 1)), {0, 0}},
                {"PM1", "SRO", "N1", "REF-PM1", in_service(d(2018, 6, 1)), {100, 0}}};
    in.boxes = {{"PBO1", "PBO", "N2", in_service(d(2019, 1, 1)), {200, 0}},
                {"PBO2", "PBO", "N3", in_service(d(2019, 1, 1)), {200, 40}},
                {"PTO1", "PTO", "N9", in_service(d(2021, 4, 1)), {250, 20}},
                {"PTO2", "PTO", "N9", in_service(d(2021, 4, 1)), {250, 20}}};
    in.boxes[2].local_code = "L1";
    in.boxes[3].local_code = "L2";
    in.links = {
        cable("C1", "TR", "N0", "N1", {0, 0}, {100, 0}, in_service(d(2019, 1, 1))),
        cable("C2", "DI", "N1", "N2", {100, 0}, {200, 0}, in_service(d(2020, 3, 1)), {}, "PBO1"),
        cable("C3", "DI", "N1", "N3", {100, 0}, {200, 40}, to_build(), {}, "PBO2"),
        cable("R1", "RA", "N2", "N9", {200, 0}, {250, 20}, in_service(d(2021, 4, 1)), "PBO1", "PTO1"),
        cable("R2", "RA", "N3", "N9", {200, 40}, {250, 20}, in_service(d(2021, 4, 1)), "PBO2", "PTO2")};
    in.premises = {{"L1", "", "17300", 1, "FTTH", "PBO1", "", {250, 20}},
                   {"L2", "", "17300", 1, "FTTH", "PBO2", "", {250, 20}}};
    for (const auto& [cable_code, pbo, pto, local] : std::vector<std::array<std::string, 4>>{
             {"R1", "PBO1", "PTO1", "L1"}, {"R2", "PBO2", "PTO2", "L2"}}) {
        model::Drop drop;
        drop.cable_code = cable_code;
        drop.pbo_code = pbo;
        drop.pto_code = pto;
        drop.local_code = local;
        drop.cable = in_service(d(2021, 4, 1));
        drop.pto = in_service(d(2021, 4, 1));
        in.drops.push_back(drop);
    }
    return in;
}

bool has(const AnalysisResult& r, const std::string& code, const std::string& element) {
    return std::any_of(r.defects.begin(), r.defects.end(),
                       [&](const model::Defect& x) { return x.code == code && x.element_code == element; });
}

TEST(Raccorde, ADropDatesTheLocalAndFeedsNoOne) {
    const auto r = analyze_network(two_pbos_one_building(), AnalysisOptions{});
    ASSERT_EQ(r.statuses.size(), 2U);
    EXPECT_EQ(r.statuses[0].raccordable_since, d(2020, 3, 1));
    EXPECT_EQ(r.statuses[0].raccorde_since, d(2021, 4, 1));
    // PBO2's own cable is to be built: the two drops into one building do not feed it.
    EXPECT_TRUE(r.statuses[1].raccordable_since.is_never());
    EXPECT_TRUE(r.statuses[1].raccorde_since.is_never());
    EXPECT_EQ(r.raccordables, 1U);
    EXPECT_EQ(r.raccordes, 1U);
    EXPECT_EQ(r.drops_in_service, 2U);
    EXPECT_TRUE(has(r, "DROP_FROM_UNFED_PBO", "R2"));
    EXPECT_FALSE(has(r, "DROP_FROM_UNFED_PBO", "R1"));
    // The RA cables are no links of the topology: no conflict on the PTOs they name.
    EXPECT_FALSE(has(r, "STATUS_CONFLICT", "PTO1"));
    // PBO2 is declared in service while its only cable is to be built: its drop is no cable that
    // reaches it.
    EXPECT_TRUE(has(r, "STATUS_CONFLICT", "PBO2"));
    EXPECT_EQ(r.edges, 3U);
}

TEST(Raccorde, ADropDatedBeforeThePboIsFedCountsFromTheLaterDate) {
    auto in = two_pbos_one_building();
    in.drops[0].cable = in_service(d(2019, 6, 1));
    in.drops[0].pto = in_service(d(2019, 6, 2));
    const auto r = analyze_network(in, AnalysisOptions{});
    EXPECT_EQ(r.statuses[0].raccorde_since, d(2020, 3, 1));
}

TEST(Raccorde, ADropNotBuiltOrWithoutItsPtoMakesNoOneRaccorde) {
    auto in = two_pbos_one_building();
    in.drops[0].pto = to_build();
    auto r = analyze_network(in, AnalysisOptions{});
    EXPECT_TRUE(r.statuses[0].raccorde_since.is_never());
    EXPECT_EQ(r.raccordes, 0U);
    in = two_pbos_one_building();
    in.drops[0].local_code = "L404";
    r = analyze_network(in, AnalysisOptions{});
    EXPECT_TRUE(r.statuses[0].raccorde_since.is_never());
    EXPECT_TRUE(has(r, "DROP_WITHOUT_PREMISE", "R1"));
}

TEST(Raccorde, WithoutDropsTheRaccordablesAreTheSame) {
    auto in = two_pbos_one_building();
    const auto with = analyze_network(in, AnalysisOptions{});
    in.drops.clear();
    in.links.resize(3);
    in.boxes.resize(2);
    const auto without = analyze_network(in, AnalysisOptions{});
    ASSERT_EQ(with.statuses.size(), without.statuses.size());
    for (std::size_t i = 0; i < with.statuses.size(); ++i) {
        EXPECT_EQ(with.statuses[i].raccordable_since, without.statuses[i].raccordable_since);
        EXPECT_EQ(with.statuses[i].pm_code, without.statuses[i].pm_code);
        EXPECT_TRUE(without.statuses[i].raccorde_since.is_never());
    }
    EXPECT_EQ(with.edges, without.edges);
}

} // namespace
} // namespace fibre::graph
