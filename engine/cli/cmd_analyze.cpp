// fibre analyze: computes every premise's raccordable_since, serving PBO/PM/NRO and optical
// distance, and the network's defects, and stores them.

#include "engine/cli/analysis_input.hpp"
#include "engine/cli/command.hpp"
#include "engine/graph/worksite_coverage.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/support/log.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>

namespace fibre::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Locaux per (commune, PM, NRO, date, PBO or not, covering worksites): a few thousand rows
// that answer `fibre status` and the rollout figures for any date without reading every
// premise.
std::vector<store::StatusSummaryRow> summarise(const graph::NetworkInput& in,
                                               const graph::AnalysisResult& result,
                                               const std::vector<std::vector<std::uint32_t>>& coverage) {
    // Keys view the premises' and statuses' strings, which outlive the map; each distinct
    // list of covering worksites is numbered once.
    std::map<std::vector<std::uint32_t>, std::uint32_t> coverage_ids;
    using Key =
        std::tuple<std::string_view, std::string_view, std::string_view, std::int32_t, bool, std::uint32_t>;
    std::map<Key, store::StatusSummaryRow> rows;
    for (std::size_t i = 0; i < in.premises.size(); ++i) {
        const auto& p = in.premises[i];
        const auto& s = result.statuses[i];
        const bool has_pbo = !s.pbo_code.empty();
        const auto id = coverage_ids.try_emplace(coverage[i], static_cast<std::uint32_t>(coverage_ids.size()))
                            .first->second;
        auto& row = rows[{p.insee, s.pm_code, s.nro_code, s.raccordable_since.days, has_pbo, id}];
        if (row.premises == 0) {
            row = {p.insee, s.pm_code, s.nro_code, s.raccordable_since, 0, 0, has_pbo, {}};
            for (const auto w : coverage[i]) {
                row.worksites.push_back(in.worksites[w].code);
            }
        }
        row.locaux += p.locaux;
        ++row.premises;
    }
    std::vector<store::StatusSummaryRow> out;
    out.reserve(rows.size());
    for (auto& [key, row] : rows) {
        out.push_back(std::move(row));
    }
    return out;
}

// The analysis' data, held together to be let go of at once.
struct Work {
    PreparedAnalysis prepared;
    graph::AnalysisResult result;
    std::vector<std::vector<std::uint32_t>> coverage;
};

class AnalyzeCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "analyze"; }
    [[nodiscard]] std::string summary() const override {
        return "Compute since when every premise is raccordable, and through what";
    }
    [[nodiscard]] int order() const override { return 20; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        add_format_option(app, format_, {"table", "json"});
        add_analysis_options(app, options_);
    }

    int run() override {
        auto start = std::chrono::steady_clock::now();
        auto db = store::Database::open(store_path(db_));
        auto work = std::make_unique<Work>();
        work->prepared = prepare_analysis(db, options_);
        const auto& input = work->prepared.input;
        const double load_s = seconds_since(start);
        log::info("read {} premises, {} links, {} nodes, {} sites, {} boxes, and prepared the analysis in "
                  "{:.2f} s",
                  input.premises.size(), input.links.size(), input.nodes.size(), input.sites.size(),
                  input.boxes.size(), load_s);

        // The premises' statuses are stored on another thread while the checks, the worksites'
        // outcomes and the summary are computed; everything is committed at once at the end.
        store::AnalysisWriter writer(db);
        std::future<double> statuses_written;
        work->result =
            graph::analyze_network(input, options_, std::move(work->prepared.network),
                                   std::move(work->prepared.premises), [&](const graph::AnalysisResult& r) {
                                       // A span, not the vector: the elements stay where they are when the
                                       // result is moved out of the analysis, the vector object may not.
                                       statuses_written = std::async(
                                           std::launch::async, [&writer, statuses = std::span(r.statuses)] {
                                               const auto t0 = std::chrono::steady_clock::now();
                                               writer.write_statuses(statuses);
                                               return seconds_since(t0);
                                           });
                                   });
        const auto& result = work->result;

        start = std::chrono::steady_clock::now();
        work->coverage =
            graph::worksite_coverage(input.premises, result.statuses, input.sites, input.worksites);
        const double coverage_s = seconds_since(start);

        start = std::chrono::steady_clock::now();
        const auto summary = summarise(input, result, work->coverage);
        const double statuses_s = statuses_written.get();
        store::AnalysisRun run;
        run.parameters_json = analysis_options_json(options_);
        run.link_source = result.link_source;
        run.premises = static_cast<long long>(result.statuses.size());
        run.raccordables = static_cast<long long>(result.raccordables);
        nlohmann::json timings{{"loading_s", load_s},
                               {"graph_s", result.graph_s},
                               {"search_s", result.search_s},
                               {"checks_s", result.checks_s},
                               {"mismatches_s", result.mismatches_s},
                               {"completion_s", result.completion_s},
                               {"coverage_s", coverage_s},
                               {"statuses_s", statuses_s}};
        run.timings_json = timings.dump();
        writer.write_mismatches(result.mismatches);
        const long long id = writer.finish(run, result.defects, summary, result.worksite_outcomes);
        const double write_s = seconds_since(start);
        timings["writing_s"] = write_s;

        // Which date made each raccordable premise's figure (docs/figures.md, rule 3).
        std::array<long long, 3> by_basis{};
        for (const auto& s : result.statuses) {
            if (!s.raccordable_since.is_never()) {
                ++by_basis[static_cast<std::size_t>(s.date_basis)];
            }
        }
        if (format_ == "json") {
            const auto stored = store::latest_analysis(db);
            nlohmann::json counts{{"premises", result.statuses.size()},
                                  {"raccordables", result.raccordables},
                                  {"raccordes", result.raccordes},
                                  {"drops_in_service", result.drops_in_service},
                                  {"drops", input.drops.size()},
                                  {"raccordable_by_commissioning_date", by_basis[0]},
                                  {"raccordable_by_installation_date", by_basis[1]},
                                  {"raccordable_without_date", by_basis[2]},
                                  {"assigned_declared", result.assigned_declared},
                                  {"assigned_zone", result.assigned_zone},
                                  {"assigned_nearest", result.assigned_nearest},
                                  {"link_pieces", result.edges},
                                  {"t_junctions", result.t_junctions},
                                  {"geometric_ends", result.geometric_ends},
                                  {"built_without_date", result.built_without_date},
                                  {"defects", result.defects.size()},
                                  {"worksites_weighed", result.worksite_outcomes.size()}};
            nlohmann::json out{{"analysis_id", id},
                               {"computed_at", stored ? stored->computed_at : std::string()},
                               {"parameters", nlohmann::json::parse(run.parameters_json)},
                               {"link_source", result.link_source},
                               {"counts", counts},
                               {"durations", timings}};
            std::cout << out.dump(2) << '\n';
            release_at_end(std::move(work));
            return 0;
        }
        std::cout << "premises: " << result.statuses.size() << '\n'
                  << "raccordable at some date: " << result.raccordables << '\n'
                  << "raccordés at some date: " << result.raccordes
                  << " (drops in service: " << result.drops_in_service << " of " << input.drops.size()
                  << ")\n"
                  << fmt::format("raccordable since a commissioning date: {}, an installation date (no "
                                 "commissioning date): {}, no date: {}\n",
                                 by_basis[0], by_basis[1], by_basis[2])
                  << "assigned to a PBO: declared " << result.assigned_declared << ", zone "
                  << result.assigned_zone << ", nearest " << result.assigned_nearest << '\n'
                  << "links from: " << result.link_source << " (" << result.edges << " link pieces, "
                  << result.t_junctions << " T-junctions, " << result.geometric_ends
                  << " ends placed from geometry)\n"
                  << "built without date: " << result.built_without_date << '\n'
                  << "defects: " << result.defects.size() << '\n'
                  << "unfinished worksites weighed: " << result.worksite_outcomes.size() << '\n'
                  << fmt::format(
                         "time: loading {:.2f} s, graph {:.2f} s, search {:.2f} s, worksites {:.2f} s, "
                         "checks {:.2f} s, coverage {:.2f} s, writing {:.2f} s (and {:.2f} s writing the "
                         "statuses alongside the checks)\n",
                         load_s, result.graph_s, result.search_s, result.completion_s, result.checks_s,
                         coverage_s, write_s, statuses_s);
        release_at_end(std::move(work));
        return 0;
    }

private:
    std::string db_;
    std::string format_;
    graph::AnalysisOptions options_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::AnalyzeCommand)
