#include "engine/store/analysis_input.hpp"

#include "engine/store/database.hpp"
#include "engine/store/wkb.hpp"

namespace fibre::store {
namespace {

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
                   "out_of_service, length_m, AsBinary(geom), import_run FROM link ORDER BY id");
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
        l.life.built = st.date(9);
        l.life.in_service = st.date(10);
        l.life.out_of_service = st.date(11);
        l.length_m = st.real(12);
        std::size_t size = 0;
        const unsigned char* data = st.blob_data(13, size);
        if (data != nullptr) {
            l.geometry = wkb::decode_linestring(data, size);
        }
        l.delivery = static_cast<std::int32_t>(st.integer(14));
    }
    return out;
}

std::vector<model::Premise> read_premises_for_analysis(Database& db, std::vector<std::string>* hexacles) {
    std::vector<model::Premise> out;
    const std::size_t n = count_rows(db, "SELECT count(*) FROM premise");
    out.reserve(n);
    if (hexacles != nullptr) {
        hexacles->clear();
        hexacles->reserve(n);
    }
    // X() and Y() read the point straight from SpatiaLite's blob; AsBinary would build WKB first.
    auto st = db.prepare(
        hexacles != nullptr
            ? "SELECT p.code, p.address_code, p.insee, p.locaux, p.declared_pbo, p.pbo_zone, "
              "X(p.geom), Y(p.geom), p.id, p.import_run, a.hexacle FROM premise p "
              "LEFT JOIN address a ON a.code = p.address_code AND a.import_run = p.import_run "
              "ORDER BY p.id"
            : "SELECT code, address_code, insee, locaux, declared_pbo, pbo_zone, X(geom), Y(geom), "
              "id, import_run FROM premise ORDER BY id");
    while (st.step()) {
        auto& p = out.emplace_back();
        p.code = st.text(0);
        p.address_code = st.text(1);
        p.insee = st.text(2);
        p.locaux = static_cast<int>(st.integer(3));
        p.declared_pbo = st.text(4);
        p.pbo_zone = st.text(5);
        p.position = {st.real(6), st.real(7)};
        p.id = st.integer(8);
        p.delivery = static_cast<std::int32_t>(st.integer(9));
        if (hexacles != nullptr) {
            hexacles->push_back(st.text(10));
        }
    }
    return out;
}

std::vector<model::Declaration> read_declarations_for_analysis(Database& db) {
    std::vector<model::Declaration> out;
    out.reserve(count_rows(db, "SELECT count(*) FROM declaration"));
    // The last four, for the declared-versus-computed mismatches (graph/feed_cause.hpp).
    auto st = db.prepare("SELECT building_id, hexacle, state, pbo_code, modified, X(geom), Y(geom), "
                         "commercial_date, insee, ref_pm, address_text FROM declaration ORDER BY id");
    // Thousands of lines share a few modification dates: parse each text once.
    std::string last_text;
    std::optional<Date> last_date;
    std::string last_commercial_text;
    std::optional<Date> last_commercial;
    while (st.step()) {
        auto& d = out.emplace_back();
        d.building_id = st.text(0);
        d.hexacle = st.text(1);
        d.state = st.text(2);
        d.pbo_code = st.text(3);
        if (!st.is_null(4)) {
            std::string text = st.text(4);
            if (text != last_text) {
                last_date = parse_date(text);
                last_text = std::move(text);
            }
            d.modified = last_date;
        }
        if (!st.is_null(5)) {
            d.position = model::Point{st.real(5), st.real(6)};
        }
        if (!st.is_null(7)) {
            std::string text = st.text(7);
            if (text != last_commercial_text) {
                last_commercial = parse_date(text);
                last_commercial_text = std::move(text);
            }
            d.commercial_date = last_commercial;
        }
        d.insee = st.text(8);
        d.ref_pm = st.text(9);
        d.address_text = st.text(10);
    }
    return out;
}

} // namespace fibre::store
