#include "engine/rollout/reconcile.hpp"

#include "engine/store/analysis_results.hpp"
#include "engine/support/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <utility>

namespace fibre::rollout {

Reconciliation reconcile(store::Database& db, const std::filesystem::path& path,
                         const ReconcileOptions& options) {
    const auto latest = store::latest_analysis(db);
    if (!latest) {
        throw DataError(
            fmt::format("the store {} holds no analysis: run `fibre analyze` first", path.string()));
    }
    if (!store::has_declaration_mismatches(db)) {
        throw DataError(fmt::format("the latest analysis of the store {} stored no declared-versus-computed "
                                    "mismatches (an earlier version of fibre made it): run `fibre analyze` "
                                    "again",
                                    path.string()));
    }
    Reconciliation out;
    out.analysis = latest->id;
    // The analysis compared at its own "today" (AnalysisOptions::today), recorded with its
    // parameters; else the day it was computed.
    const auto params = nlohmann::json::parse(latest->parameters_json, nullptr, false);
    std::optional<Date> at;
    if (params.is_object() && params.contains("today") && params["today"].is_string()) {
        at = parse_date(params["today"].get<std::string>());
    }
    if (!at && latest->computed_at.size() >= 10) {
        at = parse_date(latest->computed_at.substr(0, 10));
    }
    out.at = at.value_or(Date::today());

    std::map<std::pair<std::string, std::string>, MismatchGroup> groups;
    for (auto& row : store::read_declaration_mismatches(db)) {
        const auto& m = row.mismatch;
        if (options.kind && m.kind != *options.kind) {
            continue;
        }
        const auto k = static_cast<std::size_t>(m.kind);
        ++out.counts[k];
        ++out.total;
        if (m.kind == model::MismatchKind::declared_not_fed) {
            ++out.causes[m.cause];
        }
        if (options.by == "pm" || options.by == "commune") {
            auto key =
                options.by == "pm" ? std::pair(m.pm_code, m.pm_ref) : std::pair(m.insee, row.commune_name);
            auto& g = groups[key];
            g.code = key.first;
            g.name = key.second;
            ++g.counts[k];
            ++g.total;
        }
        out.rows.push_back(std::move(row));
    }
    for (auto& [key, g] : groups) {
        out.groups.push_back(std::move(g));
    }
    return out;
}

std::string computed_state(Date raccordable_since, Date at) {
    if (raccordable_since.is_never()) {
        return "not_raccordable";
    }
    if (at < raccordable_since) {
        return "raccordable from " + raccordable_since.iso();
    }
    return "raccordable";
}

} // namespace fibre::rollout
