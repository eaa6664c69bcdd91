#pragma once
/// @file progress.hpp
/// Quarterly progress: locaux raccordables at each quarter's end, new in the quarter,
/// coverage and active worksites, for the whole territory and by area.

#include "engine/rollout/rollout_data.hpp"
#include "engine/support/date.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::rollout {

/// How figures are split by area.
enum class Grouping { none, departement, epci, commune, pm_zone };

/// Parses "departement", "epci", "commune", "pm" (or "pm_zone"); "" gives none.
/// @throws UsageError for any other word.
Grouping parse_grouping(std::string_view text);
/// "departement", "epci", "commune", "pm".
const char* to_string(Grouping g);

/// Areas of one grouping, and which area each premise belongs to.
struct Areas {
    std::vector<std::string> codes;                    ///< INSEE, SIREN, département or ReferencePM
    std::vector<std::string> names;                    ///< commune or EPCI name; the code when there is none
    std::vector<long long> locaux;                     ///< locaux of the area (docs/figures.md)
    std::vector<model::CoverageBasis> basis;           ///< what each area's locaux rest on
    std::vector<std::size_t> of_premise;               ///< per premise, its area's index
    std::vector<std::vector<std::size_t>> of_worksite; ///< per worksite, the areas it touches
};

/// Splits the territory by @p g (Grouping::none gives one area, code "all"). Areas are in
/// code order. A premise with no commune, EPCI or PM falls in an area of code "".
Areas make_areas(const RolloutData& d, Grouping g);

/// The index in @p a of the area commune @p insee lies in, for a commune-based grouping @p g
/// (departement, epci, commune); empty for Grouping::pm_zone or when no area has its code.
std::optional<std::size_t> area_of_commune(const RolloutData& d, const Areas& a, Grouping g,
                                           const std::string& insee);

/// The figures of one quarter for one area.
struct QuarterFigures {
    Quarter quarter;
    long long raccordables = 0; ///< locaux raccordables at the quarter's last day
    long long added = 0;        ///< raccordables minus those at the previous quarter's end
    long long locaux = 0;       ///< locaux of the area
    double coverage = 0;        ///< raccordables / locaux (0 when there is no local)
    model::CoverageBasis basis = model::CoverageBasis::premises; ///< what locaux rest on
    long long worksites_active = 0; ///< worksites in state active on the quarter's last day
    std::optional<long long> arcep; ///< ARCEP's declared raccordables, when imported
    long long raccordes = 0;        ///< locaux raccordés at the quarter's last day
    double take_up = 0;             ///< raccordes / raccordables (0 when nothing is raccordable)
};

/// One area's series.
struct AreaProgress {
    std::string code;
    std::string name;
    std::vector<QuarterFigures> quarters;
};

/// Progress from one quarter to another, in total and (when grouped) by area.
struct Progress {
    std::vector<QuarterFigures> quarters;
    Grouping grouping = Grouping::none;
    std::vector<AreaProgress> areas; ///< empty for Grouping::none
};

/// Computes the progress over [from, to], both included. @throws UsageError when from > to.
Progress compute_progress(const RolloutData& d, Quarter from, Quarter to, Grouping by);

/// The first and last quarters that hold a raccordable date, or nullopt when none does.
std::optional<std::pair<Quarter, Quarter>> raccordable_span(const RolloutData& d);

} // namespace fibre::rollout
