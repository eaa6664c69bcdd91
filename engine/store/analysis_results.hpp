#pragma once
/// @file analysis_results.hpp
/// The analysis' results in the store: one analysis run, the status of every premise and
/// the network's defects. Written by `fibre analyze`, read by every figure and report, so
/// that a question about any date needs no recomputation.

#include "engine/model/analysis.hpp"
#include "engine/support/date.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fibre::store {

class Database;

/// What is recorded about one analysis.
struct AnalysisRun {
    long long id = 0;
    std::string computed_at;     ///< ISO 8601 UTC
    std::string parameters_json; ///< tolerance, max drop, max optical budget...
    std::string link_source;     ///< "cables", "paths" or "cables+paths"
    std::string timings_json;    ///< seconds per phase
    long long premises = 0;
    long long raccordables = 0; ///< premises raccordable at the latest date known
};

/// Replaces the previous results (premise_status, defect, analysis_run) with these, in
/// one transaction. @return the new analysis run id. @throws StoreError.
long long write_analysis(Database& db, const AnalysisRun& run,
                         const std::vector<model::PremiseStatus>& statuses,
                         const std::vector<model::Defect>& defects);

/// The latest analysis run, if any.
std::optional<AnalysisRun> latest_analysis(Database& db);

/// Every premise's status, in premise code order.
std::vector<model::PremiseStatus> read_premise_statuses(Database& db);

/// Every defect of the latest analysis.
std::vector<model::Defect> read_defects(Database& db);

} // namespace fibre::store
