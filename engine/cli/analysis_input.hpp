#pragma once
/// @file analysis_input.hpp
/// What `fibre analyze` and `fibre check` share: reading the analysis' input from the
/// store, and the analysis options on the command line.

#include "engine/graph/network_analysis.hpp"

#include <CLI/CLI.hpp>

namespace fibre::store {
class Database;
}

namespace fibre::cli {

/// The analysis' input, read from the store, with the two stages that need no search done.
struct PreparedAnalysis {
    graph::NetworkInput input;
    graph::DeliveryScope scope; ///< how the deliveries' codes were told apart and joined
    graph::NetworkStage network;
    graph::PremiseStage premises;
};

/// Reads everything the analysis needs from the store and prepares its two stages. The
/// premises and IPE lines are read on a second connection, on a second thread, which then
/// assigns the premises to their PBOs; meanwhile this thread reads the network and builds
/// its topology. The hexaclé of each premise's address is joined only when there are IPE
/// lines to match. @throws StoreError.
PreparedAnalysis prepare_analysis(store::Database& db, const graph::AnalysisOptions& options);

/// Adds --tolerance, --max-drop and --max-optical (metres, positive).
void add_analysis_options(CLI::App& app, graph::AnalysisOptions& options);

/// The options as a JSON object text, as recorded with the analysis.
std::string analysis_options_json(const graph::AnalysisOptions& options);

} // namespace fibre::cli
