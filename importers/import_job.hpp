#pragma once
/// @file import_job.hpp
/// One `fibre import`: resolves each source, picks its reader, and writes everything in
/// one store transaction, with the checksum no-op, the replacement of older deliveries of
/// the same perimeter, and the record of every import.

#include "engine/store/delivery_diff.hpp"
#include "importers/import_sink.hpp"
#include "importers/reader.hpp"
#include "importers/source.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::importers {

/// What the user asked for.
struct ImportRequest {
    std::vector<std::string> sources; ///< files, folders or archives, as given
    std::optional<SourceKind> kind;   ///< --as; detected from content when empty
    ReadOptions options;              ///< --srs...
    /// --replace: import again a source already imported, and replace an older delivery of the
    /// same perimeter even when that removes a large part of it (see replacement_guard()).
    bool replace = false;
};

/// What happened to one source.
struct SourceOutcome {
    std::string source; ///< the path as given
    std::string given;  ///< the source named on the command line it came from (a folder of sheets...)
    double seconds = 0; ///< how long importing it took
    SourceKind kind = SourceKind::gracethd;
    std::string checksum;            ///< SHA-256 of its bytes
    std::string perimeter;           ///< what it covers
    bool unchanged = false;          ///< already imported with the same checksum: nothing done
    long long import_run = 0;        ///< the run that wrote it (or the earlier one when unchanged)
    std::vector<long long> replaced; ///< earlier runs whose rows were removed
    /// What replacing those runs changed, when there were any.
    std::optional<store::DeliveryChange> change;
    std::map<std::string, LayerCounts> counts; ///< per layer
    [[nodiscard]] long long rejected() const;
};

/// Picks the reader of @p source: the forced kind, else the reader most sure of it.
/// @throws DataError when no reader recognises the source (the message lists --as choices).
Reader& choose_reader(const std::vector<std::unique_ptr<Reader>>& readers, const Source& source,
                      std::optional<SourceKind> forced);

/// The removals beyond which a newer delivery does not replace an older one of the same kind
/// and perimeter without --replace (docs/commands/import.md, "Replacing a delivery").
store::RemovalGuard replacement_guard();

/// Imports every source of @p request into @p db, in one transaction: on any error
/// nothing is written. A delivery replacing an older one of the same kind and perimeter is
/// compared with it first; the change is logged and recorded with the import.
/// @throws DataError / StoreError with the source's path in context; DataError when a
/// replacement would remove more than replacement_guard() allows and --replace was not given.
std::vector<SourceOutcome> run_import(store::Database& db, const ImportRequest& request);

/// The per-layer summary as a text table (source, kind, layer, read, imported, repaired,
/// rejected, kept).
std::string summary_table(const std::vector<SourceOutcome>& outcomes);

} // namespace fibre::importers
