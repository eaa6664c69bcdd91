// fibre status: locaux, locaux raccordables and coverage at a date, per group, from the
// stored analysis.

#include "engine/cli/command.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/status_queries.hpp"
#include "engine/support/error.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace fibre::cli {
namespace {

nlohmann::json group_json(const store::StatusGroup& g) {
    return {{"code", g.code},
            {"name", g.name},
            {"locaux", g.locaux},
            {"raccordables", g.raccordables},
            {"denominator", g.denominator},
            {"coverage", g.coverage()}};
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
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
        app.add_option("--at", at_, "The date (YYYY-MM-DD); default today")->type_name("DATE");
        app.add_option("--by", by_, "Grouping")
            ->check(CLI::IsMember({"departement", "epci", "commune", "pm", "nro"}))
            ->default_val("commune")
            ->type_name("GROUPING");
        add_format_option(app, format_, {"table", "csv", "json"});
    }

    int run() override {
        const Date at = at_.empty() ? Date::today() : parse_date_option(at_, "--at");
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        if (!store::latest_analysis(db)) {
            throw DataError(fmt::format("the store {} holds no analysis: run `fibre analyze` first",
                                        store_path(db_).string()));
        }
        const auto figures = store::status_at(db, at, store::status_grouping_from_string(by_));
        if (format_ == "json") {
            nlohmann::json groups = nlohmann::json::array();
            for (const auto& g : figures.groups) {
                groups.push_back(group_json(g));
            }
            nlohmann::json out{{"at", at.iso()},
                               {"by", by_},
                               {"locaux", figures.total.locaux},
                               {"raccordables", figures.total.raccordables},
                               {"denominator", figures.total.denominator},
                               {"coverage", figures.total.coverage()},
                               {"groups", groups}};
            std::cout << out.dump(2) << '\n';
        } else if (format_ == "csv") {
            std::cout << "code,name,locaux,raccordables,denominator,coverage\n";
            auto line = [](const store::StatusGroup& g) {
                std::cout << fmt::format("{},{},{},{},{},{:.6f}\n", csv_field(g.code), csv_field(g.name),
                                         g.locaux, g.raccordables, g.denominator, g.coverage());
            };
            for (const auto& g : figures.groups) {
                line(g);
            }
            line(figures.total);
        } else {
            std::cout << fmt::format("Status at {} by {}\n", at.iso(), by_);
            const auto header = fmt::format("{:<16} {:<32} {:>10} {:>13} {:>9}\n", "code", "name", "locaux",
                                            "raccordables", "coverage");
            std::cout << header;
            auto line = [](const store::StatusGroup& g) {
                std::cout << fmt::format("{:<16} {:<32} {:>10} {:>13} {:>8.1f}%\n",
                                         g.code.empty() ? "-" : g.code, g.name, g.locaux, g.raccordables,
                                         100.0 * g.coverage());
            };
            for (const auto& g : figures.groups) {
                line(g);
            }
            line(figures.total);
        }
        return 0;
    }

private:
    std::string db_;
    std::string at_;
    std::string by_ = "commune";
    std::string format_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::StatusCommand)
