#pragma once
/// @file reader_test_store.hpp
/// What the reader tests share: a real store in a temporary folder, one import run of a
/// reader into it, and small source files written beside it.

#include "engine/store/database.hpp"
#include "engine/store/provenance.hpp"
#include "importers/import_sink.hpp"
#include "importers/reader.hpp"
#include "tests/support/test_support.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace fibre::importers {

struct ReaderTestStore {
    fibre::testing::TempDir dir;
    store::Database db = store::Database::create(dir / "fibre.sqlite");

    /// Runs @p reader on @p path in one committed import run; returns its per-layer counts.
    std::map<std::string, LayerCounts> import(Reader& reader, const std::string& path,
                                              ReadOptions options = {}) {
        const auto source = resolve_source(path);
        model::ImportRun run;
        run.kind = to_string(reader.kind());
        run.source = path;
        run.checksum = source.checksum;
        store::Transaction tx(db);
        const auto id = store::begin_import_run(db, run);
        ImportSink sink(db, id, path);
        reader.read(source, options, sink);
        tx.commit();
        return sink.counts();
    }

    /// Writes @p bytes to @p name under the store's folder (making sub-folders); returns its path.
    std::string write(const std::string& name, const std::string& bytes) {
        const auto path = dir / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << bytes;
        return path.string();
    }
};

} // namespace fibre::importers
