#pragma once
/// @file ban_reader.hpp
/// Base Adresse Nationale CSV (`adresses-<dep>.csv`, `;`-separated) as address rows.
/// Premises are not made from addresses: they come from GraceTHD.

#include "importers/reader.hpp"

namespace fibre::importers {

/// Reads BAN address files: id, numero, rep, nom_voie, code_postal, code_insee, nom_commune,
/// x, y (Lambert-93; lon, lat when x and y are empty or overseas), cad_parcelles.
class BanReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::ban; }
    /// 95 for a CSV whose header has id, numero, nom_voie and code_insee; 0 otherwise.
    [[nodiscard]] int detect(const Source& source) const override;
    /// The sorted départements of the addresses' communes.
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when a BAN file lacks id or code_insee, or has no position columns.
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
