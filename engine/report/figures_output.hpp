#pragma once
/// @file figures_output.hpp
/// The rollout figures written out: as a table for a terminal, as CSV, and as JSON. The
/// commands print these; the report writes the same into its folder.

#include "engine/rollout/progress.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/rollout/worksite_figures.hpp"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fibre::report {

/// How a CSV is written: `,`, a decimal point and no byte-order mark for programs; `;`, a
/// decimal comma and a BOM for French spreadsheets.
struct CsvStyle {
    char separator = ',';
    bool bom = false;
    char decimal = '.'; ///< written in place of the point of every cell that is a decimal number
};

/// The CSV style French spreadsheets (LibreOffice, Excel in French) open without a question and
/// read as numbers: UTF-8 with BOM, `;`, decimal comma.
inline constexpr CsvStyle french_csv{';', true, ','};
/// The CSV style for programs: `,`, decimal point, no BOM.
inline constexpr CsvStyle machine_csv{',', false, '.'};

/// A table of text cells: a header row, then the rows.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// Columns aligned for a terminal (numbers right-aligned).
std::string to_text(const Table& t);
/// CSV text (fields quoted when needed, lines ended by CRLF when @p style has a BOM). A cell that
/// is a decimal number written with a point ("45.3", "-0.125") gets @p style's decimal mark;
/// integers, dates, quarters and text are written as they are.
std::string to_csv(const Table& t, CsvStyle style = {});

/// Worksites at a date: one row per worksite; with @p at, each row also carries the date
/// (`at`) and the data's newest date (`data_date`).
Table worksites_table(const rollout::RolloutData& d, const std::vector<rollout::WorksiteFigures>& f,
                      std::optional<Date> at = std::nullopt);
/// Counts per state ("state", "worksites").
Table worksite_totals_table(const std::vector<rollout::WorksiteFigures>& f);
/// Progress: one row per quarter (and per area when grouped); with @p data_date given, a last
/// column `data_date` (empty when unknown).
Table progress_table(const rollout::Progress& p, std::optional<std::optional<Date>> data_date = std::nullopt);
/// Remaining: one row per area (one row "all" when not grouped).
Table remaining_table(const rollout::Remaining& total, const std::vector<rollout::AreaRemaining>& areas);

/// `{"at", "data_date", "beyond_data_date", "worksites": [...], "totals": {state: count}}`.
nlohmann::json worksites_json(const rollout::RolloutData& d, const std::vector<rollout::WorksiteFigures>& f,
                              Date at);
/// `{"from", "to", "by", "quarters": [...], "groups": [...]}` (groups when grouped); with
/// @p data_date given, also "at" (the last quarter's last day), "data_date" and
/// "beyond_data_date".
nlohmann::json progress_json(const rollout::Progress& p,
                             std::optional<std::optional<Date>> data_date = std::nullopt);
/// The keys of docs/commands/remaining.md; "groups" when @p areas is not empty.
nlohmann::json remaining_json(const rollout::Remaining& total,
                              const std::vector<rollout::AreaRemaining>& areas);

/// "12 345" (thin grouping, as French texts write numbers) when @p french, else "12,345".
std::string group_digits(long long n, bool french);
/// Coverage as a percentage with one decimal ("87.3").
std::string percent(double ratio);

} // namespace fibre::report
