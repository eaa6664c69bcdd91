#pragma once
/// @file ipe_reader.hpp
/// Operators' IPE files (Informations Préalables Enrichies, v3.0): one declaration per
/// address, `;`-separated, UTF-8 or Windows-1252, decimal comma.

#include "importers/reader.hpp"

#include <optional>
#include <string_view>

namespace fibre::importers {

/// The EPSG code a TypeProjectionGeographique value stands for ("2154", "L93", "LAMB93",
/// "RGF93_LAMBERT_93", "EPSG:4326", "WGS84", "UTM20"...); nullopt when it names none.
std::optional<int> ipe_projection(std::string_view value);

/// Reads IPE files into declaration rows: EtatImmeuble kept as written (trimmed,
/// upper-case), dates parsed, Lambert-93 positions (transformed when the file declares
/// another projection).
class IpeReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::ipe; }
    /// 95 for a CSV whose header has IdentifiantImmeuble and EtatImmeuble; 0 otherwise.
    [[nodiscard]] int detect(const Source& source) const override;
    /// The sorted INSEE codes of the declared addresses, each prefixed with the operator part
    /// of the file name when it follows IPE's naming ("OPERATEUR_17:17300" for
    /// IPE_OPERATEUR_17_PM_IPEZMD_V30_20240115.csv).
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when an IPE file lacks a mandatory column, or declares a projection
    /// fibre does not know and no --srs was given.
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
