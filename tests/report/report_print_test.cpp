// The printed report, as an elected official holds it: a demo département's report printed to
// PDF by headless Chromium, one A4 page, whose text holds the chart's legend, the département,
// the quarter and the figures of report.json written the reader's way; the annex paginates.

#include "engine/report/print_format.hpp"
#include "tests/report/chromium.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>

namespace fibre {
namespace {

using report::format_integer;
using report::format_percent;
using report::Lang;

bool have_poppler() {
    return std::filesystem::exists("/usr/bin/pdfinfo") && std::filesystem::exists("/usr/bin/pdftotext");
}

// Spaces of any width, and line ends, as one plain space, so that "17 517" reads the same
// whichever space the PDF's text layer gives back, and a card's text wrapped on two lines
// reads as one.
std::string plain_spaces(std::string s) {
    for (const char* wide : {"\u202f", "\u00a0", "\u2009"}) {
        for (auto at = s.find(wide); at != std::string::npos; at = s.find(wide, at)) {
            s.replace(at, std::string(wide).size(), " ");
        }
    }
    std::string out;
    for (char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
        if (!space || (!out.empty() && out.back() != ' ')) {
            out += space ? ' ' : c;
        }
    }
    return out;
}

class PrintedReport : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir;
        const auto r = testing::run_fibre(
            {"-q", "demo", "--premises", "1500", "--seed", "5", "--out", (dir_->path() / "demo").string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    void SetUp() override {
        if (testing::chromium().empty() || !have_poppler()) {
            GTEST_SKIP()
                << "chromium or poppler-utils is not installed (scripts/install-deps.sh installs them "
                   "for the tests)";
        }
    }

    static std::filesystem::path db() { return dir_->path() / "demo" / "fibre.sqlite"; }

    // Writes the report into @p name, and prints @p page of it to PDF.
    static std::filesystem::path report(const std::string& name, const std::vector<std::string>& extra) {
        std::vector<std::string> args{
            "report", "--db", db().string(), "--at", "2025Q4", "--out", (dir_->path() / name).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = testing::run_fibre(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return dir_->path() / name;
    }
    static std::filesystem::path print(const std::filesystem::path& html) {
        auto pdf = html;
        pdf.replace_extension(".pdf");
        const int status = testing::run_chromium("--no-pdf-header-footer --print-to-pdf=" + pdf.string() +
                                                     " file://" + html.string(),
                                                 html.parent_path() / "profile");
        EXPECT_EQ(status, 0);
        return pdf;
    }
    static int pages(const std::filesystem::path& pdf) {
        const auto r = testing::run_program({"pdfinfo", pdf.string()});
        std::smatch m;
        static const std::regex pages_line(R"(Pages:\s+(\d+))");
        return std::regex_search(r.out, m, pages_line) ? std::stoi(m[1].str()) : -1;
    }
    static std::string page_size(const std::filesystem::path& pdf) {
        const auto r = testing::run_program({"pdfinfo", pdf.string()});
        std::smatch m;
        static const std::regex size_line(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)");
        return std::regex_search(r.out, m, size_line)
                   ? std::to_string(std::lround(std::stod(m[1].str()))) + "x" +
                         std::to_string(std::lround(std::stod(m[2].str())))
                   : r.out;
    }
    static std::string text(const std::filesystem::path& pdf) {
        return plain_spaces(testing::run_program({"pdftotext", pdf.string(), "-"}).out);
    }

    static testing::TempDir* dir_;
};

testing::TempDir* PrintedReport::dir_ = nullptr;

void expect_contains(const std::string& text, const std::string& what) {
    EXPECT_NE(text.find(plain_spaces(what)), std::string::npos) << "missing: " << what << "\n" << text;
}

TEST_F(PrintedReport, FrenchPagePrintsOnOneA4PageWithItsLegendAndFigures) {
    const auto out = report("fr", {});
    const auto pdf = print(out / "report.html");
    EXPECT_EQ(pages(pdf), 1) << "the report must print on one page";
    EXPECT_EQ(page_size(pdf), "595x842") << "A4 portrait";
    const auto t = text(pdf);
    const auto json = nlohmann::json::parse(testing::read_file(out / "report.json"));
    const auto& s = json["summary"];

    expect_contains(t, "Charente-Maritime (17)");
    expect_contains(t, "Rapport du T4 2025");
    expect_contains(t, "chiffres au 31 décembre 2025");
    expect_contains(t, "Sources :");
    expect_contains(t, "GraceTHD");
    // The chart's legend names both lines.
    expect_contains(t, "Locaux raccordables");
    expect_contains(t, "Trajectoire de l'objectif");
    // The cards: the figures of report.json, written the French way.
    expect_contains(t, format_integer(s["raccordables"].get<long long>(), Lang::fr));
    expect_contains(t, "sur " + format_integer(s["locaux"].get<long long>(), Lang::fr) + " locaux, soit " +
                           format_percent(s["coverage_pct"].get<double>() / 100.0, 1, Lang::fr));
    expect_contains(t, format_integer(json["remaining"]["remaining"].get<long long>(), Lang::fr));
    // The ten communes furthest behind, with the first of them.
    expect_contains(t, "Les dix communes les plus en retard");
    expect_contains(t, json["communes"][0]["name"].get<std::string>());
    // Nothing that is not for the reader.
    for (const char* stray : {"rendered", "pending", "2025Q4", "coverage_pct", "undefined", "NaN"}) {
        EXPECT_EQ(t.find(stray), std::string::npos) << "the page shows '" << stray << "'\n" << t;
    }
}

TEST_F(PrintedReport, EnglishPageTooAndTheSameJson) {
    const auto fr = report("fr-json", {});
    const auto en = report("en", {"--lang", "en"});
    const auto pdf = print(en / "report.html");
    EXPECT_EQ(pages(pdf), 1);
    const auto t = text(pdf);
    const auto json = nlohmann::json::parse(testing::read_file(en / "report.json"));
    expect_contains(t, "Report for Q4 2025");
    expect_contains(t, "figures at 31 December 2025");
    expect_contains(t, "Connectable premises");
    expect_contains(t, "Target trajectory");
    expect_contains(t, "of " + format_integer(json["summary"]["locaux"].get<long long>(), Lang::en) +
                           " premises");
    EXPECT_EQ(testing::read_file(en / "report.json"), testing::read_file(fr / "report.json"))
        << "report.json must not depend on the language";
}

TEST_F(PrintedReport, AnnexListsEveryCommuneOnCleanPages) {
    const auto out = report("annex", {});
    const auto json = nlohmann::json::parse(testing::read_file(out / "report.json"));
    const auto pdf = print(out / "annex.html");
    const int n = pages(pdf);
    ASSERT_GT(n, 1);
    const auto t = text(pdf);
    for (const auto& c : json["communes"]) {
        EXPECT_NE(t.find(c["insee"].get<std::string>()), std::string::npos) << c["insee"];
    }
    // The table's header row is repeated at the top of every page.
    std::size_t headers = 0;
    for (auto at = t.find("INSEE"); at != std::string::npos; at = t.find("INSEE", at + 1)) {
        ++headers;
    }
    EXPECT_GE(headers, static_cast<std::size_t>(n - 1))
        << "header rows on " << headers << " of " << n << " pages";

    // --with-annex: the page, then the annex on the pages after it.
    const auto with = report("with-annex", {"--with-annex"});
    EXPECT_GE(pages(print(with / "report.html")), n);
}

TEST_F(PrintedReport, AtTakesAQuarterOrItsLastDay) {
    auto r = testing::run_fibre(
        {"report", "--db", db().string(), "--at", "2025-12-31", "--out", (dir_->path() / "day").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = testing::run_fibre(
        {"report", "--db", db().string(), "--at", "T4 2025", "--out", (dir_->path() / "t4").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(testing::read_file(dir_->path() / "day" / "report.json"),
              testing::read_file(dir_->path() / "t4" / "report.json"));
    r = testing::run_fibre(
        {"report", "--db", db().string(), "--at", "2025-11-15", "--out", (dir_->path() / "mid").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("2025Q4"), std::string::npos) << r.err;
    // The former --quarter still works, alone.
    r = testing::run_fibre(
        {"report", "--db", db().string(), "--quarter", "2025Q4", "--out", (dir_->path() / "old").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = testing::run_fibre({"report", "--db", db().string(), "--quarter", "2025Q4", "--at", "2025Q4", "--out",
                            (dir_->path() / "both").string()});
    EXPECT_EQ(r.exit_code, 2);
}

} // namespace
} // namespace fibre
