// fibre info: what a store holds (see docs/commands/info.md).

#include "engine/cli/command.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/rollout_queries.hpp"
#include "engine/store/store_info.hpp"
#include "engine/support/log.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

namespace fibre::cli {
namespace {

// A JSON text read from the store, or an empty object when it is not JSON.
nlohmann::ordered_json parse_or_empty(const std::string& text) {
    auto j = nlohmann::ordered_json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::ordered_json::object() : j;
}

/// What the imports of one kind hold together.
struct KindTotal {
    long long imports = 0;
    std::string first_source;
    std::string latest;                        ///< the newest import's date
    std::map<std::string, long long> imported; ///< per layer
    long long rejected = 0;
    long long rejects = 0;
};

std::string human_size(std::uintmax_t bytes) {
    if (bytes >= 1024ULL * 1024ULL) {
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    }
    return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
}

class InfoCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "info"; }
    [[nodiscard]] std::string summary() const override {
        return "Show what a store holds: imports, rejects, the analysis, the data date";
    }
    [[nodiscard]] int order() const override { return 2; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        add_format_option(app, format_, {"table", "json"});
    }

    int run() override {
        const auto path = store_path(db_);
        auto db = store::Database::open(path, store::Database::Mode::read_only);
        const auto schema = store::read_schema_info(db);
        const auto imports = store::read_imports(db);
        const auto analysis = store::latest_analysis(db);
        const auto data_date = store::read_data_date(db);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);

        std::map<std::string, KindTotal> kinds;
        for (const auto& [i, rejects, rejected] : imports) {
            auto& k = kinds[i.kind];
            ++k.imports;
            if (k.first_source.empty()) {
                k.first_source = i.source;
            }
            k.latest = std::max(k.latest, i.finished_at.empty() ? i.started_at : i.finished_at);
            const auto counts = parse_or_empty(i.counts_json);
            for (const auto& [layer, c] : counts.items()) {
                if (c.is_object()) {
                    k.imported[layer] += c.value("imported", 0LL);
                }
            }
            k.rejected += rejected;
            k.rejects += rejects;
        }

        if (format_ == "json") {
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const auto& [i, rejects, rejected] : imports) {
                list.push_back(
                    {{"id", i.id},
                     {"kind", i.kind},
                     {"source", i.source},
                     {"label", i.label},
                     {"perimeter", i.perimeter},
                     {"started_at", i.started_at},
                     {"finished_at", i.finished_at.empty() ? nlohmann::ordered_json(nullptr)
                                                           : nlohmann::ordered_json(i.finished_at)},
                     {"counts", parse_or_empty(i.counts_json)},
                     {"rejected", rejected},
                     {"rejects", rejects}});
            }
            nlohmann::ordered_json by_kind = nlohmann::ordered_json::object();
            for (const auto& [kind, k] : kinds) {
                by_kind[kind] = {{"imports", k.imports},
                                 {"latest", k.latest},
                                 {"imported", k.imported},
                                 {"rejected", k.rejected},
                                 {"rejects", k.rejects}};
            }
            nlohmann::ordered_json a = nullptr;
            if (analysis) {
                a = {{"id", analysis->id},
                     {"computed_at", analysis->computed_at},
                     {"parameters", parse_or_empty(analysis->parameters_json)},
                     {"link_source", analysis->link_source},
                     {"premises", analysis->premises},
                     {"raccordables", analysis->raccordables},
                     {"last_import_id", analysis->last_import_run}};
            }
            const nlohmann::ordered_json null(nullptr);
            nlohmann::ordered_json out{
                {"store",
                 {{"path", path.string()},
                  {"size_bytes", ec ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(size)},
                  {"schema_version", schema ? nlohmann::ordered_json(schema->version) : null},
                  {"created_at", schema ? nlohmann::ordered_json(schema->created_at) : null},
                  {"created_by", schema ? nlohmann::ordered_json(schema->fibre_version) : null}}},
                {"data_date", data_date ? nlohmann::ordered_json(data_date->iso()) : null},
                {"kinds", by_kind},
                {"imports", list},
                {"analysis", a}};
            std::cout << out.dump(2) << '\n';
            return 0;
        }

        std::cout << fmt::format("{:<10} {}{}\n", "store", path.string(),
                                 ec ? std::string() : " (" + human_size(size) + ")");
        if (schema) {
            std::cout << fmt::format("{:<10} version {}, created {} by fibre {}\n", "schema", schema->version,
                                     schema->created_at, schema->fibre_version);
        }
        std::cout << fmt::format("{:<10} {}\n", "data date",
                                 data_date ? data_date->iso() : "unknown (no dated data)");
        std::cout << fmt::format("\nimports: {}\n", imports.size());
        if (!imports.empty()) {
            std::cout << fmt::format("{:<10} {:>7}  {:<20}  {:>9}  {}\n", "kind", "imports", "latest",
                                     "rejected", "imported");
        }
        for (const auto& [kind, k] : kinds) {
            // Layers named per commune ("cadastre-17003-batiments") are added up by what they hold.
            static const std::regex per_commune(R"(^[A-Za-z]+-\d[0-9AB]\d{3}-(.+)$)");
            std::map<std::string, long long> by_layer;
            for (const auto& [layer, n] : k.imported) {
                std::smatch m;
                by_layer[std::regex_match(layer, m, per_commune) ? m[1].str() : layer] += n;
            }
            std::vector<std::string> counts;
            for (const auto& [layer, n] : by_layer) {
                counts.push_back(fmt::format("{} {}", n, layer));
            }
            std::cout << fmt::format("{:<10} {:>7}  {:<20}  {:>9}  {}\n", kind, k.imports, k.latest,
                                     k.rejected, fmt::join(counts, ", "));
        }
        if (log::level() <= log::Level::debug) {
            for (const auto& [i, rejects, rejected] : imports) {
                std::cout << fmt::format("  import {:<5} {:<10} {}  {}  {} rejected\n", i.id, i.kind,
                                         i.finished_at.empty() ? i.started_at : i.finished_at, i.source,
                                         rejected);
            }
        }
        if (analysis) {
            std::cout << fmt::format(
                "\nanalysis {} computed {}: {} premises, {} raccordable, links from {}\n", analysis->id,
                analysis->computed_at, analysis->premises, analysis->raccordables, analysis->link_source);
            const auto parameters = parse_or_empty(analysis->parameters_json);
            for (const auto& [key, value] : parameters.items()) {
                std::cout << fmt::format("  {:<24} {}\n", key, value.dump());
            }
        } else {
            std::cout << "\nanalysis: none (`fibre analyze` computes it)\n";
        }
        return 0;
    }

private:
    std::string db_;
    std::string format_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::InfoCommand)
