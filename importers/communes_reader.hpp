#pragma once
/// @file communes_reader.hpp
/// The commune list (`communes-france/communes.csv` columns: code_insee;nom;departement;
/// region;population;codes_postaux;epci_siren;epci_nom, plus optional logements and
/// etablissements) as Commune rows.

#include "importers/reader.hpp"

namespace fibre::importers {

/// Reads a commune list CSV. A commune already in the store is completed (see EntityWriter).
class CommunesReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::communes; }
    /// 95 for a CSV whose header has code_insee, nom and departement; 0 otherwise.
    [[nodiscard]] int detect(const Source& source) const override;
    /// The sorted départements of the listed communes ("17" or "01,02,...").
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when a CSV of the source lacks code_insee or nom.
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
