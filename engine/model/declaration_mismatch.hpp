#pragma once
/// @file declaration_mismatch.hpp
/// Where an operator's IPE declaration and the network disagree (docs/figures.md, "Declared
/// versus computed"), and, for a premise the network does not feed, why: the first element
/// missing or not in service met going up from the premise to its NRO.

#include "engine/model/geometry.hpp"
#include "engine/support/date.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fibre::model {

/// The kinds of disagreement between an IPE line and the analysis, at the analysis date.
enum class MismatchKind : std::uint8_t {
    declared_not_fed, ///< (a) declared deployed (DEPLOYE, or RACCORDABLE DEMANDE above the PBO), not fed
    fed_declared_undeployed,   ///< (b) fed, declared CIBLE, SIGNE or EN COURS DE DEPLOIEMENT
    commercial_before_network, ///< (c) DateMiseEnServiceCommercialeImmeuble before raccordable_since
    line_without_premise,      ///< (d) an IPE line whose hexaclé matches no premise's address
    fed_without_line,          ///< (e) a fed premise no IPE line speaks for
};

/// "declared_not_fed", "fed_declared_undeployed", "commercial_before_network",
/// "line_without_premise", "fed_without_line".
const char* to_string(MismatchKind kind);
/// Inverse of to_string; @return false when @p text names no kind.
bool mismatch_kind_from_string(const std::string& text, MismatchKind& kind);

/// Why a premise is not fed: the first element missing or not in service going up from the
/// premise (docs/commands/reconcile.md).
enum class FeedCause : std::uint8_t {
    none,                 ///< fed (no cause)
    no_pbo,               ///< no PBO is assigned to the premise
    no_cable_from_box,    ///< its PBO is attached to no link of the network
    pbo_not_in_service,   ///< its PBO is not in service (until the element's date, or never)
    cable_not_in_service, ///< a cable on the way is not in service
    path_not_in_service,  ///< a civil-works path on the way is not in service (network of paths only)
    box_not_in_service,   ///< a box a cable names at an end (other than the PBO) is not in service
    pm_not_in_service,    ///< the PM on the way is not in service
    nro_not_in_service,   ///< the NRO at the root is not in service
    no_pm_on_path,        ///< the PBO is reached from an NRO only by transport, passing no PM
    pm_not_reachable,     ///< the PBO's part of the network holds a PM but no NRO
    not_connected,        ///< the PBO's part of the network holds neither PM nor NRO
};

/// "none", "no_pbo", "no_cable_from_box"...
const char* to_string(FeedCause cause);
/// Inverse of to_string; unknown text gives none.
FeedCause feed_cause_from_string(const std::string& text);

/// One disagreement, per premise (or per IPE line for line_without_premise).
struct DeclarationMismatch {
    MismatchKind kind = MismatchKind::declared_not_fed;
    std::int64_t premise_id = 0; ///< premise.id, 0 for an IPE line without premise
    std::string premise_code;    ///< empty for an IPE line without premise
    std::string building_id;     ///< IdentifiantImmeuble, empty for a premise without IPE line
    std::string hexacle;         ///< of the IPE line, else of the premise's address
    std::string declared_state;  ///< EtatImmeuble, empty without IPE line
    std::string insee;           ///< the premise's commune, else the IPE line's
    std::string pm_code;         ///< the PM site serving (or, not fed, meant to serve) the premise
    std::string pm_ref;          ///< its ReferencePM, else the IPE line's ReferencePM
    Date raccordable_since = Date::never();
    std::optional<Date> commercial_date; ///< DateMiseEnServiceCommercialeImmeuble
    FeedCause cause = FeedCause::none;   ///< for declared_not_fed
    std::string element_code;            ///< the element the cause names
    Date element_from = Date::never();   ///< when that element comes into service; never() if never
    std::optional<Point> position;       ///< the premise's, else the IPE line's (Lambert-93)
    std::string address_text;            ///< the IPE line's address
    int declaration = -1;                ///< index of the IPE line in the analysis input, -1 (not stored)
    friend bool operator==(const DeclarationMismatch&, const DeclarationMismatch&) = default;
};

} // namespace fibre::model
