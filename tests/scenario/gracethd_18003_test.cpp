// The GraceTHD demo delivery of Les Aix-d'Angillon (18003) is a design (AVP): nothing in it is
// built, so no premise may be raccordable at any date, while every premise still finds its PBO
// through the PBO zones and the network it belongs to.

#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

using testing::run_fibre;

TEST(GraceThd18003, DesignStageDeliveryIsNotRaccordable) {
    FIBRE_REQUIRE_SHARED_DATA();
    testing::TempDir dir;
    const auto db = (dir / "s.sqlite").string();
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    auto r = run_fibre(
        {"-q", "import", "--db", db, (testing::shared_data_dir() / "gracethd-demo-18003").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"analyze", "--db", db});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("links from: cables"), std::string::npos) << r.out;

    auto store = store::Database::open(db, store::Database::Mode::read_only);
    const auto statuses = store::read_premise_statuses(store);
    ASSERT_EQ(statuses.size(), 21U);
    for (const auto& s : statuses) {
        EXPECT_TRUE(s.raccordable_since.is_never()) << s.premise_code;
        EXPECT_LT(s.optical_m, 0) << s.premise_code;
        EXPECT_FALSE(s.pbo_code.empty()) << s.premise_code;
        EXPECT_NE(s.assignment, model::Assignment::none) << s.premise_code;
    }

    const auto status = nlohmann::json::parse(
        run_fibre({"status", "--db", db, "--at", "2030-01-01", "--by", "commune", "--format", "json"}).out);
    EXPECT_EQ(status["raccordables"], 0);
    EXPECT_GE(status["locaux"].get<long long>(), 21);

    r = run_fibre({"check", "--db", db, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    // Cables kept without a drawn line are not invalid geometries.
    EXPECT_FALSE(report["summary"].contains("INVALID_GEOMETRY")) << report["summary"].dump();
    EXPECT_FALSE(report["summary"].contains("PREMISE_WITHOUT_PBO")) << report["summary"].dump();
}

} // namespace
} // namespace fibre
