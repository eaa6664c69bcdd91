#pragma once
/// @file provenance.hpp
/// Import runs and rejected features: what came into the store, from where, and what
/// could not be taken.

#include "engine/model/provenance.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fibre::store {

class Database;

/// Records the start of an import; @return its id. started_at is set to now when empty. A
/// label already given to another import of the same kind with another perimeter gets a
/// suffix ("gracethd~2").
long long begin_import_run(Database& db, const model::ImportRun& run);
/// Records the end of an import and its per-layer counts (a JSON object).
void finish_import_run(Database& db, long long id, const std::string& counts_json);
/// The finished import run of a source with this checksum, if any.
std::optional<model::ImportRun> find_import_by_checksum(Database& db, const std::string& checksum);
/// Finished import runs of this kind covering this perimeter, oldest first.
std::vector<model::ImportRun> find_imports_by_perimeter(Database& db, const std::string& kind,
                                                        const std::string& perimeter);
/// Removes an import run and every row it wrote, in every table, and its rejects.
void delete_import_run(Database& db, long long id);
/// Every import run, oldest first.
std::vector<model::ImportRun> read_import_runs(Database& db);
/// The label of each import run, by id (the deliveries the network elements name).
std::unordered_map<std::int32_t, std::string> read_delivery_labels(Database& db);

void add_reject(Database& db, const model::Reject& reject);
/// Rejected, repaired and kept features of one import run, or of all when @p import_run is 0.
std::vector<model::Reject> read_rejects(Database& db, long long import_run = 0);

} // namespace fibre::store
