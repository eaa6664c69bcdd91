// fibre progress: locaux raccordables quarter by quarter.

#include "engine/cli/command.hpp"
#include "engine/cli/output_options.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/rollout/progress.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace fibre::cli {
namespace {

class ProgressCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "progress"; }
    [[nodiscard]] std::string summary() const override {
        return "Locaux raccordables per quarter, coverage and active worksites, by area";
    }
    [[nodiscard]] int order() const override { return 41; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option(
            "--from", from_,
            "First quarter (2019Q1, T1 2019) or a day in it; default the first with a raccordable local");
        app.add_option(
            "--at", at_,
            "Last quarter (2022Q4, T4 2022) or a day in it; default the last with a raccordable local");
        // The former name of --at, still read.
        app.add_option("--to", to_, "Last quarter")->group("");
        app.add_option("--by", by_, "Split by departement, epci, commune or pm");
        add_format_option(app, format_, {"table", "csv", "json"});
        add_csv_locale_option(app, csv_locale_);
    }

    int run() override {
        const auto grouping = rollout::parse_grouping(by_);
        if (!at_.empty() && !to_.empty()) {
            throw UsageError("--at and --to name the same thing: give --at only");
        }
        // A quarter, or the quarter a day falls in.
        auto quarter_of = [](const std::string& text, const char* option) -> std::optional<Quarter> {
            if (text.empty()) {
                return std::nullopt;
            }
            const auto at = parse_at_option(text, option);
            return at.quarter ? *at.quarter : Quarter::of(at.day);
        };
        std::optional<Quarter> from = quarter_of(from_, "--from");
        std::optional<Quarter> to = at_.empty() ? quarter_of(to_, "--to") : quarter_of(at_, "--at");
        if (from && to && *to < *from) {
            throw UsageError(fmt::format("--from {} is after --at {}", from->str(), to->str()));
        }
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        require_analysis(db, store_path(db_));
        const auto data = rollout::RolloutData::load(db, /*with_links=*/false);
        if (!from || !to) {
            const auto span = rollout::raccordable_span(data);
            const Quarter today = Quarter::of(Date::today());
            if (!from) {
                from = span ? span->first : (to ? *to : today);
            }
            if (!to) {
                to = span ? std::max(span->second, *from) : *from;
            }
        }
        const auto progress = rollout::compute_progress(data, *from, *to, grouping);
        const Date at = to->last_day();
        warn_if_beyond_data(at, data.data_date);
        if (format_ == "json") {
            std::cout << report::progress_json(progress, data.data_date).dump(2) << '\n';
        } else if (format_ == "csv") {
            std::cout << report::to_csv(report::progress_table(progress, data.data_date),
                                        csv_style(csv_locale_));
        } else {
            std::cout << "Progress " << from->str() << " to " << to->str() << ", "
                      << at_and_data_date(at, data.data_date) << "\n\n"
                      << report::to_text(report::progress_table(progress));
        }
        return 0;
    }

private:
    std::string db_;
    std::string from_;
    std::string at_;
    std::string to_;
    std::string by_;
    std::string format_;
    std::string csv_locale_ = "fr";
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::ProgressCommand)
