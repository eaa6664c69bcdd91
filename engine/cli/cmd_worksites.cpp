// fibre worksites: every worksite with its state at a date.

#include "engine/cli/command.hpp"
#include "engine/cli/output_options.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/store/database.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace fibre::cli {
namespace {

class WorksitesCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "worksites"; }
    [[nodiscard]] std::string summary() const override {
        return "Worksites at a date: state, dates, suspensions, lengths, locaux on completion";
    }
    [[nodiscard]] int order() const override { return 40; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option("--at", at_, "The date (YYYY-MM-DD or a quarter, 2022Q4); default today");
        add_format_option(app, format_, {"table", "csv", "json"});
        add_csv_locale_option(app, csv_locale_);
    }

    int run() override {
        const Date at = at_.empty() ? Date::today() : parse_at_option(at_, "--at").day;
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        require_analysis(db, store_path(db_));
        const auto data = rollout::RolloutData::load(db);
        warn_if_beyond_data(at, data.data_date);
        const auto figures = rollout::compute_worksites(data, at);
        if (format_ == "json") {
            std::cout << report::worksites_json(data, figures, at).dump(2) << '\n';
        } else if (format_ == "csv") {
            std::cout << report::to_csv(report::worksites_table(data, figures, at), csv_style(csv_locale_));
        } else {
            std::cout << "Worksites " << at_and_data_date(at, data.data_date) << "\n\n"
                      << report::to_text(report::worksites_table(data, figures)) << '\n'
                      << report::to_text(report::worksite_totals_table(figures));
        }
        return 0;
    }

private:
    std::string db_;
    std::string at_;
    std::string format_;
    std::string csv_locale_ = "fr";
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::WorksitesCommand)
