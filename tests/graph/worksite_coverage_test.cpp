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

TEST(WorksiteCoverage, OverlappingWorksitesAreListedOnceInOrder) {
    const std::vector<model::Premise> premises{premise("a", 5, 5)};
    std::vector<model::PremiseStatus> statuses(1);
    statuses[0].pm_code = "S1";
    std::vector<model::Site> sites(1);
    sites[0].code = "S1";
    sites[0].ref_pm = "PM-1";
    std::vector<model::Worksite> worksites(3);
    worksites[0].perimeter = {square(0, 0, 100, 100)}; // a transport worksite over everything
    worksites[1].perimeter = {square(0, 0, 10, 10), square(2, 2, 8, 8)}; // twice by position
    worksites[1].perimeter_ref = "PM-1";                                 // and by its PM
    worksites[2].perimeter = {square(50, 50, 60, 60)};
    const auto covered = worksite_coverage(premises, statuses, sites, worksites);
    EXPECT_EQ(covered[0], (std::vector<std::uint32_t>{0, 1}));
}

} // namespace
} // namespace fibre::graph
