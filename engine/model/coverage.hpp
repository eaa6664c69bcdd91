#pragma once
/// @file coverage.hpp
/// The one coverage definition every command uses (docs/figures.md, "Coverage rate"): ARCEP's
/// taux de couverture FttH, locaux raccordables ÷ the locaux of the area, the denominator of a
/// commune being ARCEP's best estimate of its locaux when ARCEP gives one, else the network's
/// locaux (its premises' locaux, or the commune reference's logements + établissements when
/// larger). Areas made of communes add their communes' denominators up.

#include "engine/model/rollout.hpp"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fibre::model {

/// Where a denominator comes from.
enum class CoverageBasis {
    arcep_best_estimate, ///< ARCEP's "Meilleure estimation des locaux" of the commune
    commune_reference,   ///< the commune reference's logements + établissements (larger than the premises')
    premises,            ///< the locaux of the premises fibre knows
    mixed,               ///< a sum over communes of several bases
};

/// "arcep_best_estimate", "commune_reference", "premises", "mixed" (JSON and CSV).
const char* to_string(CoverageBasis basis);
/// "ARCEP best estimate", "commune reference", "premises", "mixed bases" (human output).
const char* basis_label(CoverageBasis basis);

/// The denominator of one area, and what it rests on.
struct Denominator {
    long long locaux = 0;
    CoverageBasis basis = CoverageBasis::premises;
    /// Adds another commune's (or area's) denominator: the basis becomes mixed when they differ.
    void add(const Denominator& other);
};

/// The denominator of a commune: @p arcep_estimate when given, else the larger of
/// @p premise_locaux and @p reference_locaux.
Denominator commune_denominator(long long premise_locaux, long long reference_locaux,
                                std::optional<long long> arcep_estimate);

/// ARCEP's best estimate of each commune's locaux, by INSEE code: the one of the latest
/// quarter that gives one (like the network's locaux, the denominator is today's).
std::unordered_map<std::string, long long> arcep_best_estimates(const std::vector<ArcepFigure>& figures);

/// raccordables ÷ denominator, from 0 to 1; 0 when the denominator is 0.
double coverage_rate(long long raccordables, long long denominator);

/// "4.5 % of 52 880 locaux (ARCEP best estimate)": the rate with one decimal, then its
/// denominator with thin thousands separators (a plain space) and its basis.
std::string describe_coverage(long long raccordables, const Denominator& denominator);

/// "52 880": a count with a space between thousands.
std::string group_thousands(long long n);

/// ARCEP's figures indexed by area, to put ARCEP's declared figure beside fibre's.
class ArcepFigureIndex {
public:
    /// @p figures must outlive the index.
    explicit ArcepFigureIndex(const std::vector<ArcepFigure>& figures);
    /// The figure of @p level and @p code of the latest quarter at or before @p quarter
    /// ("2022Q4"), or null when ARCEP gives none.
    [[nodiscard]] const ArcepFigure* at(const std::string& level, const std::string& code,
                                        const std::string& quarter) const;
    [[nodiscard]] bool empty() const { return by_area_.empty(); }

private:
    std::unordered_map<std::string, std::vector<const ArcepFigure*>> by_area_; ///< "level|code", by quarter
};

} // namespace fibre::model
