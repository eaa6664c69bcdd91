#pragma once
/// @file gracethd_reader.hpp
/// The reader of GraceTHD deliveries (v2 and v3): shapefile + CSV folders or archives, and
/// GraceTHD SpatiaLite / GeoPackage databases. See docs/commands/import.md for the mapping.

#include "importers/reader.hpp"

namespace fibre::importers {

/// Reads a GraceTHD delivery into nodes, links, cable paths, sites, boxes, zones,
/// addresses and premises.
class GracethdReader final : public Reader {
public:
    [[nodiscard]] SourceKind kind() const override { return SourceKind::gracethd; }
    /// 95 when t_noeud and at least two other GraceTHD tables are there, 60 for fewer, else 0.
    [[nodiscard]] int detect(const Source& source) const override;
    /// "nro-pm:" and the sorted NRO and PM codes of the delivery (t_sitetech, or the owners of
    /// t_znro / t_zsro, or the t_local rows of type NRO / SRO), or "insee:" and the sorted
    /// INSEE codes of its addresses when it has no NRO nor PM.
    [[nodiscard]] std::string perimeter(const Source& source) const override;
    /// @throws DataError when t_noeud is missing, a table lacks its code column, or a file
    /// cannot be read to its end (truncated shapefile).
    void read(const Source& source, const ReadOptions& options, ImportSink& sink) override;
};

} // namespace fibre::importers
