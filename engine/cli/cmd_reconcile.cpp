// fibre reconcile: what the operators declare in their IPE files against what the network
// feeds, every kind of mismatch with its cause, counted in total, per PM or per commune, or
// listed per premise.

#include "engine/cli/command.hpp"
#include "engine/cli/output_options.hpp"
#include "engine/graph/feed_cause.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/rollout/reconcile.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace fibre::cli {
namespace {

constexpr std::array<model::MismatchKind, rollout::mismatch_kinds> all_kinds{
    model::MismatchKind::declared_not_fed, model::MismatchKind::fed_declared_undeployed,
    model::MismatchKind::commercial_before_network, model::MismatchKind::line_without_premise,
    model::MismatchKind::fed_without_line};

std::string date_text(Date d) {
    return d.is_never() ? std::string() : d.iso();
}

class ReconcileCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "reconcile"; }
    [[nodiscard]] std::string summary() const override {
        return "Compare what the operators declare (IPE) with what the network feeds";
    }
    [[nodiscard]] int order() const override { return 27; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        add_format_option(app, format_, {"table", "csv", "json"});
        add_csv_locale_option(app, csv_locale_);
        app.add_option("--by", by_, "Count per PM (with its ReferencePM) or per commune")
            ->check(CLI::IsMember({"pm", "commune"}))
            ->type_name("pm|commune");
        std::vector<std::string> kinds;
        for (const auto k : all_kinds) {
            kinds.emplace_back(model::to_string(k));
        }
        app.add_option("--kind", kind_, "Only this kind of mismatch")
            ->check(CLI::IsMember(kinds))
            ->type_name("KIND");
        app.add_flag("--list", list_, "List the mismatches one by one (per premise, or per IPE line)");
    }

    int run() override {
        rollout::ReconcileOptions options;
        options.by = by_;
        if (!kind_.empty()) {
            model::MismatchKind k{};
            model::mismatch_kind_from_string(kind_, k);
            options.kind = k;
        }
        const auto path = store_path(db_);
        auto db = store::Database::open(path, store::Database::Mode::read_only);
        const auto r = rollout::reconcile(db, path, options);
        if (list_) {
            print_list(r);
        } else {
            print_counts(r);
        }
        return 0;
    }

private:
    [[nodiscard]] std::vector<model::MismatchKind> kinds_shown() const {
        if (kind_.empty()) {
            return {all_kinds.begin(), all_kinds.end()};
        }
        model::MismatchKind k{};
        model::mismatch_kind_from_string(kind_, k);
        return {k};
    }

    void print_counts(const rollout::Reconciliation& r) const {
        const auto kinds = kinds_shown();
        if (format_ == "json") {
            nlohmann::json counts = nlohmann::json::object();
            for (const auto k : kinds) {
                counts[model::to_string(k)] = r.counts[static_cast<std::size_t>(k)];
            }
            nlohmann::json causes = nlohmann::json::object();
            for (const auto& [c, n] : r.causes) {
                causes[model::to_string(c)] = n;
            }
            nlohmann::json out{{"analysis", r.analysis},
                               {"at", r.at.iso()},
                               {"counts", counts},
                               {"total", r.total},
                               {"causes", causes}};
            if (!by_.empty()) {
                nlohmann::json groups = nlohmann::json::array();
                for (const auto& g : r.groups) {
                    nlohmann::json gc = nlohmann::json::object();
                    for (const auto k : kinds) {
                        gc[model::to_string(k)] = g.counts[static_cast<std::size_t>(k)];
                    }
                    groups.push_back({{"code", g.code},
                                      {by_ == "pm" ? "ref_pm" : "name", g.name},
                                      {"counts", gc},
                                      {"total", g.total}});
                }
                out["by"] = by_;
                out["groups"] = groups;
            }
            std::cout << out.dump(2) << '\n';
            return;
        }
        report::Table t;
        if (by_.empty()) {
            t.header = {"kind", "count"};
            for (const auto k : kinds) {
                t.rows.push_back(
                    {model::to_string(k), std::to_string(r.counts[static_cast<std::size_t>(k)])});
            }
            t.rows.push_back({"total", std::to_string(r.total)});
        } else {
            t.header = {by_ == "pm" ? "pm" : "commune", by_ == "pm" ? "ref_pm" : "name"};
            for (const auto k : kinds) {
                t.header.emplace_back(model::to_string(k));
            }
            t.header.emplace_back("total");
            const auto line = [&](const std::string& code, const std::string& name,
                                  const std::array<long long, rollout::mismatch_kinds>& counts,
                                  long long total) {
                std::vector<std::string> row{code.empty() && format_ == "table" ? "-" : code, name};
                for (const auto k : kinds) {
                    row.push_back(std::to_string(counts[static_cast<std::size_t>(k)]));
                }
                row.push_back(std::to_string(total));
                t.rows.push_back(std::move(row));
            };
            for (const auto& g : r.groups) {
                line(g.code, g.name, g.counts, g.total);
            }
            line("total", "", r.counts, r.total);
        }
        if (format_ == "csv") {
            std::cout << report::to_csv(t, csv_style(csv_locale_));
            return;
        }
        std::cout << fmt::format(
            "Declared (IPE) against computed (network), as analysis {} compared them on {}\n", r.analysis,
            r.at.iso());
        std::cout << report::to_text(t);
        if (!r.causes.empty()) {
            report::Table c;
            c.header = {"cause (declared_not_fed)", "count"};
            for (const auto& [cause, n] : r.causes) {
                c.rows.push_back({model::to_string(cause), std::to_string(n)});
            }
            std::cout << '\n' << report::to_text(c);
        }
    }

    void print_list(const rollout::Reconciliation& r) const {
        if (format_ == "json") {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& row : r.rows) {
                const auto& m = row.mismatch;
                nlohmann::json j{
                    {"kind", model::to_string(m.kind)},
                    {"premise", m.premise_code},
                    {"delivery", row.delivery},
                    {"address", row.address},
                    {"insee", m.insee},
                    {"commune", row.commune_name},
                    {"pm", m.pm_code},
                    {"ref_pm", m.pm_ref},
                    {"building_id", m.building_id},
                    {"hexacle", m.hexacle},
                    {"declared_state", m.declared_state},
                    {"commercial_date", m.commercial_date ? m.commercial_date->iso() : ""},
                    {"computed_state", m.premise_code.empty()
                                           ? std::string()
                                           : rollout::computed_state(m.raccordable_since, r.at)},
                    {"raccordable_since", date_text(m.raccordable_since)},
                    {"cause", m.cause == model::FeedCause::none ? "" : model::to_string(m.cause)},
                    {"element", m.element_code},
                    {"element_in_service", date_text(m.element_from)},
                    {"explanation", m.cause == model::FeedCause::none
                                        ? std::string()
                                        : graph::describe(m.cause, m.element_code, m.element_from)}};
                if (m.position) {
                    j["x"] = m.position->x;
                    j["y"] = m.position->y;
                } else {
                    j["x"] = nullptr;
                    j["y"] = nullptr;
                }
                list.push_back(std::move(j));
            }
            std::cout
                << nlohmann::json{{"analysis", r.analysis}, {"at", r.at.iso()}, {"mismatches", list}}.dump(2)
                << '\n';
            return;
        }
        report::Table t;
        t.header = {"kind",
                    "premise",
                    "address",
                    "insee",
                    "pm",
                    "ref_pm",
                    "building_id",
                    "declared_state",
                    "commercial_date",
                    "computed_state",
                    "raccordable_since",
                    "cause",
                    "element",
                    "element_in_service"};
        for (const auto& row : r.rows) {
            const auto& m = row.mismatch;
            t.rows.push_back(
                {model::to_string(m.kind), m.premise_code, row.address, m.insee, m.pm_code, m.pm_ref,
                 m.building_id, m.declared_state, m.commercial_date ? m.commercial_date->iso() : "",
                 m.premise_code.empty() ? std::string() : rollout::computed_state(m.raccordable_since, r.at),
                 date_text(m.raccordable_since),
                 m.cause == model::FeedCause::none ? "" : model::to_string(m.cause), m.element_code,
                 date_text(m.element_from)});
        }
        std::cout << (format_ == "csv" ? report::to_csv(t, csv_style(csv_locale_)) : report::to_text(t));
    }

    std::string db_;
    std::string format_;
    std::string csv_locale_ = "fr";
    std::string by_;
    std::string kind_;
    bool list_ = false;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::ReconcileCommand)
