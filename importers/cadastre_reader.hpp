#pragma once
/// @file cadastre_reader.hpp
/// The cadastre: parcels, buildings and communes, from Etalab's GeoJSON files, from
/// DGFiP's EDIGÉO sheets (GDAL's EDIGEO driver: PARCELLE_id, BATIMENT_id, COMMUNE_id), or
/// from any OGR polygon layer whose name and fields follow the mapping documented in
/// docs/import-sources.md.

#include "importers/reader.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::importers {

/// The département code written in an EDIGÉO sheet's archive or folder name, as DGFiP names
/// them ("edigeo-25354000AB01.tar.bz2": département 25, commune 354); @p commune3 is the
/// three-digit commune code the sheet holds, which must follow the département.
std::optional<std::string> edigeo_departement(std::string_view path, std::string_view commune3);

/// The identifier of an EDIGÉO sheet (feuille) of commune @p insee, written as DGFiP names the
/// sheet's archive: INSEE5 + prefixe3 + section2 + feuille2 ("25354000AB01"). Read from the IDU
/// of the sheet's SUBDSECT_id object ("354000AB01"), else from its .THF file name
/// ("E000AB01.THF"); empty when neither names a sheet of that commune.
std::string edigeo_sheet_id(std::string_view insee, std::string_view subdsect_idu, std::string_view thf_name);

/// The EDIGÉO sheets of @p source (their .tar.bz2 archives named edigeo-..., or their unpacked
/// .THF with the files of their lot), each as a source of its own with its own checksum, in
/// the order of their names, followed by the rest of the source when the cadastre reader
/// reads something in it; @p source itself when it holds fewer than two sheets.
/// @throws DataError when a sheet cannot be read.
std::vector<Source> edigeo_sheets(const Source& source);

/// The 14-character parcel id (INSEE5 + prefixe3 + section2 + numero4) from the parts a
/// source gives; empty when they do not make one.
std::string parcel_id(std::string_view insee, std::string_view prefixe, std::string_view section,
                      std::string_view numero);

/// Reads cadastre sources: one file (a GeoJSON layer, an EDIGÉO .THF), a folder or archive
/// of them, or a folder of EDIGÉO sheet archives (.tar.bz2).
class CadastreReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::cadastre; }
    /// 95 for EDIGÉO sheets and Etalab files (cadastre-<insee>-<layer>.json); 70 for another
    /// polygon layer that the field mapping reads; 0 otherwise.
    [[nodiscard]] int detect(const Source& source) const override;
    /// The sorted INSEE codes of the communes the source's features belong to; for an EDIGÉO
    /// sheet, the sheet's identifier instead (edigeo_sheet_id), so that the sheets of a commune
    /// add up and a newer delivery of a sheet replaces that sheet only.
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when no cadastre layer is found, a layer has no CRS and no --srs
    /// was given, or an EDIGÉO sheet's département cannot be told from its name.
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
