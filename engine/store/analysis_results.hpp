#pragma once
/// @file analysis_results.hpp
/// The analysis' results in the store: one analysis run, the status of every premise and
/// the network's defects. Written by `fibre analyze`, read by every figure and report, so
/// that a question about any date needs no recomputation.

#include "engine/model/analysis.hpp"
#include "engine/model/declaration_mismatch.hpp"
#include "engine/support/date.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace fibre::store {

class Database;
class Transaction;

/// What is recorded about one analysis.
struct AnalysisRun {
    long long id = 0;
    std::string computed_at;     ///< ISO 8601 UTC
    std::string parameters_json; ///< tolerance, max drop, max optical budget...
    std::string link_source;     ///< "cables", "paths" or "cables+paths"
    std::string timings_json;    ///< seconds per phase
    long long premises = 0;
    long long raccordables = 0; ///< premises raccordable at the latest date known
    /// The last import the analysis saw (the largest import_run id then); -1 when the store
    /// was analysed before this was recorded.
    long long last_import_run = -1;
};

/// Locaux sharing a commune, a PM, an NRO, a raccordable_since, whether they have a PBO and
/// the worksites that cover them: what `fibre status` and the rollout figures add up, so that
/// a date question reads a few thousand rows, not every premise.
struct StatusSummaryRow {
    std::string insee;
    std::string pm_code;
    std::string nro_code;
    Date raccordable_since = Date::never(); ///< never() when not raccordable
    long long locaux = 0;
    long long premises = 0;
    bool has_pbo = false;
    std::vector<std::string> worksites; ///< codes of the worksites covering them, in order
};

/// Writes one analysis in stages, inside one transaction, so that the premises' statuses can
/// be written (on another thread, if the caller likes) while the rest is still being
/// computed. Nothing is visible to readers until finish(); a writer destroyed before it rolls
/// everything back, and the previous results stay.
class AnalysisWriter {
public:
    /// Begins the transaction and clears the previous per-premise results (premise_status,
    /// defect, worksite_outcome); the earlier analyses' runs and status summaries stay, for
    /// `fibre status --analysis N`. @throws StoreError.
    explicit AnalysisWriter(Database& db);
    ~AnalysisWriter();
    AnalysisWriter(const AnalysisWriter&) = delete;
    AnalysisWriter& operator=(const AnalysisWriter&) = delete;

    /// Writes one row per premise. @throws StoreError.
    void write_statuses(std::span<const model::PremiseStatus> statuses);

    /// Writes the declared-versus-computed mismatches (table declaration_mismatch, made here
    /// in a store created before it existed). @throws StoreError.
    void write_mismatches(const std::vector<model::DeclarationMismatch>& mismatches);

    /// Records the run and the rest of its results, and commits. @return the new analysis
    /// run id. @throws StoreError.
    long long finish(const AnalysisRun& run, const std::vector<model::Defect>& defects,
                     const std::vector<StatusSummaryRow>& summary,
                     const std::vector<model::WorksiteOutcome>& outcomes);

private:
    Database& db_;
    std::unique_ptr<Transaction> tx_;
    long long run_id_ = 0;
};

/// Replaces the previous per-premise results (premise_status, defect, worksite_outcome) with
/// these and adds a run (and its status summary when @p summary is given), in one
/// transaction; earlier runs and their summaries stay. A store made
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

/// The status summary of the latest analysis, with the PM's ReferencePM in pm_code's place
/// when the site has one (@p pm_ref receives, per row, that reference or the PM code).
/// Empty when the latest analysis wrote none, or wrote it without the PBO and worksite
/// columns (a store analysed by an older version). @throws StoreError.
std::vector<StatusSummaryRow> read_status_summary(Database& db, std::vector<std::string>& pm_ref);

/// The latest analysis run, if any.
std::optional<AnalysisRun> latest_analysis(Database& db);

/// The analysis run @p id, if the store keeps it.
std::optional<AnalysisRun> find_analysis(Database& db, long long id);

/// Every analysis run the store keeps, oldest first.
std::vector<AnalysisRun> read_analysis_runs(Database& db);

/// Whether analysis run @p analysis_run wrote a status summary.
bool has_status_summary(Database& db, long long analysis_run);

/// The labels (else sources) of the imports made after analysis @p run, oldest first: the
/// store changed since that analysis when there is any. @throws StoreError.
std::vector<std::string> imports_since(Database& db, const AnalysisRun& run);

/// Every premise's status, in premise code order.
std::vector<model::PremiseStatus> read_premise_statuses(Database& db);

/// Every defect of the latest analysis.
std::vector<model::Defect> read_defects(Database& db);

} // namespace fibre::store
