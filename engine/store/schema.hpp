#pragma once
/// @file schema.hpp
/// The store's schema (version fibre::store::schema_version), documented in docs/data-model.md.

namespace fibre::store {

class Database;

/// Creates SpatiaLite's metadata (EPSG:2154 and EPSG:4326 registered), every table,
/// geometry column and spatial index, and the schema_version row, in one transaction.
/// @throws StoreError.
void create_schema(Database& db);

} // namespace fibre::store
