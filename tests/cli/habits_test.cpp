// The habits every fibre command shares: global options anywhere, -q, "did you mean", the
// `error:` prefix, import's summary and JSON, check's filters, info, man pages, completion.

#include "tests/support/test_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fibre::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

bool tool_exists(const std::string& name) {
    return run_program({"sh", "-c", "command -v " + name}).exit_code == 0;
}

// One small demo for the whole suite: a store with imports and an analysis, and its sources.
class Habits : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const auto r = run_fibre(
            {"demo", "--out", (dir_->path() / "demo").string(), "--premises", "400", "--seed", "3"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static fs::path demo() { return dir_->path() / "demo"; }
    static std::string db() { return (demo() / "fibre.sqlite").string(); }

    static TempDir* dir_;
};
TempDir* Habits::dir_ = nullptr;

TEST_F(Habits, GlobalOptionsStandBeforeOrAfterTheCommand) {
    const auto reference = run_fibre({"status", "--db", db(), "--at", "2022-06-30"});
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"status", "-q", "--db", db(), "--at", "2022-06-30"},
                                               {"-q", "status", "--db", db(), "--at", "2022-06-30"},
                                               {"--db", db(), "status", "--at", "2022-06-30"},
                                               {"--db", db(), "-q", "status", "--at", "2022-06-30"},
                                               {"status", "--db", db(), "--at", "2022-06-30", "-v"},
                                               {"status", "--at", "2022-06-30", "--quiet", "--db", db()}}) {
        const auto r = run_fibre(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, reference.out) << fmt::format("{}", fmt::join(args, " "));
    }
}

TEST_F(Habits, QuietSilencesWarnings) {
    const auto loud = run_fibre({"status", "--db", db(), "--at", "2099-12-31"});
    ASSERT_EQ(loud.exit_code, 0) << loud.err;
    ASSERT_NE(loud.err.find("warning:"), std::string::npos) << loud.err;
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"status", "--db", db(), "--at", "2099-12-31", "-q"},
                                               {"-q", "status", "--db", db(), "--at", "2099-12-31"}}) {
        const auto quiet = run_fibre(args);
        EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
        EXPECT_EQ(quiet.err, "");
        EXPECT_EQ(quiet.out, loud.out);
    }
    // Errors still show.
    const auto error = run_fibre({"-q", "status", "--db", (dir_->path() / "none.sqlite").string()});
    EXPECT_NE(error.exit_code, 0);
    EXPECT_TRUE(error.err.starts_with("error: ")) << error.err;
}

TEST_F(Habits, ProgressTakesItsQuartersWithAtAndFrom) {
    const auto reference =
        run_fibre({"progress", "--db", db(), "--from", "2021Q1", "--at", "2022Q4", "--format", "json"});
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    ASSERT_NE(reference.out.find("\"2022Q4\""), std::string::npos) << reference.out;
    EXPECT_EQ(reference.out.find("\"2023Q1\""), std::string::npos) << "--at is the last quarter";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"progress", "--db", db(), "--from", "T1 2021", "--at", "T4 2022", "--format", "json"},
             {"progress", "--db", db(), "--from", "2021-02-15", "--at", "2022-12-31", "--format", "json"},
             {"progress", "--db", db(), "--from", "2021Q1", "--to", "2022Q4", "--format", "json"}}) {
        const auto r = run_fibre(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out, reference.out) << fmt::format("{}", fmt::join(args, " "));
    }
    EXPECT_EQ(run_fibre({"progress", "--db", db(), "--at", "2022Q4", "--to", "2022Q4"}).exit_code, 2);
    const auto reversed = run_fibre({"progress", "--db", db(), "--from", "2023Q1", "--at", "2022Q4"});
    EXPECT_EQ(reversed.exit_code, 2);
    EXPECT_TRUE(reversed.err.starts_with("error: ")) << reversed.err;
}

TEST(Cli, MistypedCommandGetsASuggestion) {
    auto r = run_fibre({"stauts"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "error: unknown command 'stauts'; did you mean 'status'?\n");
    EXPECT_EQ(r.out, "");
    r = run_fibre({"-q", "--db", "x.sqlite", "improt", "a"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "error: unknown command 'improt'; did you mean 'import'?\n");
    r = run_fibre({"frobnicate"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(r.err.starts_with("error: unknown command 'frobnicate'")) << r.err;
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(Cli, MistypedOptionGetsASuggestion) {
    const auto r = run_fibre({"check", "--fromat", "json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "error: unknown option '--fromat'; did you mean '--format'?\n");
}

TEST(Cli, EveryParserErrorIsPrefixedAndNamesNoInternals) {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"init", "--no-such-option"},
                                               {"demo", "--out", "x", "--premises", "many"},
                                               {"check", "--format", "xml"},
                                               {"check", "--severity", "fatal"},
                                               {"import"},
                                               {"status", "--db"}}) {
        const auto r = run_fibre(args);
        EXPECT_EQ(r.exit_code, 2) << fmt::format("{}", fmt::join(args, " "));
        EXPECT_TRUE(r.err.starts_with("error: ")) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        for (const char* internal : {"std::", "basic_string", "SELECT", ".part", "CLI::"}) {
            EXPECT_EQ(r.err.find(internal), std::string::npos) << r.err;
        }
    }
}

TEST_F(Habits, ImportPrintsOneLinePerSourceAndKindAndEveryLayerWithVerbose) {
    TempDir work;
    const auto store = (work / "s.sqlite").string();
    const auto cadastre = (demo() / "cadastre").string();
    auto r = run_fibre({"import", "--db", store, cadastre, (demo() / "ban").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2U) << r.out;
    EXPECT_TRUE(lines[0].starts_with("cadastre")) << lines[0];
    EXPECT_NE(lines[0].find(cadastre), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(" communes: "), std::string::npos) << lines[0];
    EXPECT_TRUE(lines[1].starts_with("ban")) << lines[1];

    // Again: unchanged, still one line; with -v the table of every layer comes first.
    r = run_fibre({"import", "--db", store, cadastre, "-v"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto verbose = lines_of(r.out);
    EXPECT_NE(verbose.back().find("unchanged"), std::string::npos) << r.out;
    EXPECT_GT(verbose.size(), 3U) << r.out;
    r = run_fibre({"import", "--db", store, (demo() / "ipe").string(), "-v"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GT(lines_of(r.out).size(), 2U) << r.out;
}

TEST_F(Habits, ImportAndAnalyzeSpeakJson) {
    TempDir work;
    const auto store = (work / "s.sqlite").string();
    auto r = run_fibre({"import", "--db", store, "--format", "json", (demo() / "communes").string(),
                        (demo() / "gracethd").string(), (demo() / "cadastre").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"sources", "kinds", "rejected", "duration_s"}) {
        EXPECT_TRUE(j.contains(key)) << key << " missing from " << r.out;
    }
    ASSERT_EQ(j["sources"].size(), 3U);
    EXPECT_EQ(j["sources"][0]["kind"], "communes");
    EXPECT_EQ(j["sources"][2]["kind"], "cadastre");
    const auto info = nlohmann::json::parse(run_fibre({"info", "--db", store, "--format", "json"}).out);
    EXPECT_EQ(j["sources"][2]["imports"].size(), info["kinds"]["cadastre"]["imports"].get<std::size_t>());
    const auto& imported = j["kinds"]["cadastre"];
    ASSERT_FALSE(imported.empty());
    for (auto it = imported.begin(); it != imported.end(); ++it) {
        EXPECT_EQ(it.value(), info["kinds"]["cadastre"]["imported"][it.key()]) << it.key();
    }

    r = run_fibre({"analyze", "--db", store, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto a = nlohmann::json::parse(r.out);
    for (const char* key : {"analysis_id", "computed_at", "parameters", "counts", "durations"}) {
        EXPECT_TRUE(a.contains(key)) << key << " missing from " << r.out;
    }
    const auto after = nlohmann::json::parse(run_fibre({"info", "--db", store, "--format", "json"}).out);
    EXPECT_EQ(a["analysis_id"], after["analysis"]["id"]);
    EXPECT_EQ(a["computed_at"], after["analysis"]["computed_at"]);
    EXPECT_EQ(a["counts"]["premises"], after["analysis"]["premises"]);
    EXPECT_EQ(a["parameters"], after["analysis"]["parameters"]);
}

TEST_F(Habits, CheckFiltersByCodeAndSeverity) {
    const auto all_run = run_fibre({"check", "--db", db(), "--format", "json"});
    ASSERT_EQ(all_run.exit_code, 0) << all_run.err;
    const auto all = nlohmann::json::parse(all_run.out);
    ASSERT_FALSE(all["defects"].empty()) << "the demo injects defects";
    long long errors = 0;
    long long warnings_or_worse = 0;
    for (const auto& d : all["defects"]) {
        errors += d["severity"] == "error" ? 1 : 0;
        warnings_or_worse += d["severity"] != "info" ? 1 : 0;
    }
    auto only = nlohmann::json::parse(
        run_fibre({"check", "--db", db(), "--format", "json", "--severity", "error"}).out);
    EXPECT_EQ(static_cast<long long>(only["defects"].size()), errors);
    for (const auto& d : only["defects"]) {
        EXPECT_EQ(d["severity"], "error");
    }
    only = nlohmann::json::parse(
        run_fibre({"check", "--db", db(), "--format", "json", "--severity", "warning"}).out);
    EXPECT_EQ(static_cast<long long>(only["defects"].size()), warnings_or_worse);

    const auto summary = all["summary"];
    const std::string first = summary.begin().key();
    only = nlohmann::json::parse(run_fibre({"check", "--db", db(), "--format", "json", "--code", first}).out);
    EXPECT_EQ(only["defects"].size(), summary[first].get<std::size_t>());
    EXPECT_EQ(only["summary"].size(), 1U);
    if (summary.size() > 1) {
        const std::string second = std::next(summary.begin()).key();
        const auto both_list =
            run_fibre({"check", "--db", db(), "--format", "json", "--code", first + "," + second});
        const auto both_repeat =
            run_fibre({"check", "--db", db(), "--format", "json", "--code", first, "--code", second});
        EXPECT_EQ(both_list.out, both_repeat.out);
        EXPECT_EQ(nlohmann::json::parse(both_list.out)["defects"].size(),
                  summary[first].get<std::size_t>() + summary[second].get<std::size_t>());
    }

    const auto csv = run_fibre({"check", "--db", db(), "--format", "csv", "--rejects", "none"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    ASSERT_TRUE(csv.out.starts_with("\xEF\xBB\xBF"
                                    "code;severity;element_code;x;y;message\n"))
        << csv.out;
    EXPECT_EQ(lines_of(csv.out).size(), all["defects"].size() + 1);
    const auto csv_c = run_fibre({"check", "--db", db(), "--format", "csv", "--csv-locale", "c"});
    EXPECT_TRUE(csv_c.out.starts_with("code,severity,element_code,x,y,message\n")) << csv_c.out;
    EXPECT_EQ(lines_of(csv_c.out).size(), all["defects"].size() + 1);
}

TEST_F(Habits, InfoShowsWhatTheStoreHolds) {
    const auto r = run_fibre({"info", "--db", db(), "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["store"]["path"], db());
    EXPECT_EQ(j["store"]["size_bytes"].get<std::uintmax_t>(), fs::file_size(db()));
    EXPECT_EQ(j["store"]["schema_version"], 2);
    for (const char* kind : {"communes", "cadastre", "ban", "gracethd", "ipe", "worksites"}) {
        EXPECT_TRUE(j["kinds"].contains(kind)) << kind << " missing from " << r.out;
    }
    long long total = 0;
    for (const auto& [kind, k] : j["kinds"].items()) {
        total += k["imports"].get<long long>();
    }
    EXPECT_EQ(static_cast<long long>(j["imports"].size()), total);
    ASSERT_TRUE(j["analysis"].is_object());
    ASSERT_TRUE(j["data_date"].is_string());

    // The data date is the one status gives; the premises those of the analysis.
    const auto status = run_fibre({"status", "--db", db(), "--format", "json"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find(j["data_date"].get<std::string>()), std::string::npos) << status.out;

    const auto table = run_fibre({"info", "--db", db()});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find(db()), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("data date  " + j["data_date"].get<std::string>()), std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find(fmt::format("analysis {} computed {}", j["analysis"]["id"].get<long long>(),
                                         j["analysis"]["computed_at"].get<std::string>())),
              std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find(fmt::format("{} premises", j["analysis"]["premises"].get<long long>())),
              std::string::npos)
        << table.out;
}

TEST(Cli, InfoOnAMissingStoreIsADataError) {
    TempDir dir;
    const auto r = run_fibre({"info", "--db", (dir / "none.sqlite").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(r.err.starts_with("error: ")) << r.err;
    EXPECT_FALSE(fs::exists(dir / "none.sqlite"));
}

TEST(Cli, ManPagesRenderWithoutWarnings) {
    if (!tool_exists("groff")) {
        GTEST_SKIP() << "groff is not installed: the man pages are not rendered";
    }
    const auto man = fibre_binary().parent_path() / "man";
    ASSERT_TRUE(fs::exists(man / "fibre.1")) << man;
    int pages = 0;
    for (const auto& doc : fs::directory_iterator(source_dir() / "docs" / "commands")) {
        const auto base = doc.path().stem().string();
        const auto page = man / (base == "README" ? std::string("fibre.1") : "fibre-" + base + ".1");
        ASSERT_TRUE(fs::exists(page)) << page;
        const auto r = run_program({"groff", "-man", "-Tutf8", "-ww", "-z", page.string()});
        EXPECT_EQ(r.exit_code, 0) << page;
        EXPECT_EQ(r.err, "") << page;
        ++pages;
    }
    EXPECT_GT(pages, 5);
    const auto text = run_program({"groff", "-man", "-Tutf8", (man / "fibre-check.1").string()});
    EXPECT_NE(text.out.find("severity"), std::string::npos) << text.out;
}

TEST(Cli, BashCompletionCompletesCommandsAndOptions) {
    if (!tool_exists("bash")) {
        GTEST_SKIP() << "bash is not installed";
    }
    const auto script = fibre_binary().parent_path() / "completion" / "fibre";
    ASSERT_TRUE(fs::exists(script)) << script;
    EXPECT_EQ(read_file(script), run_fibre({"--completion", "bash"}).out);
    auto complete = [&](const std::string& words, int cword) {
        return run_program({"bash", "-c",
                            "source '" + script.string() + "'; COMP_WORDS=(" + words + "); COMP_CWORD=" +
                                std::to_string(cword) + "; _fibre; echo \"${COMPREPLY[*]}\""});
    };
    EXPECT_EQ(complete("fibre st", 1).out, "status\n");
    EXPECT_EQ(complete("fibre -q --db x.sqlite in", 4).out, "init info\n");
    EXPECT_EQ(complete("fibre check --sev", 2).out, "--severity\n");
    EXPECT_EQ(complete("fibre status --qu", 2).out, "--quiet\n");
}

} // namespace
} // namespace fibre::testing
