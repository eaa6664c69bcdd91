#include "engine/store/delivery_diff.hpp"

#include "engine/store/database.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>
#include <string_view>

namespace fibre::store {
namespace {

// One kind of element as the comparison reads it: its table, the rows of that kind, the
// expression that matches an element of one delivery to one of another, and the columns
// whose change counts as "changed".
struct EntitySpec {
    const char* entity;
    const char* table;
    const char* filter; ///< extra condition, or ""
    const char* key;
    const char* compared; ///< comma-separated columns, or "" when only presence counts
};

constexpr const char* lifecycle = "statut, avct, built, in_service, out_of_service";

constexpr std::array<EntitySpec, 9> network_entities{{
    {"premises", "premise", "", "code", "locaux, declared_pbo, address_code, type"},
    {"addresses", "address", "", "code", "state, logements, professionnels"},
    {"nodes", "node", "", "code", "type"},
    {"cables", "link", "kind = 'cable'", "code", lifecycle},
    {"paths", "link", "kind = 'path'", "code", lifecycle},
    {"cable paths", "cable_path", "", "cable_code || '|' || path_code", ""},
    {"sites", "site", "", "code", lifecycle},
    {"boxes", "box", "", "code", lifecycle},
    {"zones", "zone", "", "kind || '|' || code", "state, commercial_date"},
}};

constexpr std::array<EntitySpec, 9> other_entities{{
    {"addresses", "address", "", "code", "state, logements, professionnels"},
    {"parcels", "parcel", "", "id", "contenance_m2"},
    {"buildings", "building", "", "id", "type"},
    {"communes", "commune", "", "insee", "logements, etablissements"},
    {"worksites", "worksite", "", "code", "declared_state, actual_start, actual_end, abandoned"},
    {"worksite suspensions", "worksite_suspension", "", "worksite_code || '|' || start_date", "end_date"},
    {"declarations", "declaration", "",
     "coalesce(building_id, '') || '|' || coalesce(hexacle, '') || '|' || coalesce(ref_pm, '')",
     "state, commercial_date, pbo_code"},
    {"arcep figures", "arcep_figure", "", "level || '|' || code || '|' || quarter", "raccordables"},
    {"premises", "premise", "", "code", "locaux, declared_pbo, address_code, type"},
}};

// The kinds of element each kind of source writes.
std::vector<EntitySpec> entities_of(const std::string& kind) {
    if (kind == "gracethd") {
        return {network_entities.begin(), network_entities.end()};
    }
    const auto pick = [](std::initializer_list<const char*> tables) {
        std::vector<EntitySpec> out;
        for (const auto& spec : other_entities) {
            if (std::find_if(tables.begin(), tables.end(), [&](const char* t) {
                    return std::string_view(t) == spec.table;
                }) != tables.end()) {
                out.push_back(spec);
            }
        }
        return out;
    };
    if (kind == "ban") {
        return pick({"address"});
    }
    if (kind == "cadastre") {
        return pick({"parcel", "building", "commune"});
    }
    if (kind == "communes") {
        return pick({"commune"});
    }
    if (kind == "worksites") {
        return pick({"worksite", "worksite_suspension"});
    }
    if (kind == "ipe") {
        return pick({"declaration"});
    }
    if (kind == "arcep") {
        return pick({"arcep_figure"});
    }
    return {other_entities.begin(), other_entities.end()};
}

std::string run_list(const std::vector<long long>& runs) {
    std::string out;
    for (const long long id : runs) {
        out += fmt::format("{}{}", out.empty() ? "" : ", ", id);
    }
    return out;
}

bool has_column(Database& db, const char* table, const char* column) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, table).bind(2, column);
    return st.step();
}

nlohmann::json optional_json(const std::optional<long long>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::optional<long long> add(const std::optional<long long>& a, const std::optional<long long>& b) {
    if (!a || !b) {
        return std::nullopt;
    }
    return *a + *b;
}

} // namespace

DeliveryContents read_delivery_contents(Database& db, const std::string& kind,
                                        const std::vector<long long>& runs) {
    DeliveryContents out;
    out.kind = kind;
    out.runs = runs;
    const std::string ids = run_list(runs);
    for (const auto& spec : entities_of(kind)) {
        auto& e = out.entities.emplace_back();
        e.entity = spec.entity;
        if (runs.empty()) {
            continue;
        }
        const std::string compared = *spec.compared == '\0' ? std::string("''") : std::string(spec.compared);
        auto st = db.prepare(fmt::format("SELECT {}, {} FROM {} WHERE import_run IN ({}){}{} ORDER BY rowid",
                                         spec.key, compared, spec.table, ids,
                                         *spec.filter == '\0' ? "" : " AND ", spec.filter));
        const int columns = 1 + static_cast<int>(std::count(compared.begin(), compared.end(), ','));
        std::string values;
        while (st.step()) {
            ++e.rows;
            auto [it, fresh] = e.items.try_emplace(st.text(0));
            ++it->second.rows;
            if (!fresh) {
                continue; // a repeated code is compared by its first row
            }
            // A NULL and an empty text compare alike.
            values.clear();
            for (int c = 1; c <= columns; ++c) {
                values += st.text(c);
                values += '\x1f';
            }
            it->second.fingerprint = std::hash<std::string>{}(values);
        }
    }
    if (!runs.empty()) {
        auto labels = db.prepare(
            fmt::format("SELECT label, perimeter FROM import_run WHERE id IN ({}) ORDER BY id", ids));
        while (labels.step()) {
            out.label += (out.label.empty() ? "" : ", ") + labels.text(0);
            out.perimeter = labels.text(1);
        }
        // The latest analysis answers for these premises only if it saw their import: premise
        // ids are reused once a replaced delivery's rows are deleted, so that its statuses
        // would otherwise seem to be the new premises'.
        auto analysed = db.prepare(fmt::format("SELECT 1 FROM premise_status ps JOIN premise p ON p.id = "
                                               "ps.premise_id WHERE p.import_run IN ({}) LIMIT 1",
                                               ids));
        out.analysed = analysed.step();
        if (out.analysed && has_column(db, "analysis_run", "last_import_run")) {
            auto seen = db.prepare("SELECT last_import_run FROM analysis_run ORDER BY id DESC LIMIT 1");
            const long long newest = *std::max_element(runs.begin(), runs.end());
            out.analysed = seen.step() && (seen.is_null(0) || seen.integer(0) >= newest);
        }
        if (out.analysed) {
            auto st =
                db.prepare(fmt::format("SELECT p.code FROM premise_status ps JOIN premise p ON p.id = "
                                       "ps.premise_id WHERE p.import_run IN ({}) AND ps.raccordable_since "
                                       "IS NOT NULL",
                                       ids));
            while (st.step()) {
                out.raccordable.insert(st.text(0));
            }
        }
    }
    return out;
}

bool DeliveryChange::empty() const {
    const bool elements = std::all_of(entities.begin(), entities.end(), [](const EntityChange& e) {
        return e.added == 0 && e.removed == 0 && e.changed == 0;
    });
    return elements && raccordables_lost.value_or(0) == 0 && raccordables_gained.value_or(0) == 0;
}

DeliveryChange compare_deliveries(const DeliveryContents& before, const DeliveryContents& after) {
    DeliveryChange out;
    out.kind = before.runs.empty() ? after.kind : before.kind;
    out.perimeter = before.runs.empty() ? after.perimeter : before.perimeter;
    out.old_label = before.label;
    out.new_label = after.label;
    const EntityContents none;
    const auto& spec_side = before.entities.size() >= after.entities.size() ? before : after;
    for (const auto& model : spec_side.entities) {
        const auto find = [&](const DeliveryContents& side) -> const EntityContents& {
            for (const auto& e : side.entities) {
                if (e.entity == model.entity) {
                    return e;
                }
            }
            return none;
        };
        const auto& old_side = find(before);
        const auto& new_side = find(after);
        if (old_side.rows == 0 && new_side.rows == 0) {
            continue;
        }
        EntityChange c;
        c.entity = model.entity;
        c.before = old_side.rows;
        c.after = new_side.rows;
        for (const auto& [key, item] : old_side.items) {
            const auto it = new_side.items.find(key);
            if (it == new_side.items.end()) {
                c.removed += item.rows;
            } else if (it->second.fingerprint != item.fingerprint) {
                ++c.changed;
            }
        }
        for (const auto& [key, item] : new_side.items) {
            if (!old_side.items.contains(key)) {
                c.added += item.rows;
            }
        }
        out.entities.push_back(std::move(c));
    }

    // A side without runs (a delivery added or gone) has no raccordable premise.
    if (before.analysed || before.runs.empty()) {
        out.raccordables_before = static_cast<long long>(before.raccordable.size());
    }
    if (after.analysed || after.runs.empty()) {
        out.raccordables_after = static_cast<long long>(after.raccordable.size());
    }
    const bool any_premises = std::any_of(out.entities.begin(), out.entities.end(),
                                          [](const EntityChange& e) { return e.entity == "premises"; });
    if (!any_premises) {
        return out;
    }
    if (after.analysed || after.runs.empty()) {
        long long lost = 0;
        for (const auto& code : before.raccordable) {
            lost += after.raccordable.contains(code) ? 0 : 1;
        }
        if (before.analysed || before.runs.empty()) {
            out.raccordables_lost = lost;
            long long gained = 0;
            for (const auto& code : after.raccordable) {
                gained += before.raccordable.contains(code) ? 0 : 1;
            }
            out.raccordables_gained = gained;
        }
    } else if (before.analysed) {
        // Without an analysis of the new side, what is lost for certain is what disappears.
        const EntityContents* premises = nullptr;
        for (const auto& e : after.entities) {
            if (e.entity == "premises") {
                premises = &e;
            }
        }
        long long lost = 0;
        for (const auto& code : before.raccordable) {
            lost += premises != nullptr && premises->items.contains(code) ? 0 : 1;
        }
        out.raccordables_lost = lost;
        out.lost_is_lower_bound = true;
    }
    return out;
}

std::string excessive_removal(const DeliveryChange& change, const RemovalGuard& guard) {
    for (const auto& e : change.entities) {
        if (e.before == 0 || e.removed == 0) {
            continue;
        }
        const double share = static_cast<double>(e.removed) / static_cast<double>(e.before);
        const bool emptied = e.after == 0;
        const bool large = e.before >= guard.min_rows && share > guard.max_removed_share;
        if (emptied || large) {
            return fmt::format("{} of its {} {} ({:.0f} %{})", e.removed, e.before, e.entity, 100.0 * share,
                               emptied ? ", none left" : "");
        }
    }
    return {};
}

std::string change_table(const DeliveryChange& change) {
    std::string out = fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "element", "before", "after",
                                  "added", "removed", "changed");
    for (const auto& e : change.entities) {
        out += fmt::format("{:<22} {:>9} {:>9} {:>9} {:>9} {:>9}\n", e.entity, e.before, e.after, e.added,
                           e.removed, e.changed);
    }
    const auto text = [](const std::optional<long long>& v) { return v ? fmt::format("{}", *v) : "?"; };
    if (change.raccordables_before || change.raccordables_after || change.raccordables_lost) {
        out += fmt::format("raccordables: {} before, {} after", text(change.raccordables_before),
                           text(change.raccordables_after));
        if (change.raccordables_gained) {
            out += fmt::format("; gained {}", *change.raccordables_gained);
        } else {
            out += "; gained: known after `fibre analyze`";
        }
        if (change.raccordables_lost) {
            out += fmt::format(", lost {}{}", *change.raccordables_lost,
                               change.lost_is_lower_bound
                                   ? " (premises removed; what the network's changes cost is known after "
                                     "`fibre analyze`)"
                                   : "");
        }
        out += '\n';
    } else if (std::any_of(change.entities.begin(), change.entities.end(),
                           [](const EntityChange& e) { return e.entity == "premises"; })) {
        out += "raccordables: no analysis on either side (run `fibre analyze`)\n";
    }
    return out;
}

std::string change_json(const DeliveryChange& change) {
    nlohmann::json entities = nlohmann::json::array();
    for (const auto& e : change.entities) {
        entities.push_back({{"entity", e.entity},
                            {"before", e.before},
                            {"after", e.after},
                            {"added", e.added},
                            {"removed", e.removed},
                            {"changed", e.changed}});
    }
    const nlohmann::json out{{"kind", change.kind},
                             {"perimeter", change.perimeter},
                             {"old_label", change.old_label},
                             {"new_label", change.new_label},
                             {"entities", entities},
                             {"raccordables",
                              {{"before", optional_json(change.raccordables_before)},
                               {"after", optional_json(change.raccordables_after)},
                               {"gained", optional_json(change.raccordables_gained)},
                               {"lost", optional_json(change.raccordables_lost)},
                               {"lost_is_lower_bound", change.lost_is_lower_bound}}}};
    return out.dump();
}

DeliveryChange total_change(const std::vector<DeliveryChange>& changes) {
    DeliveryChange out;
    out.kind = "total";
    bool any_premises = false;
    for (const auto& c : changes) {
        for (const auto& e : c.entities) {
            auto it = std::find_if(out.entities.begin(), out.entities.end(),
                                   [&](const EntityChange& t) { return t.entity == e.entity; });
            if (it == out.entities.end()) {
                out.entities.push_back({e.entity, 0, 0, 0, 0, 0});
                it = out.entities.end() - 1;
            }
            it->before += e.before;
            it->after += e.after;
            it->added += e.added;
            it->removed += e.removed;
            it->changed += e.changed;
        }
        if (std::none_of(c.entities.begin(), c.entities.end(),
                         [](const EntityChange& e) { return e.entity == "premises"; })) {
            continue; // no premise, no raccordable
        }
        if (!any_premises) {
            any_premises = true;
            out.raccordables_before = out.raccordables_after = out.raccordables_lost =
                out.raccordables_gained = 0;
        }
        // A figure unknown for one delivery is unknown for the total.
        out.raccordables_before = add(out.raccordables_before, c.raccordables_before);
        out.raccordables_after = add(out.raccordables_after, c.raccordables_after);
        out.raccordables_lost = add(out.raccordables_lost, c.raccordables_lost);
        out.raccordables_gained = add(out.raccordables_gained, c.raccordables_gained);
        out.lost_is_lower_bound = out.lost_is_lower_bound || c.lost_is_lower_bound;
    }
    return out;
}

namespace {

// The import runs of a store, grouped by what a newer delivery would replace.
std::map<std::pair<std::string, std::string>, std::vector<long long>> deliveries_of(Database& db) {
    std::map<std::pair<std::string, std::string>, std::vector<long long>> out;
    auto st = db.prepare("SELECT id, kind, perimeter, label FROM import_run WHERE finished_at IS NOT NULL "
                         "ORDER BY id");
    while (st.step()) {
        const std::string perimeter = st.text(2);
        out[{st.text(1), perimeter.empty() ? "label:" + st.text(3) : perimeter}].push_back(st.integer(0));
    }
    return out;
}

} // namespace

StoreComparison compare_stores(Database& before, Database& after) {
    StoreComparison out;
    const auto old_runs = deliveries_of(before);
    const auto new_runs = deliveries_of(after);
    std::set<std::pair<std::string, std::string>> keys;
    for (const auto& [key, runs] : old_runs) {
        keys.insert(key);
    }
    for (const auto& [key, runs] : new_runs) {
        keys.insert(key);
    }
    std::vector<DeliveryChange> changes;
    for (const auto& key : keys) {
        const auto o = old_runs.find(key);
        const auto n = new_runs.find(key);
        const auto old_side = read_delivery_contents(
            before, key.first, o == old_runs.end() ? std::vector<long long>{} : o->second);
        const auto new_side = read_delivery_contents(
            after, key.first, n == new_runs.end() ? std::vector<long long>{} : n->second);
        auto& d = out.deliveries.emplace_back();
        d.change = compare_deliveries(old_side, new_side);
        d.status = o == old_runs.end()   ? "added"
                   : n == new_runs.end() ? "removed"
                   : d.change.empty()    ? "unchanged"
                                         : "changed";
        changes.push_back(d.change);
    }
    out.total = total_change(changes);
    return out;
}

void record_import_change(Database& db, long long run, const std::string& change_json) {
    if (!has_column(db, "import_run", "changes_json")) {
        db.exec("ALTER TABLE import_run ADD COLUMN changes_json TEXT");
    }
    auto st = db.prepare("UPDATE import_run SET changes_json = ? WHERE id = ?");
    st.bind(1, change_json).bind(2, run);
    st.run();
}

bool is_fibre_store(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return false;
    }
    {
        std::ifstream in(path, std::ios::binary);
        std::string header(16, '\0');
        if (!in.read(header.data(), 16) || header.compare(0, 15, "SQLite format 3") != 0) {
            return false;
        }
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    if (rc != SQLITE_OK) {
        return false;
    }
    sqlite3_stmt* raw_st = nullptr;
    if (sqlite3_prepare_v2(db.get(),
                           "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                           "('schema_version', 'import_run')",
                           -1, &raw_st, nullptr) != SQLITE_OK) {
        return false;
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw_st, sqlite3_finalize);
    return sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_int(st.get(), 0) == 2;
}

std::optional<std::string> read_import_change(Database& db, long long run) {
    if (!has_column(db, "import_run", "changes_json")) {
        return std::nullopt;
    }
    auto st = db.prepare("SELECT changes_json FROM import_run WHERE id = ? AND changes_json IS NOT NULL");
    st.bind(1, run);
    if (st.step()) {
        return st.text(0);
    }
    return std::nullopt;
}

} // namespace fibre::store
