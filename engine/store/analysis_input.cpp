#include "engine/store/analysis_input.hpp"

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/wkb.hpp"

#include <fmt/format.h>
#include <unordered_map>

namespace fibre::store {
namespace {

std::size_t count_rows(Database& db, const char* sql) {
    auto st = db.prepare(sql);
    return st.step() ? static_cast<std::size_t>(st.integer(0)) : 0;
}

} // namespace

std::vector<model::Link> read_links_for_analysis(Database& db, std::vector<model::Link>* drops) {
    std::vector<model::Link> out;
    out.reserve(count_rows(db, "SELECT count(*) FROM link")); // drops among them: a little too much
    auto st =
        db.prepare(fmt::format("SELECT code, kind, level, node1, node2, box1, box2, statut, avct, built, "
                               "in_service, out_of_service, length_m, AsBinary(geom), import_run FROM link {}"
                               "ORDER BY id",
                               drops != nullptr ? "" : "WHERE NOT (kind = 'cable' AND level IS 'RA') "));
    while (st.step()) {
        if (drops != nullptr && st.text(1) == "cable" && st.text(2) == "RA") {
            // A drop: what read_drops needs of it, no geometry.
            auto& d = drops->emplace_back();
            d.code = st.text(0);
            d.kind = model::LinkKind::cable;
            d.level = "RA";
            d.box1 = st.text(5);
            d.box2 = st.text(6);
            d.life.statut = st.text(7);
            d.life.avct = st.text(8);
            d.life.built = st.date(9);
            d.life.in_service = st.date(10);
            d.life.out_of_service = st.date(11);
            d.delivery = static_cast<std::int32_t>(st.integer(14));
            continue;
        }
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

std::vector<model::Box> read_boxes_for_analysis(Database& db, std::vector<model::Box>* ptos) {
    std::vector<model::Box> out;
    auto st = db.prepare(fmt::format(
        "SELECT code, type, node_code, statut, avct, built, in_service, "
        "out_of_service, X(geom), Y(geom), import_run, {} FROM box {}ORDER BY id",
        box_has_local_code(db) ? "local_code" : "NULL", ptos != nullptr ? "" : "WHERE type IS NOT 'PTO' "));
    while (st.step()) {
        const bool pto = st.text(1) == "PTO";
        if (pto && ptos == nullptr) {
            continue;
        }
        auto& b = pto ? ptos->emplace_back() : out.emplace_back();
        b.local_code = st.text(11);
        b.code = st.text(0);
        b.type = st.text(1);
        b.node_code = st.text(2);
        b.life.statut = st.text(3);
        b.life.avct = st.text(4);
        b.life.built = st.date(5);
        b.life.in_service = st.date(6);
        b.life.out_of_service = st.date(7);
        b.position = {st.real(8), st.real(9)};
        b.delivery = static_cast<std::int32_t>(st.integer(10));
    }
    return out;
}

std::vector<model::Drop> join_drops(const std::vector<model::Link>& cables,
                                    const std::vector<model::Box>& ptos,
                                    const std::vector<model::Premise>& premises) {
    std::vector<model::Drop> out;
    out.reserve(cables.size());
    const auto key = [](std::int64_t run, const std::string& code) {
        return fmt::format("{}\x1f{}", run, code);
    };
    std::unordered_map<std::string, const model::Box*> pto_at;
    pto_at.reserve(ptos.size());
    for (const auto& b : ptos) {
        pto_at.emplace(key(b.delivery, b.code), &b); // the first of a code wins
    }
    std::unordered_map<std::string, std::int64_t> premise_of_local;
    for (const auto& c : cables) {
        auto& d = out.emplace_back();
        d.cable_code = c.code;
        d.cable = c.life;
        d.delivery = c.delivery;
        // The PTO is looked for at the second end first (drops are drawn from the PBO out), then
        // at the first; the other end names the PBO.
        auto pto = c.box2.empty() ? pto_at.end() : pto_at.find(key(c.delivery, c.box2));
        if (pto != pto_at.end()) {
            d.pto_code = c.box2;
            d.pbo_code = c.box1;
        } else if (pto = c.box1.empty() ? pto_at.end() : pto_at.find(key(c.delivery, c.box1));
                   pto != pto_at.end()) {
            d.pto_code = c.box1;
            d.pbo_code = c.box2;
        }
        if (pto != pto_at.end()) {
            d.local_code = pto->second->local_code;
            d.pto = pto->second->life;
            d.position = pto->second->position;
            if (!d.local_code.empty()) {
                premise_of_local.emplace(key(d.delivery, d.local_code), 0);
            }
        }
    }
    if (!premise_of_local.empty()) {
        for (const auto& p : premises) {
            if (const auto it = premise_of_local.find(key(p.delivery, p.code));
                it != premise_of_local.end()) {
                it->second = p.id;
            }
        }
        for (auto& d : out) {
            if (!d.local_code.empty()) {
                d.premise_id = premise_of_local.at(key(d.delivery, d.local_code));
            }
        }
    }
    return out;
}

std::vector<model::Drop> read_drops(Database& db, const std::vector<model::Premise>& premises) {
    std::vector<model::Link> cables;
    std::vector<model::Box> ptos;
    (void)read_links_for_analysis(db, &cables);
    (void)read_boxes_for_analysis(db, &ptos);
    return join_drops(cables, ptos, premises);
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
