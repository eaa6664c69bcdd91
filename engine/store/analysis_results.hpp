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

/// Locaux sharing a commune, a PM, an NRO and a raccordable_since: what `fibre status`
/// adds up, so that a date question reads a few thousand rows, not every premise.
struct StatusSummaryRow {
    std::string insee;
    std::string pm_code;
    std::string nro_code;
    Date raccordable_since = Date::never(); ///< never() when not raccordable
    long long locaux = 0;
    long long premises = 0;
};

/// Replaces the previous results (premise_status, defect, analysis_run, worksite_outcome, and
/// the status summary when @p summary is given) with these, in one transaction. A store made
/// before the worksite_outcome table existed gets it here. @return the new analysis run id.
/// @throws StoreError.
long long write_analysis(Database& db, const AnalysisRun& run,
                         const std::vector<model::PremiseStatus>& statuses,
                         const std::vector<model::Defect>& defects,
                         const std::vector<StatusSummaryRow>& summary = {},
                         const std::vector<model::WorksiteOutcome>& outcomes = {});

/// What completing each unfinished worksite would bring, as the latest analysis computed it,
/// in worksite code order. Empty when the store was analysed by a build that did not compute
/// it (or has no table for it). @throws StoreError.
std::vector<model::WorksiteOutcome> read_worksite_outcomes(Database& db);

/// Whether the latest analysis wrote its status summary.
bool has_status_summary(Database& db);

/// The latest analysis run, if any.
std::optional<AnalysisRun> latest_analysis(Database& db);

/// Every premise's status, in premise code order.
std::vector<model::PremiseStatus> read_premise_statuses(Database& db);

/// Every defect of the latest analysis.
std::vector<model::Defect> read_defects(Database& db);

} // namespace fibre::store
