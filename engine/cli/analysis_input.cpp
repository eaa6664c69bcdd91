#include "engine/cli/analysis_input.hpp"

#include "engine/store/analysis_input.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/log.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace fibre::cli {

graph::NetworkInput read_analysis_input(store::Database& db) {
    graph::NetworkInput in;
    auto start = std::chrono::steady_clock::now();
    auto lap = [&start](const char* what, std::size_t n) {
        const auto now = std::chrono::steady_clock::now();
        log::debug("read {} {} in {:.2f} s", n, what, std::chrono::duration<double>(now - start).count());
        start = now;
    };
    in.nodes = store::read_nodes(db);
    lap("nodes", in.nodes.size());
    in.links = store::read_links_for_analysis(db);
    lap("links", in.links.size());
    in.sites = store::read_sites(db);
    in.boxes = store::read_boxes(db);
    lap("sites and boxes", in.sites.size() + in.boxes.size());
    in.zones = store::read_zones(db);
    lap("zones", in.zones.size());
    in.premises = store::read_premises(db);
    lap("premises", in.premises.size());
    in.declarations = store::read_declarations(db);
    lap("IPE lines", in.declarations.size());
    if (!in.declarations.empty()) {
        in.addresses = store::read_address_hexacles(db);
        lap("addresses", in.addresses.size());
    }
    in.rejects = store::read_rejects(db);
    in.worksites = store::read_worksites(db);
    lap("worksites", in.worksites.size());
    return in;
}

void add_analysis_options(CLI::App& app, graph::AnalysisOptions& options) {
    app.add_option("--tolerance", options.tolerance_m,
                   "Distance within which link ends are joined to nodes and other links, metres")
        ->check(CLI::PositiveNumber)
        ->default_val(options.tolerance_m)
        ->type_name("METRES");
    app.add_option("--max-drop", options.max_drop_m,
                   "Farthest PBO a premise may be given by proximity, metres")
        ->check(CLI::PositiveNumber)
        ->default_val(options.max_drop_m)
        ->type_name("METRES");
    app.add_option("--max-optical", options.max_optical_m, "Optical budget from NRO to PBO, metres")
        ->check(CLI::PositiveNumber)
        ->default_val(options.max_optical_m)
        ->type_name("METRES");
}

std::string analysis_options_json(const graph::AnalysisOptions& options) {
    return nlohmann::json{{"tolerance_m", options.tolerance_m},
                          {"max_drop_m", options.max_drop_m},
                          {"max_optical_m", options.max_optical_m},
                          {"today", options.today.iso()}}
        .dump();
}

} // namespace fibre::cli
