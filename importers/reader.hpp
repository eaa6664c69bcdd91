#pragma once
/// @file reader.hpp
/// A reader turns one kind of source into model entities written through an ImportSink.
/// The import command asks every reader how sure it is that it reads a source (detect),
/// picks the surest, or the one the user forced with --as.

#include "importers/source.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fibre::importers {

class ImportSink;

/// What the user said on the command line that readers need.
struct ReadOptions {
    std::optional<int> srs_epsg; ///< --srs EPSG:N, for sources that declare no CRS
    /// --strict: the first rejected feature or malformed record aborts the import (a DataError
    /// naming file, layer, feature and field); nothing of it is written.
    bool strict = false;
    /// --all-territory: ARCEP figures of every area, not only of the store's territory.
    bool all_territory = false;
};

class Reader {
public:
    virtual ~Reader() = default;
    [[nodiscard]] virtual SourceKind kind() const = 0;
    /// How sure the reader is that it reads @p source, from its content (layer names, field
    /// names, CSV header): 0 not at all, 100 certain. Must not throw for a source it does
    /// not read.
    [[nodiscard]] virtual int detect(const Source& source) const = 0;
    /// What the source covers, as a stable text (sorted INSEE codes, PM references...).
    /// An import of the same kind and perimeter replaces the older one's rows.
    [[nodiscard]] virtual std::string perimeter(const Source& source) const = 0;
    /// Reads everything and writes it through @p sink. Features it cannot take go to
    /// sink.reject() with the reason. @throws DataError (with file, layer, feature, field)
    /// when the source as a whole cannot be read (a missing mandatory column, a file that
    /// is not what it claims, an unknown CRS without --srs).
    virtual void read(const Source& source, const ReadOptions& options, ImportSink& sink) = 0;
};

/// One reader of each kind, in a fixed order.
std::vector<std::unique_ptr<Reader>> all_readers();

} // namespace fibre::importers
