#pragma once
/// @file wkb.hpp
/// Model geometries to and from OGC WKB (2D, little-endian), the form in which they
/// go into and come out of SpatiaLite (GeomFromWKB / AsBinary).

#include "engine/model/geometry.hpp"

#include <cstddef>
#include <vector>

namespace fibre::store::wkb {

std::vector<unsigned char> encode(const model::Point& p);
std::vector<unsigned char> encode(const model::LineString& line);
std::vector<unsigned char> encode(const model::MultiPolygon& mp);

/// Decoders accept either byte order, and the single or multi form where it makes sense
/// (a POLYGON decodes as a one-part MULTIPOLYGON). @throws StoreError on malformed bytes.
model::Point decode_point(const unsigned char* data, std::size_t size);
model::LineString decode_linestring(const unsigned char* data, std::size_t size);
model::MultiPolygon decode_multipolygon(const unsigned char* data, std::size_t size);

} // namespace fibre::store::wkb
