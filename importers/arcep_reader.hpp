#pragma once
/// @file arcep_reader.hpp
/// ARCEP's quarterly FttH observatory: the per-commune, per-EPCI and per-département CSV
/// of locaux raccordables (title lines above the header, one column per quarter, "T3 2017")
/// as ArcepFigure rows, and its commune reference (`communes.csv`: logements and
/// établissements per commune) as Commune rows.

#include "importers/reader.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fibre::importers {

/// "T3 2017", "2017 T3", "2017T3", "2017-Q3", "Q3 2017", "3T2017" -> "2017Q3"; nullopt when
/// @p header names no quarter.
std::optional<std::string> arcep_quarter(std::string_view header);

/// Reads ARCEP observatory files: any mix of ftthCommunes.csv, ftthEpci.csv,
/// ftthDepartements.csv and communes.csv in a folder or archive, or one of them alone.
class ArcepReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::arcep; }
    /// 95 when a CSV has an observatory header (Code commune / Siren EPCI / Code département
    /// with quarter columns, or the commune reference's Logements and Établissements).
    [[nodiscard]] int detect(const Source& source) const override;
    /// Sorted tokens "<level>:<code>" for départements ("commune:17" for the communes of
    /// the 17, "departement:17"), and "epci" for an EPCI table.
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when no observatory table is found, or one lacks its code column.
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
