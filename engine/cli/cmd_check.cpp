// fibre check: the network's defects, each with a stable code, a severity, the element
// concerned, a position and a sentence.

#include "engine/cli/analysis_input.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/network_defects.hpp"
#include "engine/cli/output_options.hpp"
#include "engine/store/database.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace fibre::cli {
namespace {

class CheckCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "check"; }
    [[nodiscard]] std::string summary() const override { return "List the network's defects"; }
    [[nodiscard]] int order() const override { return 25; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        add_format_option(app, format_, {"table", "csv", "json"});
        app.add_option("--code", codes_,
                       "Only the defects of this code (repeat it, or give a comma-separated list)")
            ->delimiter(',')
            ->type_name("CODE");
        app.add_option("--severity", severity_,
                       "Only the defects of this severity or a graver one: error, warning (and errors), info "
                       "(all, the default)")
            ->check(CLI::IsMember({"error", "warning", "info"}))
            ->type_name("LEVEL");
        add_csv_locale_option(app, csv_locale_);
        app.add_option(
               "--rejects", rejects_,
               "Features the imports did not take as delivered: rejected (not written), all (also the "
               "ones kept with a problem or repaired), none")
            ->check(CLI::IsMember({"rejected", "all", "none"}))
            ->default_val(rejects_)
            ->type_name("WHICH");
        add_analysis_options(app, options_);
    }

    int run() override {
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        // The checks are run afresh, so that they always speak of the store as it is now.
        std::vector<model::Reject> all_rejects;
        auto defects = find_network_defects(db, options_, &all_rejects);
        std::vector<model::Reject> rejects;
        for (const auto& r : all_rejects) {
            if (rejects_ == "all" || (rejects_ == "rejected" && r.action == "rejected")) {
                rejects.push_back(r);
            }
        }
        const auto known = std::set<std::string>(codes_.begin(), codes_.end());
        if (!severity_.empty() || !known.empty()) {
            const auto minimum =
                severity_.empty() ? model::Severity::info : model::severity_from_string(severity_);
            std::erase_if(defects, [&](const model::Defect& d) {
                return d.severity < minimum || (!known.empty() && !known.contains(d.code));
            });
        }
        std::map<std::string, long long> summary;
        for (const auto& d : defects) {
            ++summary[d.code];
        }
        if (format_ == "json") {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& d : defects) {
                nlohmann::json j{{"code", d.code},
                                 {"severity", model::to_string(d.severity)},
                                 {"element_code", d.element_code},
                                 {"message", d.message}};
                if (d.position) {
                    j["x"] = d.position->x;
                    j["y"] = d.position->y;
                } else {
                    j["x"] = nullptr;
                    j["y"] = nullptr;
                }
                list.push_back(std::move(j));
            }
            nlohmann::json rejected = nlohmann::json::array();
            for (const auto& r : rejects) {
                rejected.push_back({{"source", r.source},
                                    {"layer", r.layer},
                                    {"feature", r.feature_id},
                                    {"field", r.field},
                                    {"action", r.action},
                                    {"reason", r.reason}});
            }
            std::cout << nlohmann::json{{"defects", list}, {"summary", summary}, {"rejects", rejected}}.dump(
                             2)
                      << '\n';
            return 0;
        }
        if (format_ == "csv") {
            write_csv(defects);
            return 0;
        }
        std::cout << fmt::format("{:<24} {:<8} {:<24} {:>12} {:>12}  {}\n", "code", "severity", "element",
                                 "x", "y", "message");
        for (const auto& d : defects) {
            const std::string x = d.position ? fmt::format("{:.2f}", d.position->x) : "";
            const std::string y = d.position ? fmt::format("{:.2f}", d.position->y) : "";
            std::cout << fmt::format("{:<24} {:<8} {:<24} {:>12} {:>12}  {}\n", d.code,
                                     model::to_string(d.severity), d.element_code, x, y, d.message);
        }
        std::cout << '\n';
        for (const auto& [code, count] : summary) {
            std::cout << fmt::format("{:<24} {}\n", code, count);
        }
        std::cout << fmt::format("{:<24} {}\n", "total", defects.size());
        if (!rejects.empty()) {
            std::cout << fmt::format("\n{} feature(s) not taken as delivered by the imports:\n",
                                     rejects.size());
            std::cout << fmt::format("{:<9} {:<40} {:<16} {:<24} {:<14} {}\n", "action", "source", "layer",
                                     "feature", "field", "reason");
            for (const auto& r : rejects) {
                std::cout << fmt::format("{:<9} {:<40} {:<16} {:<24} {:<14} {}\n", r.action, r.source,
                                         r.layer, r.feature_id, r.field.empty() ? "-" : r.field, r.reason);
            }
        }
        return 0;
    }

private:
    // One row per defect: code, severity, element, x, y, message (Lambert-93 metres).
    void write_csv(const std::vector<model::Defect>& defects) const {
        const bool fr = csv_locale_ == "fr";
        const char sep = fr ? ';' : ',';
        auto cell = [sep](const std::string& text) {
            if (text.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string::npos) {
                return text;
            }
            std::string quoted = "\"";
            for (const char c : text) {
                quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            }
            return quoted + "\"";
        };
        auto number = [fr](double v) {
            auto text = fmt::format("{:.2f}", v);
            if (fr) {
                std::replace(text.begin(), text.end(), '.', ',');
            }
            return text;
        };
        if (fr) {
            std::cout << "\xEF\xBB\xBF";
        }
        std::cout << fmt::format("code{0}severity{0}element_code{0}x{0}y{0}message\n", sep);
        for (const auto& d : defects) {
            std::cout << cell(d.code) << sep << model::to_string(d.severity) << sep << cell(d.element_code)
                      << sep << (d.position ? number(d.position->x) : "") << sep
                      << (d.position ? number(d.position->y) : "") << sep << cell(d.message) << '\n';
        }
    }

    std::string db_;
    std::string format_;
    std::vector<std::string> codes_;
    std::string severity_;
    std::string csv_locale_ = "fr";
    std::string rejects_ = "rejected";
    graph::AnalysisOptions options_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::CheckCommand)
