#include "engine/cli/analysis_input.hpp"

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"

#include <nlohmann/json.hpp>

namespace fibre::cli {

graph::NetworkInput read_analysis_input(store::Database& db) {
    graph::NetworkInput in;
    in.nodes = store::read_nodes(db);
    in.links = store::read_links(db);
    in.sites = store::read_sites(db);
    in.boxes = store::read_boxes(db);
    in.zones = store::read_zones(db);
    in.premises = store::read_premises(db);
    in.declarations = store::read_declarations(db);
    if (!in.declarations.empty()) {
        in.addresses = store::read_addresses(db);
    }
    in.rejects = store::read_rejects(db);
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
