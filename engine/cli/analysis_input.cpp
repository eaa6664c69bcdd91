#include "engine/cli/analysis_input.hpp"

#include "engine/store/analysis_input.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/log.hpp"

#include <chrono>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>

namespace fibre::cli {

namespace {

/// Times each read for `fibre -v analyze`.
class Laps {
public:
    void operator()(const char* what, std::size_t n) {
        const auto now = std::chrono::steady_clock::now();
        log::debug("read {} {} in {:.2f} s", n, what, std::chrono::duration<double>(now - start_).count());
        start_ = now;
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

struct PremiseSide {
    std::vector<model::Premise> premises;
    std::vector<std::string> premise_hexacles;
    std::vector<model::Declaration> declarations;
};

PremiseSide read_premise_side(const std::filesystem::path& path) {
    auto db = store::Database::open(path, store::Database::Mode::read_only);
    // Each table is read once, in order: a large page cache would only hold memory.
    db.exec("PRAGMA cache_size = -8192");
    PremiseSide side;
    Laps lap;
    side.declarations = store::read_declarations_for_analysis(db);
    lap("IPE lines", side.declarations.size());
    // IPE lines name addresses by hexaclé: each premise's comes with it, joined in the store.
    side.premises =
        store::read_premises_for_analysis(db, side.declarations.empty() ? nullptr : &side.premise_hexacles);
    lap("premises", side.premises.size());
    return side;
}

} // namespace

graph::NetworkInput read_analysis_input(store::Database& db,
                                        const std::function<void(const graph::NetworkInput&)>& with_network) {
    // Reading is most of what the analysis spends: the premises and IPE lines are read on a
    // second connection, on a second thread, while this one reads the network and builds its
    // topology.
    auto premise_side = std::async(std::launch::async, read_premise_side, db.path());
    graph::NetworkInput in;
    Laps lap;
    in.nodes = store::read_nodes(db);
    lap("nodes", in.nodes.size());
    in.links = store::read_links_for_analysis(db);
    lap("links", in.links.size());
    in.sites = store::read_sites(db);
    in.boxes = store::read_boxes(db);
    lap("sites and boxes", in.sites.size() + in.boxes.size());
    in.zones = store::read_zones(db);
    lap("zones", in.zones.size());
    in.rejects = store::read_rejects(db);
    in.worksites = store::read_worksites(db);
    lap("worksites", in.worksites.size());
    if (with_network) {
        with_network(in);
        lap("(network stage)", in.links.size());
    }
    auto side = premise_side.get();
    in.premises = std::move(side.premises);
    in.premise_hexacles = std::move(side.premise_hexacles);
    in.declarations = std::move(side.declarations);
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
