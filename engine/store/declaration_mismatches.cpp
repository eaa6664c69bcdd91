#include "engine/store/declaration_mismatches.hpp"

#include "engine/store/database.hpp"
#include "engine/support/date.hpp"

namespace fibre::store {
namespace {

bool has_table(Database& db) {
    auto st =
        db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'declaration_mismatch'");
    return st.step();
}

Date date_or_never(const Statement& st, int column) {
    if (st.is_null(column)) {
        return Date::never();
    }
    return parse_date(st.text(column)).value_or(Date::never());
}

} // namespace

bool has_declaration_mismatches(Database& db) {
    if (!has_table(db)) {
        return false;
    }
    // Each analysis clears the table before it writes its own: rows of another run are left by
    // an analysis made by a version of fibre that did not compute mismatches.
    auto st = db.prepare("SELECT 1 FROM declaration_mismatch WHERE analysis_run <> (SELECT max(id) FROM "
                         "analysis_run) LIMIT 1");
    return !st.step();
}

std::vector<MismatchRow> read_declaration_mismatches(Database& db) {
    std::vector<MismatchRow> out;
    if (!has_table(db)) {
        return out;
    }
    auto st = db.prepare(
        "SELECT m.kind, m.premise_id, m.premise_code, m.building_id, m.hexacle, m.declared_state, m.insee, "
        "m.pm_code, m.pm_ref, m.raccordable_since, m.commercial_date, m.cause, m.element_code, "
        "m.element_from, m.address_text, m.x, m.y, trim(coalesce(a.number, '') || ' ' || "
        "coalesce(a.street, '')), c.name, r.label FROM declaration_mismatch m "
        "LEFT JOIN premise p ON p.id = m.premise_id "
        "LEFT JOIN address a ON a.code = p.address_code AND a.import_run IS p.import_run "
        "LEFT JOIN commune c ON c.insee = m.insee "
        "LEFT JOIN import_run r ON r.id = p.import_run "
        "WHERE m.analysis_run = (SELECT max(id) FROM analysis_run) ORDER BY m.rowid");
    while (st.step()) {
        MismatchRow row;
        auto& m = row.mismatch;
        model::mismatch_kind_from_string(st.text(0), m.kind);
        m.premise_id = st.is_null(1) ? 0 : st.integer(1);
        m.premise_code = st.text(2);
        m.building_id = st.text(3);
        m.hexacle = st.text(4);
        m.declared_state = st.text(5);
        m.insee = st.text(6);
        m.pm_code = st.text(7);
        m.pm_ref = st.text(8);
        m.raccordable_since = date_or_never(st, 9);
        if (!st.is_null(10)) {
            m.commercial_date = date_or_never(st, 10);
        }
        m.cause = model::feed_cause_from_string(st.text(11));
        m.element_code = st.text(12);
        m.element_from = date_or_never(st, 13);
        m.address_text = st.text(14);
        if (!st.is_null(15) && !st.is_null(16)) {
            m.position = model::Point{st.real(15), st.real(16)};
        }
        row.address = st.text(17);
        if (row.address.empty()) {
            row.address = m.address_text;
        }
        row.commune_name = st.text(18);
        row.delivery = st.text(19);
        out.push_back(std::move(row));
    }
    return out;
}

} // namespace fibre::store
