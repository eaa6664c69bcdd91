// fibre remaining: what is left to reach the coverage target, and at what pace.

#include "engine/cli/command.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/store/database.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace fibre::cli {
namespace {

class RemainingCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "remaining"; }
    [[nodiscard]] std::string summary() const override {
        return "Locaux left to reach the target, pace needed and observed, projected quarter";
    }
    [[nodiscard]] int order() const override { return 42; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option("--target", target_, "Target date (YYYY-MM-DD); default 2022-12-31");
        app.add_option("--share", share_, "Target share of the locaux, percent; default 100");
        app.add_option("--at", at_, "The date the figures are taken at; default today");
        app.add_option("--by", by_, "Split by departement, epci, commune or pm");
        add_format_option(app, format_, {"table", "csv", "json"});
    }

    int run() override {
        rollout::Target target;
        if (!target_.empty()) {
            target.date = parse_date_option(target_, "--target");
        }
        target.share = share_;
        const Date at = at_.empty() ? Date::today() : parse_date_option(at_, "--at");
        const auto grouping = rollout::parse_grouping(by_);
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        const auto data = rollout::RolloutData::load(db);
        const auto total = rollout::compute_remaining(data, target, at);
        std::vector<rollout::AreaRemaining> areas;
        if (grouping != rollout::Grouping::none) {
            areas = rollout::compute_remaining_by(data, target, at, grouping);
        }
        if (format_ == "json") {
            std::cout << report::remaining_json(total, areas).dump(2) << '\n';
        } else if (format_ == "csv") {
            std::cout << report::to_csv(report::remaining_table(total, areas));
        } else {
            print_summary(total);
            if (!areas.empty()) {
                std::cout << '\n' << report::to_text(report::remaining_table(total, areas));
            }
        }
        return 0;
    }

private:
    static void print_summary(const rollout::Remaining& r) {
        std::cout << fmt::format("Target: {}% of {} locaux raccordables by {} ({} locaux)\n", r.target.share,
                                 r.locaux, r.target.date.iso(), r.target_locaux)
                  << fmt::format("At {}: {} raccordables, {} remaining\n", r.at.iso(), r.raccordables,
                                 r.remaining);
        if (r.required_per_quarter) {
            std::cout << fmt::format("Pace needed:   {:.1f} locaux per quarter\n", *r.required_per_quarter);
        }
        std::cout << fmt::format("Pace observed: {:.1f} locaux per quarter (last four quarters)\n",
                                 r.observed_per_quarter)
                  << "Target reached: " << (r.projected_quarter ? r.projected_quarter->str() : "not reached")
                  << (r.reached ? " (met)" : " (at the observed pace)") << '\n';
        if (r.shortfall_at_target) {
            std::cout << fmt::format("Shortfall at {}: {} locaux\n", r.target.date.iso(),
                                     *r.shortfall_at_target);
        }
        std::cout << fmt::format("Not raccordable, by cause:\n"
                                 "  in a worksite under way:   {:>9}  ({:.3f} km to build)\n"
                                 "  planned, not started:      {:>9}  ({:.3f} km to build)\n"
                                 "  in no plan:                {:>9}\n"
                                 "  not located (reference):   {:>9}\n",
                                 r.by_cause.in_worksite, r.by_cause.in_worksite_km,
                                 r.by_cause.planned_not_started, r.by_cause.planned_not_started_km,
                                 r.by_cause.no_plan, r.by_cause.not_located);
    }

    std::string db_;
    std::string target_;
    double share_ = 100;
    std::string at_;
    std::string by_;
    std::string format_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::RemainingCommand)
