#pragma once
/// @file analysis.hpp
/// What the analysis computes: per premise, since when it is raccordable and through
/// what; and the network's defects.

#include "engine/model/geometry.hpp"
#include "engine/support/date.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fibre::model {

/// How a premise was tied to its PBO.
enum class Assignment {
    declared, ///< the delivery names its PBO (lc_bp_codf, t_suf zone, IPE)
    zone,     ///< the PBO zone polygon holding it
    nearest,  ///< the nearest PBO within the maximum drop length
    none      ///< no PBO within reach
};

/// Stable text of an Assignment, as stored and exported ("declared", "zone"...).
const char* to_string(Assignment a);
/// Inverse of to_string; unknown text gives none.
Assignment assignment_from_string(const std::string& s);

/// Which date of an element decided a premise's raccordable_since (docs/figures.md, rule 3).
enum class DateBasis : std::uint8_t {
    commissioning, ///< a commissioning date (*_datemes)
    installation,  ///< an installation date (*_dateins): the element has no commissioning date
    undated,       ///< built with no date at all (rule 4)
};

/// "commissioning", "installation", "undated".
const char* to_string(DateBasis basis);

/// The analysis' answer for one premise.
struct PremiseStatus {
    std::string premise_code;
    std::string pbo_code;                   ///< empty when none
    std::string pm_code;                    ///< the PM site serving its PBO, empty when not fed
    std::string nro_code;                   ///< the NRO feeding it, empty when not fed
    Date raccordable_since = Date::never(); ///< earliest date fed end to end; never() if not
    double optical_m = -1; ///< optical distance NRO -> PBO along the network, metres; -1 when not fed
    Assignment assignment = Assignment::none;
    std::int64_t premise_id = 0; ///< the premise's row in the store (premise.id)
    std::string delivery;        ///< the label of the delivery it came from: (delivery, code) is unique
    std::string pm_ref;          ///< the ReferencePM (ARCEP) of its PM, when known
    DateBasis date_basis = DateBasis::commissioning; ///< what decided raccordable_since, when raccordable
    /// Earliest date a drop into the local is in service (docs/figures.md, "Raccordé"), never
    /// before raccordable_since; never() when not raccordé.
    Date raccorde_since = Date::never();
    friend bool operator==(const PremiseStatus&, const PremiseStatus&) = default;
};

/// What completing one unfinished worksite would bring, by the analysis: the premises
/// raccordable at no date that would be raccordable if the worksite's unbuilt elements were
/// in service, everything else as delivered.
struct WorksiteOutcome {
    std::string worksite_code;
    long long premises = 0;
    long long locaux = 0; ///< the sum of those premises' locaux
    friend bool operator==(const WorksiteOutcome&, const WorksiteOutcome&) = default;
};

enum class Severity { info, warning, error };
const char* to_string(Severity s);
Severity severity_from_string(const std::string& s);

/// A network defect found by `fibre check`.
struct Defect {
    std::string code; ///< stable code: "UNFED_NETWORK", "DANGLING_END"...
    Severity severity = Severity::warning;
    std::string element_code; ///< the element concerned
    std::optional<Point> position;
    std::string message; ///< a sentence a network engineer understands
    friend bool operator==(const Defect&, const Defect&) = default;
};

} // namespace fibre::model
