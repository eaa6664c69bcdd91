// fibre status: locaux, locaux raccordables and coverage at a date, per group, from the
// stored analysis.

#include "engine/cli/command.hpp"
#include "engine/cli/output_options.hpp"
#include "engine/model/coverage.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/rollout_queries.hpp"
#include "engine/store/status_queries.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

namespace fibre::cli {
namespace {

nlohmann::json arcep_json(const store::StatusGroup& g) {
    if (!g.arcep) {
        return nullptr;
    }
    const auto& a = *g.arcep;
    nlohmann::json j{{"quarter", a.quarter}, {"raccordables", a.raccordables}, {"difference", a.difference}};
    j["locaux"] = a.locaux ? nlohmann::json(*a.locaux) : nlohmann::json(nullptr);
    j["band"] = a.band ? nlohmann::json(*a.band) : nlohmann::json(nullptr);
    j["zone"] = a.zone.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.zone);
    return j;
}

nlohmann::json group_json(const store::StatusGroup& g, bool raccordes_known) {
    nlohmann::json j{{"code", g.code},
                     {"name", g.name},
                     {"locaux", g.locaux},
                     {"raccordables", g.raccordables},
                     {"denominator", g.denominator},
                     {"coverage", g.coverage()},
                     {"denominator_basis", model::to_string(g.basis)},
                     {"arcep", arcep_json(g)}};
    // Raccordés and take-up (docs/figures.md, "Raccordé"); null when the analysis kept none.
    j["raccordes"] = raccordes_known ? nlohmann::json(g.raccordes) : nlohmann::json();
    j["take_up"] = raccordes_known ? nlohmann::json(g.take_up()) : nlohmann::json();
    return j;
}

std::string optional_cell(const std::optional<long long>& v) {
    return v ? std::to_string(*v) : std::string();
}

// One row per group, then the total (code "total"); percentages with two decimals.
report::Table status_table(const store::StatusFigures& figures) {
    report::Table t;
    t.header = {"code",
                "name",
                "locaux",
                "raccordables",
                "denominator",
                "coverage_pct",
                "denominator_basis",
                "arcep_quarter",
                "arcep_raccordables",
                "arcep_locaux",
                "arcep_band",
                "arcep_zone",
                "difference",
                "raccordes",
                "take_up_pct"};
    const auto pct = [](double ratio) { return fmt::format("{:.2f}", 100.0 * ratio); };
    const auto row = [&](const store::StatusGroup& g, const std::string& code) {
        std::vector<std::string> r{code,
                                   g.name,
                                   std::to_string(g.locaux),
                                   std::to_string(g.raccordables),
                                   std::to_string(g.denominator),
                                   pct(g.coverage()),
                                   model::to_string(g.basis)};
        if (g.arcep) {
            const auto& a = *g.arcep;
            r.insert(r.end(), {a.quarter, std::to_string(a.raccordables), optional_cell(a.locaux),
                               a.band ? std::to_string(*a.band) : std::string(), a.zone,
                               std::to_string(a.difference)});
        } else {
            r.insert(r.end(), 6, std::string());
        }
        r.push_back(figures.raccordes_known ? std::to_string(g.raccordes) : std::string());
        r.push_back(figures.raccordes_known ? pct(g.take_up()) : std::string());
        t.rows.push_back(std::move(r));
    };
    for (const auto& g : figures.groups) {
        row(g, g.code);
    }
    row(figures.total, figures.total.code);
    return t;
}

class StatusCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "status"; }
    [[nodiscard]] std::string summary() const override {
        return "Locaux, locaux raccordables and coverage at a date, per group";
    }
    [[nodiscard]] int order() const override { return 30; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option("--at", at_, "The date (YYYY-MM-DD or a quarter, 2022Q4); default today")
            ->type_name("DATE");
        app.add_option("--by", by_, "Grouping")
            ->check(CLI::IsMember({"departement", "epci", "commune", "pm", "nro"}))
            ->default_val("commune")
            ->type_name("GROUPING");
        app.add_option("--analysis", analysis_,
                       "Answer from this analysis (its number, as --list-analyses gives it); default the "
                       "latest")
            ->check(CLI::PositiveNumber)
            ->type_name("N");
        app.add_flag("--list-analyses", list_, "List the analyses the store keeps, instead of the figures");
        add_format_option(app, format_, {"table", "csv", "json"});
        add_csv_locale_option(app, csv_locale_);
    }

    int run() override {
        const Date at = at_.empty() ? Date::today() : parse_at_option(at_, "--at").day;
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        const auto latest = store::latest_analysis(db);
        if (!latest) {
            throw DataError(fmt::format("the store {} holds no analysis: run `fibre analyze` first",
                                        store_path(db_).string()));
        }
        if (list_) {
            list_analyses(db);
            return 0;
        }
        const auto run = analysis_ ? store::find_analysis(db, *analysis_) : latest;
        if (!run) {
            throw DataError(fmt::format("the store {} keeps no analysis {} (`fibre status --list-analyses` "
                                        "lists those it keeps)",
                                        store_path(db_).string(), *analysis_));
        }
        if (run->id != latest->id) {
            log::info("as analysis {} of {} found it (the latest is analysis {} of {})", run->id,
                      run->computed_at, latest->id, latest->computed_at);
        }
        if (const auto since = store::imports_since(db, *run); !since.empty()) {
            log::warning("the store changed since analysis {} of {}: {} import(s) after it ({}{}){}", run->id,
                         run->computed_at, since.size(), since.front(), since.size() > 1 ? ", ..." : "",
                         run->id == latest->id ? "; run `fibre analyze` to bring the figures up to date"
                                               : "");
        }
        const auto figures = store::status_at(db, at, store::status_grouping_from_string(by_), run->id);
        const auto data_date = store::read_data_date(db);
        warn_if_beyond_data(at, data_date);
        bool with_arcep = figures.total.arcep.has_value();
        for (const auto& g : figures.groups) {
            with_arcep = with_arcep || g.arcep.has_value();
        }
        if (format_ == "json") {
            nlohmann::json groups = nlohmann::json::array();
            for (const auto& g : figures.groups) {
                groups.push_back(group_json(g, figures.raccordes_known));
            }
            nlohmann::json out{{"at", at.iso()},
                               {"data_date", data_date ? nlohmann::json(data_date->iso()) : nlohmann::json()},
                               {"beyond_data_date", rollout::beyond_data(data_date, at)},
                               {"by", by_},
                               {"locaux", figures.total.locaux},
                               {"raccordables", figures.total.raccordables},
                               {"denominator", figures.total.denominator},
                               {"coverage", figures.total.coverage()},
                               {"denominator_basis", model::to_string(figures.total.basis)},
                               {"arcep", arcep_json(figures.total)},
                               {"groups", groups}};
            const auto total = group_json(figures.total, figures.raccordes_known);
            out["raccordes"] = total["raccordes"];
            out["take_up"] = total["take_up"];
            std::cout << out.dump(2) << '\n';
        } else if (format_ == "csv") {
            std::cout << report::to_csv(status_table(figures), csv_style(csv_locale_));
        } else {
            std::cout << fmt::format("Status {} by {}\n", at_and_data_date(at, data_date), by_);
            std::cout << fmt::format("{:<16} {:<32} {:>10} {:>13}  {:<48} {:>10} {:>8}", "code", "name",
                                     "locaux", "raccordables", "coverage", "raccordés", "take-up");
            if (with_arcep) {
                std::cout << fmt::format(" {:<7} {:>12} {:>11} {:>5} {:<4}", "arcep", "raccordables",
                                         "difference", "band", "zone");
            }
            std::cout << '\n';
            auto line = [&](const store::StatusGroup& g) {
                std::cout << fmt::format(
                    "{:<16} {:<32} {:>10} {:>13}  {:<48} {:>10} {:>8}", g.code.empty() ? "-" : g.code, g.name,
                    g.locaux, g.raccordables, model::describe_coverage(g.raccordables, g.denominator_of()),
                    figures.raccordes_known ? std::to_string(g.raccordes) : "-",
                    figures.raccordes_known ? fmt::format("{:.1f} %", 100.0 * g.take_up()) : "-");
                if (with_arcep && g.arcep) {
                    const auto& a = *g.arcep;
                    std::cout << fmt::format(" {:<7} {:>12} {:>11} {:>5} {:<4}", a.quarter, a.raccordables,
                                             a.difference, a.band ? std::to_string(*a.band) : "-",
                                             a.zone.empty() ? "-" : a.zone);
                } else if (with_arcep) {
                    std::cout << fmt::format(" {:<7} {:>12} {:>11} {:>5} {:<4}", "-", "-", "-", "-", "-");
                }
                std::cout << '\n';
            };
            for (const auto& g : figures.groups) {
                line(g);
            }
            line(figures.total);
        }
        return 0;
    }

private:
    // The analyses the store keeps, one line each, on stdout.
    static void list_analyses(store::Database& db) {
        std::cout << fmt::format("{:>8} {:<20} {:>10} {:>13} {:>12}\n", "analysis", "computed_at", "premises",
                                 "raccordables", "last_import");
        for (const auto& a : store::read_analysis_runs(db)) {
            std::cout << fmt::format(
                "{:>8} {:<20} {:>10} {:>13} {:>12}\n", a.id, a.computed_at, a.premises, a.raccordables,
                a.last_import_run < 0 ? std::string("-") : std::to_string(a.last_import_run));
        }
    }

    std::string db_;
    std::optional<long long> analysis_;
    bool list_ = false;
    std::string at_;
    std::string by_ = "commune";
    std::string format_;
    std::string csv_locale_ = "fr";
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::StatusCommand)
