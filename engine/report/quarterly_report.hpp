#pragma once
/// @file quarterly_report.hpp
/// The quarterly report for an assembly: report.html, one A4 page to print (chart and map
/// drawn by the inlined Vega-Lite, no network needed); annex.html, every commune and the
/// worksites under way; and the same figures as CSV and JSON.

#include "engine/rollout/remaining.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/support/date.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::report {

/// What the report is about and where it goes.
struct ReportOptions {
    Quarter quarter;           ///< the figures are taken at this quarter's last day
    std::filesystem::path out; ///< folder, created when missing
    std::string lang = "fr";   ///< "fr" or "en"
    rollout::Target target;    ///< default: 100 % by 2022-12-31
    bool with_annex = false;   ///< the annex follows the page in report.html too
};

/// Writes report.html, annex.html, report.json, quarters.csv, communes.csv and worksites.csv into the
/// folder. @return the files written. @throws UsageError for an unknown language,
/// DataError when a file cannot be written or a geometry cannot be transformed.
std::vector<std::filesystem::path> write_report(store::Database& db, const rollout::RolloutData& data,
                                                const ReportOptions& options);

} // namespace fibre::report
