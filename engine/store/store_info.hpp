#pragma once
/// @file store_info.hpp
/// What a store holds, for `fibre info`: its imports, its latest analysis, its schema.

#include "engine/model/provenance.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fibre::store {

class Database;

/// One recorded import and what it rejected.
struct ImportInfo {
    model::ImportRun run;
    long long rejects = 0;  ///< rows of the reject table written by it (any action)
    long long rejected = 0; ///< of which features not written
};

/// What the schema_version row says.
struct SchemaInfo {
    int version = 0;
    std::string created_at;
    std::string fibre_version; ///< the fibre that created the store
};

/// The imports recorded in @p db, oldest first. @throws StoreError.
std::vector<ImportInfo> read_imports(Database& db);
/// The store's schema row; nullopt when it has none. @throws StoreError.
std::optional<SchemaInfo> read_schema_info(Database& db);

} // namespace fibre::store
