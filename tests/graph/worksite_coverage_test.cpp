// Which premises a worksite covers: inside or on its perimeter, or served by the PM zone
// its perimeter reference names.
//
//   y
//  20 +---------------+                    W1: square (0,0)-(20,20)
//     |  a(5,5)       |  c(30,5)           W2: no perimeter, builds PM "PM-7" (site S1)
//     |        b(20,10)                    W3: a square with a hole (40,0)-(60,20), hole (45,5)-(55,15)
//   0 +---------------+                    d(50,10) in the hole, e(42,2) in W3's ring

#include "engine/graph/worksite_coverage.hpp"

#include <gtest/gtest.h>

namespace fibre::graph {
namespace {

model::Polygon square(double x0, double y0, double x1, double y1) {
    return {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}};
}

model::Premise premise(const char* code, double x, double y) {
    model::Premise p;
    p.code = code;
    p.position = {x, y};
    return p;
}

TEST(WorksiteCoverage, PerimeterBoundaryHoleAndPmZone) {
    const std::vector<model::Premise> premises{premise("a", 5, 5), premise("b", 20, 10), premise("c", 30, 5),
                                               premise("d", 50, 10), premise("e", 42, 2)};
    std::vector<model::PremiseStatus> statuses(premises.size());
    statuses[2].pm_code = "S1"; // c is served by the PM W2 builds
    statuses[0].pm_code = "S2"; // a's PM is named by no worksite

    std::vector<model::Site> sites(2);
    sites[0].code = "S1";
    sites[0].ref_pm = "PM-7";
    sites[1].code = "S2";

    std::vector<model::Worksite> worksites(3);
    worksites[0].code = "W1";
    worksites[0].perimeter = {square(0, 0, 20, 20)};
    worksites[1].code = "W2";
    worksites[1].perimeter_ref = "PM-7";
    worksites[2].code = "W3";
    auto holed = square(40, 0, 60, 20);
    holed.rings.push_back({{45, 5}, {45, 15}, {55, 15}, {55, 5}, {45, 5}});
    worksites[2].perimeter = {holed};

    const auto covered = worksite_coverage(premises, statuses, sites, worksites);
    ASSERT_EQ(covered.size(), premises.size());
    EXPECT_EQ(covered[0], (std::vector<std::uint32_t>{0})); // inside W1
    EXPECT_EQ(covered[1], (std::vector<std::uint32_t>{0})); // on W1's boundary
    EXPECT_EQ(covered[2], (std::vector<std::uint32_t>{1})); // by its PM zone only
    EXPECT_TRUE(covered[3].empty());                        // in W3's hole
    EXPECT_EQ(covered[4], (std::vector<std::uint32_t>{2})); // in W3's ring
}

TEST(WorksiteCoverage, AnOverlappedPremiseGoesToOneWorksite) {
    const std::vector<model::Premise> premises{premise("a", 5, 5), premise("f", 55, 55), premise("g", 3, 3)};
    std::vector<model::PremiseStatus> statuses(3);
    statuses[0].pm_code = "S1";
    std::vector<model::Site> sites(2);
    sites[0].code = "S1";
    sites[0].ref_pm = "PM-1";
    sites[1].code = "S2";
    sites[1].ref_pm = "PM-2";
    std::vector<model::Worksite> worksites(5);
    worksites[0].code = "W0";
    worksites[0].perimeter = {square(0, 0, 100, 100)}; // over everything, started latest
    worksites[0].actual_start = Date::from_ymd(2021, 1, 1);
    worksites[1].code = "W1";
    worksites[1].perimeter = {square(0, 0, 10, 10), square(2, 2, 8, 8)}; // twice by position
    worksites[1].perimeter_ref = "PM-1";                                 // and by its PM
    worksites[2].code = "W2";
    worksites[2].perimeter = {square(50, 50, 60, 60)};
    worksites[2].actual_start = Date::from_ymd(2020, 1, 1);
    worksites[3].code = "W3"; // names PM-2, which a site carries: its drawn perimeter takes nobody
    worksites[3].perimeter_ref = "PM-2";
    worksites[3].perimeter = {square(0, 0, 100, 100)};
    worksites[3].actual_start = Date::from_ymd(2022, 1, 1);
    worksites[4].code = "W4"; // transport: no premise by position
    worksites[4].kind = "transport";
    worksites[4].perimeter = {square(0, 0, 100, 100)};
    worksites[4].actual_start = Date::from_ymd(2023, 1, 1);
    const auto covered = worksite_coverage(premises, statuses, sites, worksites);
    EXPECT_EQ(covered[0], (std::vector<std::uint32_t>{1})); // the one naming its PM zone
    EXPECT_EQ(covered[1], (std::vector<std::uint32_t>{0})); // W0 and W2 hold it: W0 started later
    EXPECT_EQ(covered[2], (std::vector<std::uint32_t>{0})); // no PM: W0 (W1 names a carried PM zone)
}

TEST(WorksiteCoverage, PickPrefersThePmZoneThenTheLatestStart) {
    std::vector<model::Worksite> w(3);
    w[0].code = "B";
    w[0].planned_start = Date::from_ymd(2020, 1, 1);
    w[1].code = "A";
    w[1].planned_start = Date::from_ymd(2020, 1, 1);
    w[2].code = "C";
    w[2].perimeter_ref = "PM-9";
    EXPECT_EQ(pick_worksite({0, 1}, "", w), std::optional<std::uint32_t>(1)); // same start: smaller code
    EXPECT_EQ(pick_worksite({0, 1, 2}, "PM-9", w), std::optional<std::uint32_t>(2));
    EXPECT_FALSE(pick_worksite({}, "PM-9", w).has_value());
}

} // namespace
} // namespace fibre::graph
