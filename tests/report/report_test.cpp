// fibre report on the tiny store: the files, the figures they hold (the same as the
// commands print), and the page rendering in headless Chromium with no script error.

#include "engine/report/print_format.hpp"
#include "tests/report/chromium.hpp"
#include "tests/rollout/tiny_rollout_store.hpp"
#include "tests/support/test_support.hpp"

#include <cstdlib>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fibre {
namespace {

class Report : public ::testing::Test {
protected:
    void SetUp() override {
        testing::build_tiny_rollout_store(db_);
        const auto r = testing::run_fibre(
            {"report", "--db", db_.string(), "--at", "2022Q4", "--out", (dir_ / "out").string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    testing::TempDir dir_;
    std::filesystem::path db_ = dir_ / "tiny.sqlite";
};

TEST_F(Report, WritesTheFilesWithTheSameFigures) {
    for (const char* f : {"report.html", "report.json", "quarters.csv", "communes.csv", "worksites.csv"}) {
        EXPECT_TRUE(std::filesystem::exists(dir_ / "out" / f)) << f;
    }
    const auto json = nlohmann::json::parse(testing::read_file(dir_ / "out" / "report.json"));
    EXPECT_EQ(json["summary"]["raccordables"], 7);
    EXPECT_EQ(json["summary"]["locaux"], 16);
    EXPECT_EQ(json["communes"][0]["insee"], "17002"); // Beta (25 %) is later than Alpha (50 %)

    // Same numbers as the commands, for the same date.
    const auto remaining =
        testing::run_fibre({"remaining", "--db", db_.string(), "--at", "2022-12-31", "--format", "json"});
    ASSERT_EQ(remaining.exit_code, 0) << remaining.err;
    const auto r = nlohmann::json::parse(remaining.out);
    EXPECT_EQ(json["remaining"]["remaining"], r["remaining"]);
    EXPECT_EQ(json["remaining"]["raccordables"], r["raccordables"]);
    EXPECT_EQ(json["remaining"]["projected_quarter"], r["projected_quarter"]);
    // The data date is the one the commands give, and the page says it beside the date.
    ASSERT_TRUE(json["data_date"].is_string()) << json.dump();
    EXPECT_EQ(json["data_date"], r["data_date"]);
    EXPECT_EQ(json["beyond_data_date"], r["beyond_data_date"]);
    const auto page = testing::read_file(dir_ / "out" / "report.html");
    const auto data_date = parse_date(json["data_date"].get<std::string>());
    ASSERT_TRUE(data_date);
    EXPECT_NE(page.find("chiffres au 31 décembre 2022"), std::string::npos);
    EXPECT_NE(page.find("Données au " + report::format_date(*data_date, report::Lang::fr)),
              std::string::npos);
    for (const char* key :
         {"target_date", "target_share", "at", "locaux", "raccordables", "remaining", "required_per_quarter",
          "observed_per_quarter", "projected_quarter", "shortfall_at_target", "by_cause"}) {
        EXPECT_TRUE(r.contains(key)) << key;
    }
    const auto worksites =
        testing::run_fibre({"worksites", "--db", db_.string(), "--at", "2022-12-31", "--format", "json"});
    ASSERT_EQ(worksites.exit_code, 0) << worksites.err;
    EXPECT_EQ(nlohmann::json::parse(worksites.out), json["worksites"]);

    const auto csv = testing::read_file(dir_ / "out" / "quarters.csv");
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBFquarter;raccordables;new;locaux;coverage_pct;worksites_active", 0), 0U);
    // The tiny store's 16 locaux: one commune by its reference, one by its premises.
    EXPECT_NE(csv.find("2022Q4;7;1;16;43,8;0;8;-1;mixed;0;0,0\r\n"), std::string::npos) << csv;

    const auto html = testing::read_file(dir_ / "out" / "report.html");
    EXPECT_EQ(html.find("<script src"), std::string::npos) << "the page must load nothing";
    EXPECT_EQ(html.find("<link"), std::string::npos) << "the page must load nothing";
    EXPECT_NE(html.find("lang=\"fr\""), std::string::npos);
    EXPECT_NE(html.find("Taux de couverture"), std::string::npos);
}

TEST_F(Report, EnglishOnRequestAndUnknownLanguageRefused) {
    auto r = testing::run_fibre(
        {"report", "--db", db_.string(), "--at", "2022Q4", "--lang", "en", "--out", (dir_ / "en").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(testing::read_file(dir_ / "en" / "report.html").find("Coverage by commune"), std::string::npos);
    r = testing::run_fibre(
        {"report", "--db", db_.string(), "--at", "2022Q4", "--lang", "de", "--out", (dir_ / "de").string()});
    EXPECT_EQ(r.exit_code, 2);
    r = testing::run_fibre(
        {"report", "--db", db_.string(), "--at", "2022Q9", "--out", (dir_ / "x").string()});
    EXPECT_EQ(r.exit_code, 2);
}

// ---- headless Chromium ----

using testing::chromium;
using testing::run_chromium;

TEST_F(Report, RendersInHeadlessChromiumWithNoScriptError) {
    if (chromium().empty()) {
        GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it for the tests)";
    }
    const auto page = "file://" + (dir_ / "out" / "report.html").string();
    const auto dom = dir_ / "dom.html";
    ASSERT_EQ(run_chromium("--dump-dom " + page + " > " + dom.string(), dir_ / "profile"), 0);
    const auto text = testing::read_file(dom);
    EXPECT_NE(text.find("data-rendered=\"yes\""), std::string::npos) << "the charts did not finish drawing";
    EXPECT_NE(text.find("id=\"script-errors\" data-count=\"0\"></pre>"), std::string::npos)
        << text.substr(text.find("script-errors"), 600);
    // Vega draws SVG: the chart's line and the communes' shapes are there.
    EXPECT_NE(text.find("class=\"mark-line"), std::string::npos);
    EXPECT_NE(text.find("class=\"mark-shape"), std::string::npos);
}

// Counts pixels that are not the white page background within a band of rows.
long long drawn_pixels(GDALDataset& png, int row_from, int row_to) {
    const int width = png.GetRasterXSize();
    row_to = std::min(row_to, png.GetRasterYSize());
    long long n = 0;
    std::vector<unsigned char> r(static_cast<std::size_t>(width)), g(r.size()), b(r.size());
    for (int y = row_from; y < row_to; ++y) {
        if (png.GetRasterBand(1)->RasterIO(GF_Read, 0, y, width, 1, r.data(), width, 1, GDT_Byte, 0, 0) !=
                CE_None ||
            png.GetRasterBand(2)->RasterIO(GF_Read, 0, y, width, 1, g.data(), width, 1, GDT_Byte, 0, 0) !=
                CE_None ||
            png.GetRasterBand(3)->RasterIO(GF_Read, 0, y, width, 1, b.data(), width, 1, GDT_Byte, 0, 0) !=
                CE_None) {
            return -1;
        }
        for (int x = 0; x < width; ++x) {
            // Coloured pixels only: text and rules are grey, the chart and map are not.
            const int spread = std::max({r[x], g[x], b[x]}) - std::min({r[x], g[x], b[x]});
            n += spread > 40;
        }
    }
    return n;
}

TEST_F(Report, ScreenshotShowsTheChartAndTheMap) {
    if (chromium().empty()) {
        GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it for the tests)";
    }
    const auto page = "file://" + (dir_ / "out" / "report.html").string();
    const auto png_path = dir_ / "shot.png";
    ASSERT_EQ(run_chromium("--screenshot=" + png_path.string() + " --window-size=1280,2400 " + page,
                           dir_ / "profile"),
              0);
    GDALAllRegister();
    std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> png(
        static_cast<GDALDataset*>(GDALOpen(png_path.c_str(), GA_ReadOnly)),
        [](GDALDataset* d) { GDALClose(d); });
    ASSERT_TRUE(png);
    ASSERT_GE(png->GetRasterCount(), 3);
    // The chart sits under the cards, the map below it.
    EXPECT_GT(drawn_pixels(*png, 200, 500), 500) << "no chart drawn";
    EXPECT_GT(drawn_pixels(*png, 520, 1000), 20000) << "no map drawn";
}

} // namespace
} // namespace fibre
