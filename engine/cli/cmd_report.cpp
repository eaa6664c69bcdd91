// fibre report: the quarterly report for an assembly.

#include "engine/cli/command.hpp"
#include "engine/report/quarterly_report.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/scratch.hpp"

#include <fmt/format.h>
#include <iostream>

namespace fibre::cli {
namespace {

class ReportCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "report"; }
    [[nodiscard]] std::string summary() const override {
        return "Quarterly report: one A4 page to print (report.html), its annex, CSV and JSON";
    }
    [[nodiscard]] int order() const override { return 43; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option("--at", at_, "The quarter (2022Q4, T4 2022) or its last day (required)");
        // The former name of --at, still read.
        app.add_option("--quarter", quarter_, "The quarter (2022Q4)")->group("");
        app.add_option("--out", out_, "Folder to write into (required)");
        app.add_flag("--with-annex", with_annex_,
                     "Append the annex (every commune, worksites) to report.html");
        app.add_option("--lang", lang_, "fr (default) or en");
        app.add_option("--target", target_, "Target date (YYYY-MM-DD); default 2022-12-31");
        app.add_option("--share", share_, "Target share of the locaux, percent; default 100");
    }

    int run() override {
        if (!at_.empty() && !quarter_.empty()) {
            throw UsageError("--at and --quarter name the same thing: give --at only");
        }
        const std::string& at_text = at_.empty() ? quarter_ : at_;
        const char* at_name = at_.empty() ? "--quarter" : "--at";
        if (at_text.empty() || out_.empty()) {
            throw UsageError("fibre report: --at and --out are required");
        }
        report::ReportOptions options;
        const auto at = parse_at_option(at_text, at_name);
        options.quarter = at.quarter ? *at.quarter : Quarter::of(at.day);
        if (!at.quarter && at.day != options.quarter.last_day()) {
            throw UsageError(fmt::format("{} {}: a report covers a whole quarter; give the quarter ({}) or "
                                         "its last day ({})",
                                         at_name, at_text, options.quarter.str(),
                                         options.quarter.last_day().iso()));
        }
        options.with_annex = with_annex_;
        options.out = out_;
        options.lang = lang_;
        options.target.share = share_;
        if (!target_.empty()) {
            options.target.date = parse_date_option(target_, "--target");
        }
        if (lang_ != "fr" && lang_ != "en") {
            throw UsageError("--lang: fr or en");
        }
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        require_analysis(db, store_path(db_));
        scratch::remove_leftovers_beside(options.out / "report.html"); // of a report that was killed
        const auto data = rollout::RolloutData::load(db);
        for (const auto& f : report::write_report(db, data, options)) {
            std::cout << f.string() << '\n';
        }
        return 0;
    }

private:
    std::string db_;
    std::string at_;
    std::string quarter_;
    std::string out_;
    bool with_annex_ = false;
    std::string lang_ = "fr";
    std::string target_;
    double share_ = 100;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::ReportCommand)
