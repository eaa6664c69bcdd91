#include "engine/cli/analysis_input.hpp"

#include "engine/store/analysis_input.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/log.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
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

// Each table is read once, in order: a large page cache would only take memory, and the
// system's time to hand it over. Sets a connection's cache size for a while.
class CacheSize {
public:
    CacheSize(store::Database& db, int kib) : db_(db) {
        auto st = db_.prepare("PRAGMA cache_size");
        previous_ = st.step() ? st.integer(0) : -2000;
        db_.exec(fmt::format("PRAGMA cache_size = {}", -kib));
    }
    ~CacheSize() {
        try {
            db_.exec(fmt::format("PRAGMA cache_size = {}", previous_));
        } catch (const std::exception&) {
            // a smaller cache only costs speed
        }
    }
    CacheSize(const CacheSize&) = delete;
    CacheSize& operator=(const CacheSize&) = delete;

private:
    store::Database& db_;
    long long previous_ = 0;
};

// The drops' RA cables and PTOs, read with the links and boxes.
struct DropParts {
    std::vector<model::Link> cables;
    std::vector<model::Box> ptos;
};

struct PremiseSide {
    std::vector<model::Premise> premises;
    std::vector<std::string> premise_hexacles;
    std::vector<model::Declaration> declarations;
    std::vector<model::Drop> drops;
    graph::PremiseStage stage;
};

// Reads the premises and IPE lines, then, once @p boxes_and_zones says the other thread has
// read them, assigns each premise its PBO.
PremiseSide prepare_premise_side(const std::filesystem::path& path, std::shared_future<void> boxes_and_zones,
                                 const graph::NetworkInput& network, const graph::DeliveryScope& scope,
                                 DropParts& network_drops, const graph::AnalysisOptions& options) {
    PremiseSide side;
    {
        auto db = store::Database::open(path, store::Database::Mode::read_only);
        const CacheSize small_cache(db, 8192);
        Laps lap;
        side.declarations = store::read_declarations_for_analysis(db);
        lap("IPE lines", side.declarations.size());
        // IPE lines name addresses by hexaclé: each premise's comes with it, joined in the store.
        side.premises = store::read_premises_for_analysis(
            db, side.declarations.empty() ? nullptr : &side.premise_hexacles);
        lap("premises", side.premises.size());
    }
    boxes_and_zones.get();
    // The other thread read the drops' cables and PTOs with the links and boxes.
    side.drops = store::join_drops(network_drops.cables, network_drops.ptos, side.premises);
    network_drops = {};
    log::debug("joined {} drops to their premises", side.drops.size());
    graph::scope_premises(side.premises, scope);
    graph::scope_drops(side.drops, scope);
    side.stage =
        graph::prepare_premises(side.premises, side.premise_hexacles, side.declarations, network.boxes,
                                network.zones, options, &scope, &network.rejected_boxes);
    log::debug("assigned {} premises to their PBOs in {:.2f} s", side.premises.size(), side.stage.seconds);
    return side;
}

} // namespace

PreparedAnalysis prepare_analysis(store::Database& db, const graph::AnalysisOptions& options) {
    PreparedAnalysis out;
    graph::NetworkInput& in = out.input;
    DropParts drop_parts;
    std::promise<void> boxes_and_zones;
    // Reading is most of what the analysis spends: the premises and IPE lines are read on a
    // second connection, on a second thread, while this one reads the network and builds its
    // topology. That thread reads the boxes and zones once this one has them; this one
    // leaves them untouched from then on.
    auto premise_side =
        std::async(std::launch::async, prepare_premise_side, db.path(), boxes_and_zones.get_future().share(),
                   std::cref(in), std::cref(out.scope), std::ref(drop_parts), std::cref(options));
    try {
        CacheSize small_cache(db, 8192);
        Laps lap;
        in.nodes = store::read_nodes(db);
        lap("nodes", in.nodes.size());
        in.links = store::read_links_for_analysis(db, &drop_parts.cables);
        lap("links", in.links.size());
        in.sites = store::read_sites(db);
        in.boxes = store::read_boxes_for_analysis(db, &drop_parts.ptos);
        lap("sites and boxes", in.sites.size() + in.boxes.size());
        in.zones = store::read_zones(db);
        lap("zones", in.zones.size());
        in.delivery_labels = store::read_delivery_labels(db);
        const auto scope_start = std::chrono::steady_clock::now();
        // Codes are unique only inside a delivery: those of several are told apart or joined
        // before anything is matched on them.
        out.scope =
            graph::scope_deliveries(in.nodes, in.links, in.sites, in.boxes, in.zones, in.delivery_labels);
        in.rejects = store::read_rejects(db);
        graph::index_rejected_boxes(in);
        if (out.scope.deliveries > 1) {
            log::debug("{} deliveries: {} elements delivered by several taken as one, {} told apart by "
                       "their delivery, in {:.2f} s",
                       out.scope.deliveries, out.scope.shared, out.scope.told_apart,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - scope_start).count());
        }
        boxes_and_zones.set_value();
        in.worksites = store::read_worksites(db);
        lap("worksites", in.worksites.size());
        out.network = graph::prepare_network(in, options);
        out.network.defects.insert(out.network.defects.end(), out.scope.defects.begin(),
                                   out.scope.defects.end());
        log::debug("built the topology in {:.2f} s", out.network.seconds);
    } catch (...) {
        // The other thread must not wait for what will never come; its future then waits
        // for it to end before the exception leaves.
        try {
            boxes_and_zones.set_exception(std::current_exception());
        } catch (const std::future_error&) {
            // already set: the failure came after the boxes and zones were handed over
        }
        throw;
    }
    auto side = premise_side.get();
    in.premises = std::move(side.premises);
    in.premise_hexacles = std::move(side.premise_hexacles);
    in.declarations = std::move(side.declarations);
    in.drops = std::move(side.drops);
    out.premises = std::move(side.stage);
    return out;
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
