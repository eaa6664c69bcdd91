#pragma once
/// @file territory.hpp
/// The territory: communes, parcels, buildings, addresses and premises (locaux).

#include "engine/model/geometry.hpp"
#include "engine/support/date.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fibre::model {

struct Commune {
    std::string insee; ///< TEXT: leading zeros, 2A/2B
    std::string name;
    std::string departement; ///< "17"
    std::string epci_siren;
    std::string epci_name;
    long long population = 0;
    long long logements = 0;      ///< reference count of dwellings (INSEE / ARCEP), 0 when unknown
    long long etablissements = 0; ///< reference count of business premises, 0 when unknown
    MultiPolygon geometry;        ///< may be empty
    friend bool operator==(const Commune&, const Commune&) = default;
};

struct Parcel {
    std::string id; ///< INSEE5 + prefixe3 + section2 + numero4
    std::string insee;
    std::string prefixe;
    std::string section;
    std::string numero;
    double contenance_m2 = 0;
    MultiPolygon geometry;
    friend bool operator==(const Parcel&, const Parcel&) = default;
};

struct Building {
    std::string id; ///< the source's identifier
    std::string insee;
    std::string type; ///< cadastre: 01 hard, 02 light
    std::string name;
    MultiPolygon geometry;
    friend bool operator==(const Building&, const Building&) = default;
};

/// An address: BAN row or GraceTHD t_adresse.
struct Address {
    std::string code; ///< ad_code, or the BAN id
    std::string ban_id;
    std::string hexacle; ///< La Poste hexaclé: the key IPE files use
    std::string insee;
    std::string number; ///< numero + rep ("12 bis")
    std::string street;
    std::string postcode;
    std::string commune_name;
    int logements = 0;      ///< ad_nbprhab / ad_nbfotth
    int professionnels = 0; ///< ad_nbprpro
    std::string state;      ///< ad_ietat: CI SI EC DE AB
    std::string parcels;    ///< BAN cad_parcelles, '|'-separated
    Point position;
    friend bool operator==(const Address&, const Address&) = default;
};

/// A premise ("local"): what ARCEP counts. GraceTHD v3 t_local (FTTH), v2 t_suf, or an
/// address standing for its locaux when nothing finer is known.
struct Premise {
    std::string code; ///< lc_code / sf_code / address code
    std::string address_code;
    std::string insee;
    int locaux = 1;           ///< number of locaux it stands for (1 for a t_local row)
    std::string type;         ///< lc_typelog / sf_type (FTTH, ...)
    std::string declared_pbo; ///< lc_bp_codf, or the PBO of its t_suf zone; may point nowhere
    std::string pbo_zone;     ///< t_suf sf_zp_code
    Point position;
    std::int64_t id = 0;       ///< its row in the store (premise.id); 0 before it is stored
    std::int32_t delivery = 0; ///< the import run that delivered it: (delivery, code) is unique
    friend bool operator==(const Premise&, const Premise&) = default;
};

} // namespace fibre::model
