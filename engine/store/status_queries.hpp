#pragma once
/// @file status_queries.hpp
/// Locaux, locaux raccordables and coverage at a date, per group, read from the stored
/// analysis (premise_status) without recomputing anything. Definitions in docs/figures.md.

#include "engine/model/coverage.hpp"
#include "engine/support/date.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fibre::store {

class Database;

/// How `fibre status` groups premises.
enum class StatusGrouping { departement, epci, commune, pm, nro };

/// Parses "departement", "epci", "commune", "pm" or "nro". @throws UsageError otherwise.
StatusGrouping status_grouping_from_string(const std::string& text);

/// ARCEP's declared figure beside fibre's, for one group and the latest ARCEP quarter whose
/// last day is on or before the date asked.
struct ArcepBeside {
    std::string quarter;             ///< "2018Q1"
    long long raccordables = 0;      ///< ARCEP's locaux raccordables
    std::optional<long long> locaux; ///< ARCEP's best estimate of the locaux, when given
    std::optional<int> band;         ///< ARCEP's coverage band (Catégorie), communes only
    std::string zone;                ///< ZTD, AMII, RIP, communes only, when known
    long long difference = 0;        ///< fibre's raccordables minus ARCEP's
};

/// The figures of one group (or of the whole store).
struct StatusGroup {
    std::string code; ///< INSEE code, EPCI SIREN, département, PM or NRO site code; empty when unknown
    std::string name;
    long long locaux = 0;       ///< sum of premise.locaux
    long long raccordables = 0; ///< sum of premise.locaux with raccordable_since <= the date
    /// The coverage denominator: locaux, or per commune the commune reference's logements +
    /// établissements where that is larger (departement, epci and commune groupings, and totals).
    long long denominator = 0;
    /// What the denominator rests on (model::commune_denominator, summed over communes).
    model::CoverageBasis basis = model::CoverageBasis::premises;
    /// ARCEP's figure beside, for commune, EPCI and département groups and the total, when
    /// ARCEP figures of the group's level were imported.
    std::optional<ArcepBeside> arcep;
    /// raccordables / denominator, from 0 to 1; 0 when the denominator is 0.
    [[nodiscard]] double coverage() const { return model::coverage_rate(raccordables, denominator); }
    [[nodiscard]] model::Denominator denominator_of() const { return {denominator, basis}; }
    /// Sum of premise.locaux with raccorde_since <= the date (docs/figures.md, "Raccordé").
    long long raccordes = 0;
    /// Take-up: raccordes / raccordables, from 0 to 1; 0 when nothing is raccordable.
    [[nodiscard]] double take_up() const {
        return raccordables > 0 ? static_cast<double>(raccordes) / static_cast<double>(raccordables) : 0.0;
    }
};

/// The figures at one date.
struct StatusFigures {
    Date at;
    std::vector<StatusGroup> groups; ///< in code order
    StatusGroup total;
    /// Whether the raccordés are known: the latest analysis keeps them per premise, an earlier
    /// one does not (its raccordes are 0).
    bool raccordes_known = true;
};

/// The latest quarter whose last day is on or before @p at: the ARCEP quarter `status` puts
/// beside the figures at @p at.
Quarter last_complete_quarter(Date at);

/// Computes the figures at @p at, as analysis @p analysis_run found them (0: the latest).
/// Denominators follow the one coverage definition (model::commune_denominator), over every
/// commune of the commune table and every INSEE code of the premises, as `fibre progress` does.
/// Premises with no stored status count as not raccordable. An earlier analysis answers from
/// its status summary (the premises' own statuses are kept for the latest only); the
/// communes' reference denominators are today's. @throws DataError when the store keeps no
/// such analysis, or keeps it without a summary; StoreError.
StatusFigures status_at(Database& db, Date at, StatusGrouping by, long long analysis_run = 0);

} // namespace fibre::store
