#include "importers/import_job.hpp"

#include "engine/store/bulk_load.hpp"
#include "engine/store/database.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "importers/cadastre_reader.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <set>

namespace fibre::importers {

store::RemovalGuard replacement_guard() {
    return {};
}

long long SourceOutcome::rejected() const {
    long long n = 0;
    for (const auto& [layer, c] : counts) {
        n += c.rejected;
    }
    return n;
}

Reader& choose_reader(const std::vector<std::unique_ptr<Reader>>& readers, const Source& source,
                      std::optional<SourceKind> forced) {
    if (forced) {
        for (const auto& r : readers) {
            if (r->kind() == *forced) {
                return *r;
            }
        }
        throw UsageError(fmt::format("no reader for sources of kind '{}' in this build", to_string(*forced)));
    }
    Reader* best = nullptr;
    int best_score = 0;
    for (const auto& r : readers) {
        int score = 0;
        try {
            score = r->detect(source);
        } catch (const Error&) {
            score = 0; // a reader that cannot even look at it does not read it
        }
        if (score > best_score) {
            best = r.get();
            best_score = score;
        }
    }
    if (best == nullptr) {
        std::string kinds;
        for (const auto& r : readers) {
            kinds += (kinds.empty() ? "" : ", ") + std::string(to_string(r->kind()));
        }
        throw DataError(fmt::format("cannot tell what kind of source this is (no known layer, field or "
                                    "CSV header); name it with --as ({})",
                                    kinds.empty() ? "no reader available" : kinds),
                        ErrorContext::in_file(source.path));
    }
    return *best;
}

namespace {

std::string without_last_newline(std::string text) {
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return text;
}

// What the store holds for @p runs, read before they are deleted, so that the new delivery's
// rows can be compared with them once written. Read before any deletion: kinds whose rows are
// keyed store-wide (communes, parcels...) would otherwise lose them to the new rows.
std::optional<store::DeliveryContents> contents_before(store::Database& db, const std::string& kind,
                                                       const std::vector<long long>& runs) {
    if (runs.empty()) {
        return std::nullopt;
    }
    return store::read_delivery_contents(db, kind, runs);
}

// Compares the new run with what it replaces, records the change with it, and refuses (by
// throwing, which rolls the whole import back) a replacement that removes too much.
store::DeliveryChange check_replacement(store::Database& db, const store::DeliveryContents& before,
                                        const SourceOutcome& out, const ImportRequest& request) {
    const auto after = store::read_delivery_contents(db, to_string(out.kind), {out.import_run});
    auto change = store::compare_deliveries(before, after);
    store::record_import_change(db, out.import_run, store::change_json(change));
    if (request.replace) {
        return change;
    }
    if (const auto removal = store::excessive_removal(change, replacement_guard()); !removal.empty()) {
        log::warning("{}: what replacing import(s) of perimeter {} would change:\n{}", out.source,
                     out.perimeter, without_last_newline(store::change_table(change)));
        throw DataError(fmt::format("this delivery of perimeter {} would remove {}; nothing was imported. If "
                                    "the removal is meant, import it again with --replace",
                                    out.perimeter.empty() ? "(none)" : out.perimeter, removal));
    }
    return change;
}

SourceOutcome import_one(store::Database& db, store::SpatialIndexDeferral& indexes, Reader& reader,
                         const Source& source, const ImportRequest& request) {
    SourceOutcome out;
    const std::string& path = source.path;
    out.source = path;
    out.checksum = source.checksum;
    out.kind = reader.kind();
    std::vector<long long> older;
    if (const auto earlier = store::find_import_by_checksum(db, source.checksum)) {
        if (!request.replace) {
            out.unchanged = true;
            out.import_run = earlier->id;
            out.perimeter = earlier->perimeter;
            return out;
        }
        older.push_back(earlier->id);
    }
    out.perimeter = reader.perimeter(source);
    if (!out.perimeter.empty()) {
        for (const auto& run : store::find_imports_by_perimeter(db, to_string(out.kind), out.perimeter)) {
            if (std::find(older.begin(), older.end(), run.id) == older.end()) {
                older.push_back(run.id);
            }
        }
    }
    const auto before = contents_before(db, to_string(out.kind), older);
    for (const long long id : older) {
        store::delete_import_run(db, id);
        out.replaced.push_back(id);
    }
    model::ImportRun run;
    run.kind = to_string(out.kind);
    run.source = path;
    run.checksum = source.checksum;
    run.perimeter = out.perimeter;
    run.label = source_label(path);
    out.import_run = store::begin_import_run(db, run);
    indexes.mark();
    ImportSink sink(db, out.import_run, path, request.options.strict);
    reader.read(source, request.options, sink);
    store::finish_import_run(db, out.import_run, sink.counts_json());
    out.counts = sink.counts();
    if (before) {
        out.change = check_replacement(db, *before, out, request);
    }
    return out;
}

/// The reader most sure of @p source, or null when none recognises it.
Reader* detect_reader(const std::vector<std::unique_ptr<Reader>>& readers, const Source& source) {
    try {
        return &choose_reader(readers, source, std::nullopt);
    } catch (const Error&) {
        return nullptr;
    }
}

/// Whether @p source is a fibre store (which the cadastre reader would otherwise take for a
/// GIS database of communes, parcels and buildings).
bool is_fibre_store(const Source& source) {
    if (source.is_container || source.files.size() != 1) {
        return false;
    }
    const auto& name = source.files.front().name;
    if (name.size() < 7 || name.compare(name.size() - 7, 7, ".sqlite") != 0) {
        return false;
    }
    try {
        auto db = store::Database::open(source.gdal_path, store::Database::Mode::read_only);
        return db.stored_schema_version().has_value();
    } catch (const Error&) {
        return false;
    }
}

/// A source and the reader that reads it.
struct Planned {
    Source source;
    Reader* reader = nullptr;
};

/// What to import for one path the user named. A folder or archive whose entries are sources
/// of several kinds (a département's data folder: cadastre/, ban/, gracethd/...) is imported
/// entry by entry, each with its own reader; the entries no reader recognises are listed in
/// @p skipped with the reason. Anything else is one source, read by the surest reader.
std::vector<Planned> plan(const std::vector<std::unique_ptr<Reader>>& readers, const Source& source,
                          std::optional<SourceKind> forced, std::vector<std::string>& skipped) {
    if (!forced && source.is_container) {
        std::vector<Planned> entries;
        std::vector<std::string> unknown;
        std::set<SourceKind> kinds;
        for (auto& entry : top_level_entries(source)) {
            if (is_fibre_store(entry)) {
                unknown.push_back(
                    fmt::format("{} (a fibre store, not a source: open it with --db)", entry.path));
                continue;
            }
            Reader* r = detect_reader(readers, entry);
            if (r == nullptr) {
                unknown.push_back(fmt::format(
                    "{} (no reader recognises it: no known layer, field or CSV header)", entry.path));
                continue;
            }
            kinds.insert(r->kind());
            entries.push_back(Planned{std::move(entry), r});
        }
        if (kinds.size() > 1) {
            skipped.insert(skipped.end(), unknown.begin(), unknown.end());
            return entries;
        }
    }
    if (is_fibre_store(source)) {
        throw DataError("this is a fibre store, not a source to import: open it with --db, or compare two "
                        "stores with fibre diff",
                        ErrorContext::in_file(source.path));
    }
    return {Planned{source, &choose_reader(readers, source, forced)}};
}

} // namespace

std::vector<SourceOutcome> run_import(store::Database& db, const ImportRequest& request) {
    if (request.sources.empty()) {
        throw UsageError("name at least one source to import");
    }
    const auto readers = all_readers();
    std::vector<SourceOutcome> outcomes;
    store::Transaction tx(db);
    // Spatial indexes are brought up to date once at the end, not row by row.
    store::SpatialIndexDeferral indexes(db);
    for (const auto& path : request.sources) {
        try {
            const Source top = resolve_source(path);
            std::vector<std::string> skipped;
            const auto planned = plan(readers, top, request.kind, skipped);
            if (planned.size() > 1 || planned.front().source.path != top.path) {
                log::debug("{}: a folder of {} sources of several kinds, each imported as its own", path,
                           planned.size());
            }
            for (const auto& s : skipped) {
                log::warning("{}: skipped {}", path, s);
            }
            for (const auto& [source, reader_ptr] : planned) {
                Reader& reader = *reader_ptr;
                // A folder or archive of several GraceTHD deliveries (one per SRO or NRO zone, each
                // numbering its codes from 1) is several deliveries, each imported as its own; so is
                // a folder of EDIGÉO sheets, so that it gives the store the sheets give one by one.
                std::vector<Source> parts{source};
                if (reader.kind() == SourceKind::gracethd) {
                    parts = split_by_folder(source, "t_noeud");
                    if (parts.size() > 1) {
                        log::debug("{}: {} GraceTHD deliveries, one per folder", path, parts.size());
                    }
                } else if (reader.kind() == SourceKind::cadastre) {
                    parts = edigeo_sheets(source);
                    if (parts.size() > 1) {
                        log::debug("{}: {} EDIGÉO sheets, one import each", path, parts.size());
                    }
                }
                for (const auto& part : parts) {
                    try {
                        const auto started = std::chrono::steady_clock::now();
                        outcomes.push_back(import_one(db, indexes, reader, part, request));
                        outcomes.back().given = path;
                        outcomes.back().seconds =
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                    } catch (Error& e) {
                        if (part.path != path) {
                            e.add_context(ErrorContext::in_file(part.path));
                        }
                        throw;
                    }
                    const auto& o = outcomes.back();
                    if (o.unchanged) {
                        log::debug("{}: already imported with the same content (import {}); nothing to do "
                                   "(--replace imports it again)",
                                   o.source, o.import_run);
                    } else if (!o.replaced.empty()) {
                        log::info(
                            "{}: replaces {} earlier import(s) of the same perimeter; what changes:\n{}",
                            o.source, o.replaced.size(),
                            without_last_newline(o.change ? store::change_table(*o.change)
                                                          : std::string("(not compared)")));
                    }
                }
            }
        } catch (Error& e) {
            e.add_context(ErrorContext::in_file(path));
            throw;
        }
    }
    indexes.finish();
    tx.commit();
    return outcomes;
}

std::string summary_table(const std::vector<SourceOutcome>& outcomes) {
    std::string out = fmt::format("{:<40} {:<10} {:<16} {:>10} {:>10} {:>9} {:>9} {:>9}\n", "source", "kind",
                                  "layer", "read", "imported", "repaired", "rejected", "kept");
    for (const auto& o : outcomes) {
        if (o.unchanged) {
            out += fmt::format("{:<40} {:<10} {:<16} (unchanged: already imported as import {})\n", o.source,
                               to_string(o.kind), "-", o.import_run);
            continue;
        }
        for (const auto& [layer, c] : o.counts) {
            out += fmt::format("{:<40} {:<10} {:<16} {:>10} {:>10} {:>9} {:>9} {:>9}\n", o.source,
                               to_string(o.kind), layer, c.read, c.imported, c.repaired, c.rejected, c.kept);
        }
    }
    return out;
}

} // namespace fibre::importers
