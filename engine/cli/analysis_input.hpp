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

/// Reads everything the analysis needs from the store. Addresses are read only when
/// there are IPE declarations to join. @throws StoreError.
graph::NetworkInput read_analysis_input(store::Database& db);

/// Adds --tolerance, --max-drop and --max-optical (metres, positive).
void add_analysis_options(CLI::App& app, graph::AnalysisOptions& options);

/// The options as a JSON object text, as recorded with the analysis.
std::string analysis_options_json(const graph::AnalysisOptions& options);

} // namespace fibre::cli
