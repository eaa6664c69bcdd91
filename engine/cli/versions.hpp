#pragma once
/// @file versions.hpp
/// The versions of fibre and of every library it uses, for `fibre --version`.

#include <string>

namespace fibre::cli {

/// One "name version" line each: fibre, GDAL, GEOS, PROJ, SQLite, SpatiaLite, Boost.
std::string versions_text();

} // namespace fibre::cli
