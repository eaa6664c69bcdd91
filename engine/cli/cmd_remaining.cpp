// fibre remaining: what is left to reach the coverage target, and at what pace.

#include "engine/cli/command.hpp"
#include "engine/cli/output_options.hpp"
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
        app.add_option("--at", at_,
                       "The date the figures are taken at (YYYY-MM-DD or a quarter, 2022Q4); default today");
        app.add_option("--by", by_, "Split by departement, epci, commune or pm");
        add_format_option(app, format_, {"table", "csv", "json"});
        add_csv_locale_option(app, csv_locale_);
    }

    int run() override {
        rollout::Target target;
        if (!target_.empty()) {
            target.date = parse_date_option(target_, "--target");
        }
        target.share = share_;
        const Date at = at_.empty() ? Date::today() : parse_at_option(at_, "--at").day;
        const auto grouping = rollout::parse_grouping(by_);
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        require_analysis(db, store_path(db_));
        const auto data = rollout::RolloutData::load(db);
        warn_if_beyond_data(at, data.data_date);
        const auto total = rollout::compute_remaining(data, target, at);
        std::vector<rollout::AreaRemaining> areas;
        if (grouping != rollout::Grouping::none) {
            areas = rollout::compute_remaining_by(data, target, at, grouping);
        }
        if (format_ == "json") {
            std::cout << report::remaining_json(total, areas).dump(2) << '\n';
        } else if (format_ == "csv") {
            std::cout << report::to_csv(report::remaining_table(total, areas), csv_style(csv_locale_));
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
        std::cout << fmt::format("Figures {}\n", at_and_data_date(r.at, r.data_date))
                  << fmt::format("Target: {}% of {} locaux raccordables by {} ({} locaux)\n", r.target.share,
                                 r.locaux, r.target.date.iso(), r.target_locaux)
                  << fmt::format("At {}: {} raccordables, {} remaining\n", r.at.iso(), r.raccordables,
                                 r.remaining);
        if (r.required_per_quarter) {
            std::cout << fmt::format("Pace needed:   {:.1f} locaux per quarter\n", *r.required_per_quarter);
        }
        std::cout << fmt::format("Pace observed: {:.1f} locaux per quarter (last four quarters{})\n",
                                 r.observed_per_quarter,
                                 rollout::beyond_data(r.data_date, r.at)
                                     ? fmt::format(" of the data, to {}", r.data_date->iso())
                                     : std::string())
                  << "Target reached: " << (r.projected_quarter ? r.projected_quarter->str() : "not reached")
                  << (r.reached ? " (met)" : " (at the observed pace)") << '\n';
        if (!r.reached) {
            std::cout << "Target reached: " << (r.planned_quarter ? r.planned_quarter->str() : "not reached")
                      << " (worksites at their planned end, the rest at the observed pace)\n";
        }
        if (r.shortfall_at_target) {
            std::cout << fmt::format("Shortfall at {}: {} locaux\n", r.target.date.iso(),
                                     *r.shortfall_at_target);
        }
        const auto& c = r.by_cause;
        std::cout << fmt::format("Not raccordable, by cause ({} locaux):\n"
                                 "  in a running worksite:          {:>9}  ({:.3f} km to build)\n"
                                 "  in a suspended worksite:        {:>9}  ({:.3f} km to build)\n"
                                 "  in a worksite not started:      {:>9}  ({:.3f} km to build; {} overdue)\n"
                                 "  left behind, worksite completed: {:>8}\n"
                                 "  in no plan:                     {:>9}\n"
                                 "  abandoned:                      {:>9}\n"
                                 "  raccordable on demand:          {:>9}\n"
                                 "  not located (reference):        {:>9}\n",
                                 c.total(), c.running, c.running_km, c.suspended, c.suspended_km, c.planned,
                                 c.planned_km, c.overdue_not_started, c.left_behind, c.no_plan, c.abandoned,
                                 c.on_demand, c.not_located);
        const auto& e = r.expected;
        std::cout << "Expected raccordable: "
                  << (e.nothing_to_build ? "nothing to build"
                      : e.date           ? e.date->iso()
                                         : std::string("no date (no pace observed)"))
                  << (e.overdue ? " (overdue worksites dated by the pace)" : "") << '\n';
    }

    std::string db_;
    std::string target_;
    double share_ = 100;
    std::string at_;
    std::string by_;
    std::string format_;
    std::string csv_locale_ = "fr";
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::RemainingCommand)
