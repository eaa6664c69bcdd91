#pragma once
/// @file rollout_queries.hpp
/// What the rollout figures, the report and the export read from the store: each premise
/// with its analysis result in one row, the communes' reference counts, which premises each
/// worksite covers and the links inside each worksite's perimeter.

#include "engine/model/analysis.hpp"
#include "engine/model/lifecycle.hpp"
#include "engine/support/date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fibre::store {

class Database;

/// A premise as the rollout figures see it: where it counts and since when it is raccordable.
struct RolloutPremise {
    std::int64_t id = 0; ///< premise.id
    std::string code;
    std::string delivery; ///< the label of the delivery it came from
    std::string
        date_basis; ///< what dated raccordable_since: commissioning, installation, undated; "" when not fed
    std::string insee;
    int locaux = 1;
    std::string pbo_code; ///< the PBO the analysis tied it to; empty when none
    std::string pm_code;  ///< the PM site serving it; empty when not fed
    std::string pm_ref;   ///< that site's ReferencePM, else its code; empty when not fed
    std::string nro_code;
    Date raccordable_since = Date::never();
    double optical_m = -1;
    model::Assignment assignment = model::Assignment::none;
    /// What its operator declared (IPE EtatImmeuble, the most recently modified declaration of
    /// its address' hexaclé), else its address' GraceTHD state (ad_ietat); "" when neither.
    std::string declared_state;
    /// Since when it is raccordé (docs/figures.md, "Raccordé"); never() when not.
    Date raccorde_since = Date::never();
    /// The locaux raccordés since raccorde_since: its locaux for a premise, the group's for a
    /// group of raccordés (read_raccorde_groups), 0 when not raccordé.
    long long raccorde_locaux = 0;
};

/// Every premise joined with its analysis result (premises the analysis did not see have
/// no PBO and are never raccordable), in premise code order. With @p only_not_to_build, only
/// the premises declared abandoned or raccordable on demand (IPE ABANDONNE / RACCORDABLE
/// DEMANDE, address state AB / RD). @throws StoreError.
std::vector<RolloutPremise> read_rollout_premises(Database& db, bool only_not_to_build = false);

/// The newest date the data of the store stands at: for each import, the newest actual date
/// its rows carry (network elements built or in service, zones opened commercially, IPE
/// cabling, commissioning and modification dates, worksites' actual starts, ends,
/// abandonments and suspension starts), dates after the import itself left out; the newest
/// of those over every import, and the newest raccordable date of the latest analysis (which
/// rests on them). Empty when no row carries a date. @throws StoreError.
std::optional<Date> read_data_date(Database& db);

/// The raccordés of the latest analysis summed per (commune, PM, NRO, raccorde_since), as rows
/// that carry no locaux of their own (locaux 0, never raccordable, no PBO): added beside a
/// status summary's groups, they give the raccordés without changing any other figure. Empty
/// when the store keeps no raccorde_since. @throws StoreError.
std::vector<RolloutPremise> read_raccorde_groups(Database& db);

/// A commune without its geometry: what the figures need to group and to count locaux.
struct CommuneReference {
    std::string insee;
    std::string name;
    std::string departement;
    std::string epci_siren;
    std::string epci_name;
    long long reference_locaux = 0; ///< logements + etablissements of the commune reference, 0 if unknown
};

/// Every commune, in INSEE order. @throws StoreError.
std::vector<CommuneReference> read_commune_references(Database& db);

/// (worksite code, premise id) for every premise a worksite covers: those served by the PM
/// whose ReferencePM is the worksite's perimeter_ref, and those whose position is inside the
/// worksite's perimeter. Each pair once, ordered by worksite then premise. @throws StoreError.
std::vector<std::pair<std::string, std::int64_t>> read_worksite_premises(Database& db);

/// A link lying in a worksite's perimeter.
struct WorksiteLink {
    std::string worksite_code;
    std::string link_code;
    std::int64_t link_id = 0; ///< the link's row in the store (codes repeat between deliveries)
    bool cable = true;        ///< a cable (false: a civil-works path)
    model::Lifecycle life;
    double length_m = 0; ///< declared length, else the geometry's length, metres
    /// The commune holding the link's midpoint (INSEE), "" when none does.
    std::string midpoint_insee;
    /// Whether the worksite's perimeter holds the link's midpoint.
    bool holds_midpoint = false;
    double perimeter_area_m2 = 0; ///< area of the worksite's perimeter
};

/// Every link (cable or path) intersecting a worksite's perimeter, in the spatial index's
/// order (the same for the same store).
/// @throws StoreError.
std::vector<WorksiteLink> read_worksite_links(Database& db);

/// The state each premise's operator declared (IPE EtatImmeuble), matched through the
/// premise's address hexaclé; the most recently modified declaration wins.
/// (premise id, state), in premise id order. @throws StoreError.
std::vector<std::pair<std::int64_t, std::string>> read_declared_states(Database& db);

} // namespace fibre::store
