#include "engine/store/analysis_input.hpp"

#include "engine/store/database.hpp"
#include "engine/store/wkb.hpp"

namespace fibre::store {
namespace {

std::optional<Date> column_date(const Statement& st, int col) {
    if (st.is_null(col)) {
        return std::nullopt;
    }
    return parse_date(st.text(col));
}

std::size_t count_rows(Database& db, const char* sql) {
    auto st = db.prepare(sql);
    return st.step() ? static_cast<std::size_t>(st.integer(0)) : 0;
}

} // namespace

std::vector<model::Link> read_links_for_analysis(Database& db) {
    std::vector<model::Link> out;
    out.reserve(count_rows(db, "SELECT count(*) FROM link"));
    auto st =
        db.prepare("SELECT code, kind, level, node1, node2, box1, box2, statut, avct, built, in_service, "
                   "out_of_service, length_m, AsBinary(geom) FROM link ORDER BY id");
    while (st.step()) {
        auto& l = out.emplace_back();
        l.code = st.text(0);
        l.kind = st.text(1) == "path" ? model::LinkKind::path : model::LinkKind::cable;
        l.level = st.text(2);
        l.node1 = st.text(3);
        l.node2 = st.text(4);
        l.box1 = st.text(5);
        l.box2 = st.text(6);
        l.life.statut = st.text(7);
        l.life.avct = st.text(8);
        l.life.built = column_date(st, 9);
        l.life.in_service = column_date(st, 10);
        l.life.out_of_service = column_date(st, 11);
        l.length_m = st.real(12);
        std::size_t size = 0;
        const unsigned char* data = st.blob_data(13, size);
        if (data != nullptr) {
            l.geometry = wkb::decode_linestring(data, size);
        }
    }
    return out;
}

std::vector<model::Address> read_address_hexacles(Database& db) {
    std::vector<model::Address> out;
    auto st = db.prepare("SELECT code, hexacle FROM address WHERE hexacle IS NOT NULL AND hexacle <> ''");
    while (st.step()) {
        auto& a = out.emplace_back();
        a.code = st.text(0);
        a.hexacle = st.text(1);
    }
    return out;
}

} // namespace fibre::store
