#include "engine/store/store_info.hpp"

#include "engine/store/database.hpp"
#include "engine/store/provenance.hpp"

#include <unordered_map>
#include <utility>

namespace fibre::store {

std::vector<ImportInfo> read_imports(Database& db) {
    std::unordered_map<long long, std::pair<long long, long long>> counts;
    auto stmt =
        db.prepare("SELECT import_run, count(*), sum(action = 'rejected') FROM reject GROUP BY import_run");
    while (stmt.step()) {
        counts[stmt.integer(0)] = {stmt.integer(1), stmt.integer(2)};
    }
    std::vector<ImportInfo> out;
    for (auto& run : read_import_runs(db)) {
        const auto found = counts.find(run.id);
        const auto [rejects, rejected] =
            found == counts.end() ? std::pair<long long, long long>{} : found->second;
        out.push_back(ImportInfo{std::move(run), rejects, rejected});
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
