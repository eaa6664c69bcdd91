#include "engine/store/provenance.hpp"

#include "engine/store/database.hpp"

#include <array>
#include <fmt/format.h>

namespace fibre::store {
namespace {

// Every table whose rows carry the import run that wrote them.
constexpr std::array<const char*, 15> imported_tables{"commune",
                                                      "parcel",
                                                      "building",
                                                      "address",
                                                      "premise",
                                                      "node",
                                                      "link",
                                                      "cable_path",
                                                      "site",
                                                      "box",
                                                      "zone",
                                                      "worksite",
                                                      "worksite_suspension",
                                                      "declaration",
                                                      "arcep_figure"};

bool has_column(Database& db, const char* table, const char* column) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, table).bind(2, column);
    return st.step();
}

model::ImportRun row_to_run(const Statement& st) {
    return {st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4),
            st.text(5),    st.text(6), st.text(7), st.text(8)};
}

constexpr const char* run_columns =
    "SELECT id, kind, source, checksum, perimeter, started_at, finished_at, counts_json, label "
    "FROM import_run ";

} // namespace

long long begin_import_run(Database& db, const model::ImportRun& run) {
    // A new import's id is larger than any an analysis saw, even when the import it replaces
    // had the largest id and was just deleted: "an import after the analysis" is then an id
    // larger than the analysis' last_import_run.
    std::string next_id = "NULL";
    if (has_column(db, "analysis_run", "last_import_run")) {
        next_id = "max(coalesce((SELECT max(id) FROM import_run), 0), coalesce((SELECT max(last_import_run) "
                  "FROM analysis_run), 0)) + 1";
    }
    auto st = db.prepare("INSERT INTO import_run (kind, source, checksum, perimeter, started_at, label, id) "
                         "VALUES (?, ?, ?, ?, coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), ?, " +
                         next_id + ")");
    st.bind(1, run.kind).bind(2, run.source).bind(3, run.checksum).bind(4, run.perimeter);
    st.bind_text_or_null(5, run.started_at);
    // Two deliveries of one kind named alike (two folders called "gracethd") keep apart.
    std::string label = run.label;
    if (!label.empty()) {
        auto taken = db.prepare("SELECT 1 FROM import_run WHERE kind = ? AND label = ? AND perimeter <> ?");
        taken.bind(1, run.kind).bind(2, label).bind(3, run.perimeter);
        for (int n = 2; taken.step(); ++n) {
            label = fmt::format("{}~{}", run.label, n);
            taken = db.prepare("SELECT 1 FROM import_run WHERE kind = ? AND label = ? AND perimeter <> ?");
            taken.bind(1, run.kind).bind(2, label).bind(3, run.perimeter);
        }
    }
    st.bind(6, label);
    st.run();
    return db.last_insert_id();
}

void finish_import_run(Database& db, long long id, const std::string& counts_json) {
    auto st = db.prepare("UPDATE import_run SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                         "counts_json = ? WHERE id = ?");
    st.bind(1, counts_json).bind(2, id);
    st.run();
}

std::optional<model::ImportRun> find_import_by_checksum(Database& db, const std::string& checksum) {
    auto st = db.prepare(std::string(run_columns) +
                         "WHERE checksum = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1");
    st.bind(1, checksum);
    if (st.step()) {
        return row_to_run(st);
    }
    return std::nullopt;
}

std::vector<model::ImportRun> find_imports_by_perimeter(Database& db, const std::string& kind,
                                                        const std::string& perimeter) {
    std::vector<model::ImportRun> out;
    auto st = db.prepare(std::string(run_columns) +
                         "WHERE kind = ? AND perimeter = ? AND finished_at IS NOT NULL ORDER BY id");
    st.bind(1, kind).bind(2, perimeter);
    while (st.step()) {
        out.push_back(row_to_run(st));
    }
    return out;
}

void delete_import_run(Database& db, long long id) {
    for (const char* table : imported_tables) {
        auto st = db.prepare(std::string("DELETE FROM ") + table + " WHERE import_run = ?");
        st.bind(1, id);
        st.run();
    }
    // ARCEP's commune reference has its own table since the store has had one; older stores lack it.
    if (auto t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'arcep_commune'");
        t.step()) {
        auto st = db.prepare("DELETE FROM arcep_commune WHERE import_run = ?");
        st.bind(1, id);
        st.run();
    }
    auto rejects = db.prepare("DELETE FROM reject WHERE import_run = ?");
    rejects.bind(1, id);
    rejects.run();
    auto run = db.prepare("DELETE FROM import_run WHERE id = ?");
    run.bind(1, id);
    run.run();
}

std::vector<model::ImportRun> read_import_runs(Database& db) {
    std::vector<model::ImportRun> out;
    auto st = db.prepare(std::string(run_columns) + "ORDER BY id");
    while (st.step()) {
        out.push_back(row_to_run(st));
    }
    return out;
}

std::unordered_map<std::int32_t, std::string> read_delivery_labels(Database& db) {
    std::unordered_map<std::int32_t, std::string> out;
    auto st = db.prepare("SELECT id, label FROM import_run");
    while (st.step()) {
        auto label = st.text(1);
        out.emplace(static_cast<std::int32_t>(st.integer(0)),
                    label.empty() ? fmt::format("import {}", st.integer(0)) : std::move(label));
    }
    return out;
}

void add_reject(Database& db, const model::Reject& reject) {
    auto st = db.prepare("INSERT INTO reject (import_run, source, layer, feature_id, field, reason, action) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, reject.import_run).bind(2, reject.source).bind(3, reject.layer).bind(4, reject.feature_id);
    st.bind_text_or_null(5, reject.field).bind(6, reject.reason).bind(7, reject.action);
    st.run();
}

std::vector<model::Reject> read_rejects(Database& db, long long import_run) {
    std::vector<model::Reject> out;
    auto st = db.prepare(
        "SELECT import_run, source, layer, feature_id, coalesce(field, ''), reason, action FROM reject "
        "WHERE ? = 0 OR import_run = ? ORDER BY id");
    st.bind(1, import_run).bind(2, import_run);
    while (st.step()) {
        out.push_back(
            {st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
    }
    return out;
}

} // namespace fibre::store
