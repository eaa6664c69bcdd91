#include "engine/store/store_info.hpp"

#include "engine/store/database.hpp"

namespace fibre::store {

std::vector<ImportInfo> read_imports(Database& db) {
    auto stmt = db.prepare(
        "SELECT r.id, r.kind, r.source, r.label, r.perimeter, r.started_at, r.finished_at, r.counts_json, "
        "(SELECT count(*) FROM reject j WHERE j.import_run = r.id), "
        "(SELECT count(*) FROM reject j WHERE j.import_run = r.id AND j.action = 'rejected') "
        "FROM import_run r ORDER BY r.id");
    std::vector<ImportInfo> out;
    while (stmt.step()) {
        ImportInfo i;
        i.id = stmt.integer(0);
        i.kind = stmt.text(1);
        i.source = stmt.text(2);
        i.label = stmt.text(3);
        i.perimeter = stmt.text(4);
        i.started_at = stmt.text(5);
        i.finished_at = stmt.text(6);
        i.counts_json = stmt.text(7);
        i.rejects = stmt.integer(8);
        i.rejected = stmt.integer(9);
        out.push_back(std::move(i));
    }
    return out;
}

std::optional<SchemaInfo> read_schema_info(Database& db) {
    auto stmt = db.prepare("SELECT version, created_at, fibre_version FROM schema_version LIMIT 1");
    if (!stmt.step()) {
        return std::nullopt;
    }
    return SchemaInfo{static_cast<int>(stmt.integer(0)), stmt.text(1), stmt.text(2)};
}

} // namespace fibre::store
