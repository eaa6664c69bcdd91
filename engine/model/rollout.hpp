#pragma once
/// @file rollout.hpp
/// What is declared about the rollout: worksites, operators' IPE declarations and the
/// ARCEP observatory figures.

#include "engine/model/geometry.hpp"
#include "engine/support/date.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fibre::model {

/// A period during which a worksite was stopped. @c to empty: still suspended.
struct Suspension {
    Date from;
    std::optional<Date> to;
    std::string reason;
    friend bool operator==(const Suspension&, const Suspension&) = default;
};

/// A works order on a perimeter (a PM zone, a transport route).
struct Worksite {
    std::string code;
    std::string name;
    std::string kind;           ///< "distribution" (a PM zone), "transport"...
    std::string perimeter_ref;  ///< the PM zone / ReferencePM it builds, when it names one
    std::string declared_state; ///< as the source says it (planned, active, suspended, completed, abandoned)
    std::optional<Date> planned_start;
    std::optional<Date> planned_end;
    std::optional<Date> actual_start;
    std::optional<Date> actual_end;
    std::optional<Date> abandoned;
    std::vector<Suspension> suspensions;
    double planned_length_m = 0; ///< network length the order plans, 0 when not given
    MultiPolygon perimeter;
    friend bool operator==(const Worksite&, const Worksite&) = default;
};

/// One line of an operator's IPE file: what it declares about an address.
struct Declaration {
    std::string building_id; ///< IdentifiantImmeuble
    std::string insee;
    std::string hexacle;      ///< CodeAdresseImmeuble
    std::string address_text; ///< number, type and name of the street
    int logements = 0;        ///< NombreLogementsAdresseIPE
    std::string state;        ///< EtatImmeuble: CIBLE, SIGNE, EN COURS DE DEPLOIEMENT, DEPLOYE, ABANDONNE,
                              ///< RACCORDABLE DEMANDE
    std::optional<Date> cabling_date;    ///< DateCablageAdresse
    std::optional<Date> commercial_date; ///< DateMiseEnServiceCommercialeImmeuble
    std::string ref_pm;
    std::string pm_state;
    std::string pbo_code; ///< when the file names one
    std::optional<Date> modified;
    std::optional<Point> position; ///< Lambert-93
    friend bool operator==(const Declaration&, const Declaration&) = default;
};

/// A figure declared by ARCEP's observatory for an area and a quarter.
struct ArcepFigure {
    std::string level;   ///< "commune", "epci" or "departement"
    std::string code;    ///< INSEE (today's code, after commune mergers), SIREN or département code
    std::string quarter; ///< "2018Q1"
    long long raccordables = 0;
    /// ARCEP's best estimate of the area's locaux ("Meilleure estimation des locaux"), given
    /// with the quarter it is "à date" of; empty when the file gives none (files before 2020).
    std::optional<long long> locaux = std::nullopt;
    /// ARCEP's coverage band of the area for the quarter (the "Catégorie" line: 0, 5, 10, 25,
    /// 50, 80), as written; empty when the file gives none or several communes were summed.
    std::optional<int> band = std::nullopt;
    /// The regulatory zone, ZTD, AMII or RIP, where ARCEP's files tell it; empty otherwise.
    std::string zone = {};
    friend bool operator==(const ArcepFigure&, const ArcepFigure&) = default;
};

/// A commune of ARCEP's commune reference (`communes.csv` of the observatory): what ARCEP
/// counted, kept beside the store's commune table, never in it.
struct ArcepCommune {
    std::string insee; ///< today's code, after commune mergers
    std::string name;
    std::string departement;
    std::string epci_siren;
    long long logements = 0;
    long long etablissements = 0;
    std::string zone; ///< ZTD, AMII or RIP, from the reference's columns; empty when they do not tell
    friend bool operator==(const ArcepCommune&, const ArcepCommune&) = default;
};

} // namespace fibre::model
