#pragma once
/// @file worksites_reader.hpp
/// Works orders (chantiers) with their perimeter, planned and actual dates, suspensions and
/// declared state, from a GeoJSON file, a GeoPackage layer, or a CSV with a WKT column.

#include "engine/model/rollout.hpp"
#include "importers/reader.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::importers {

/// The state a declared worksite state stands for: "planned", "active", "suspended",
/// "completed" or "abandoned" (French and English words, any case and accents:
/// "prévu", "en cours", "suspendu", "terminé", "abandonné"...); nullopt when unknown.
std::optional<std::string> worksite_state(std::string_view written);

/// Parses a suspensions field: periods "debut/fin" separated by '|', an open period
/// written "debut/" (dates in any form parse_date reads, "17/03/2020" included).
/// @throws DataError naming the period that cannot be read.
std::vector<model::Suspension> parse_suspensions(std::string_view text);

/// Reads worksites. Field names (case-insensitive): code, nom, nature, ref_pm, etat,
/// debut_prevu, fin_prevue, debut_reel, fin_reelle, date_abandon, suspensions,
/// lineaire_prevu_m (or their English names: name, kind, pm, state, planned_start,
/// planned_end, actual_start, actual_end, abandoned, suspensions, planned_length_m); a CSV
/// holds the perimeter as WKT in a column wkt / geometry / geom (EWKT "SRID=N;" accepted).
class WorksitesReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::worksites; }
    /// 90 for a layer or CSV with the fields code, etat (or state) and debut_prevu (or
    /// planned_start); 0 otherwise.
    [[nodiscard]] int detect(const Source& source) const override;
    /// The sorted worksite codes.
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when no worksite layer is found, or a layer has no CRS and no --srs
    /// was given.
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
