#pragma once
/// @file import_sink.hpp
/// Where a reader puts what it read: the entities (through store::EntityWriter), the
/// features it rejected, repaired or kept with a problem, and per-layer counts.

#include "engine/store/entities.hpp"
#include "engine/support/error.hpp"

#include <map>
#include <string>

namespace fibre::store {
class Database;
}

namespace fibre::importers {

/// Counts of one layer (or CSV table) of a source.
struct LayerCounts {
    long long read = 0;     ///< features read
    long long imported = 0; ///< rows written (repaired ones included)
    long long repaired = 0; ///< written after a sound repair
    long long rejected = 0; ///< not written
    long long kept = 0;     ///< written as delivered, with a problem reported
};

/// One import's writer. All writes happen inside the import's transaction.
class ImportSink {
public:
    /// @param strict `fibre import --strict`: the first rejected feature aborts the import
    ///        (reject() and reject_record() throw instead of recording).
    ImportSink(store::Database& db, long long import_run, std::string source_path, bool strict = false);

    /// The entity writer (EntityWriter::add); count the result with imported().
    [[nodiscard]] store::EntityWriter& writer() { return writer_; }
    /// The store the import writes to, for readers that read what it already holds (ARCEP's
    /// reader keeps the figures of the store's territory).
    [[nodiscard]] store::Database& database() { return db_; }

    /// Counts one feature read from @p layer.
    void read(const std::string& layer) { ++counts_[layer].read; }
    /// Counts one feature written from @p layer.
    void imported(const std::string& layer) { ++counts_[layer].imported; }
    /// Records a feature not written: why, and which field.
    /// @throws DataError (the source, @p layer, @p feature_id, @p field, @p reason) when strict.
    void reject(const std::string& layer, const std::string& feature_id, const std::string& field,
                const std::string& reason);
    /// Records a record that could not be read as a feature (a malformed CSV line, see
    /// CsvTable::on_malformed): counted as read from, and rejected by, the layer its context
    /// names, with its feature ("line N"), field and reason.
    /// @throws DataError @p problem itself (it names the file) when strict.
    void reject_record(const DataError& problem);
    /// Records a feature written after a sound repair (an invalid polygon made valid...).
    void repaired(const std::string& layer, const std::string& feature_id, const std::string& field,
                  const std::string& reason);
    /// Records a feature written as delivered, with a problem to report (a reference to a
    /// missing node, an unknown code).
    void kept(const std::string& layer, const std::string& feature_id, const std::string& field,
              const std::string& reason);

    [[nodiscard]] const std::map<std::string, LayerCounts>& counts() const { return counts_; }
    /// The counts as a JSON object {"layer": {"read":..,"imported":..,...}}.
    [[nodiscard]] std::string counts_json() const;
    [[nodiscard]] long long total_rejected() const;
    [[nodiscard]] long long import_run() const { return import_run_; }
    [[nodiscard]] const std::string& source_path() const { return source_; }
    [[nodiscard]] bool strict() const { return strict_; }

private:
    store::Database& db_;
    long long import_run_;
    std::string source_;
    bool strict_ = false;
    store::EntityWriter writer_;
    std::map<std::string, LayerCounts> counts_;
};

} // namespace fibre::importers
