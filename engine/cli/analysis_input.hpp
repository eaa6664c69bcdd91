#pragma once
/// @file analysis_input.hpp
/// What `fibre analyze` and `fibre check` share: reading the analysis' input from the
/// store, and the analysis options on the command line.

#include "engine/graph/network_analysis.hpp"

#include <CLI/CLI.hpp>
#include <functional>

namespace fibre::store {
class Database;
}

namespace fibre::cli {

/// Reads everything the analysis needs from the store. The hexaclé of each premise's
/// address is joined only when there are IPE declarations to match. The network (nodes, links, sites, boxes,
/// zones, worksites) is read on this thread while the premises and IPE lines are read on another;
/// @p with_network, when given, runs on this thread as soon as the network is read, while the
/// premises are still being read (the input's premise fields are then still empty).
/// @throws StoreError.
graph::NetworkInput
read_analysis_input(store::Database& db,
                    const std::function<void(const graph::NetworkInput&)>& with_network = {});

/// Adds --tolerance, --max-drop and --max-optical (metres, positive).
void add_analysis_options(CLI::App& app, graph::AnalysisOptions& options);

/// The options as a JSON object text, as recorded with the analysis.
std::string analysis_options_json(const graph::AnalysisOptions& options);

} // namespace fibre::cli
