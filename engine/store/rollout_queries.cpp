#include "engine/store/rollout_queries.hpp"

#include "engine/store/database.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <iterator>
#include <optional>
#include <unordered_map>

namespace fibre::store {
namespace {

bool has_raccorde_since(Database& db) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info('premise_status') WHERE name = 'raccorde_since'");
    return st.step();
}

} // namespace

std::vector<RolloutPremise> read_raccorde_groups(Database& db) {
    std::vector<RolloutPremise> out;
    if (!has_raccorde_since(db)) {
        return out;
    }
    auto st = db.prepare(
        "SELECT p.insee, s.pm_code, coalesce(nullif(s.pm_ref, ''), s.pm_code), s.nro_code, s.raccorde_since, "
        "sum(p.locaux) FROM premise_status s JOIN premise p ON p.id = s.premise_id "
        "WHERE s.raccorde_since IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
    while (st.step()) {
        auto& r = out.emplace_back();
        r.insee = st.text(0);
        r.pm_code = st.text(1);
        r.pm_ref = st.text(2);
        r.nro_code = st.text(3);
        if (auto since = st.date(4)) {
            r.raccorde_since = *since;
        }
        r.locaux = 0;
        r.raccorde_locaux = st.integer(5);
    }
    return out;
}

std::vector<RolloutPremise> read_rollout_premises(Database& db, bool only_not_to_build) {
    std::vector<RolloutPremise> out;
    // The PM reference is the one of the site the analysis named, else its code. The declared
    // state is the operator's (IPE) when one is known for the address, else the address' own.
    auto st = db.prepare(
        std::string(
            "SELECT * FROM (SELECT p.code, p.insee, p.locaux, s.pbo_code, s.pm_code, "
            "coalesce(nullif(s.pm_ref, ''), s.pm_code), "
            "s.nro_code, s.raccordable_since, s.optical_m, s.assignment, p.id, "
            "coalesce(nullif(r.label, ''), 'import ' || p.import_run), coalesce(s.date_basis, ''), "
            "coalesce((SELECT upper(trim(d.state)) FROM declaration d WHERE d.hexacle = a.hexacle "
            "AND a.hexacle <> '' "
            "  ORDER BY d.modified DESC, d.id DESC LIMIT 1), upper(trim(a.state)), '') AS declared, ") +
        (has_raccorde_since(db) ? "s.raccorde_since" : "NULL") +
        " FROM premise p LEFT JOIN premise_status s ON s.premise_id = p.id "
        "LEFT JOIN address a ON a.code = p.address_code AND a.import_run = p.import_run "
        "LEFT JOIN import_run r ON r.id = p.import_run) " +
        (only_not_to_build ? "WHERE declared IN ('ABANDONNE', 'AB', 'RACCORDABLE DEMANDE', 'RD') " : "") +
        "ORDER BY 1, 11");
    while (st.step()) {
        RolloutPremise p;
        p.code = st.text(0);
        p.insee = st.text(1);
        p.locaux = static_cast<int>(st.integer(2));
        p.pbo_code = st.text(3);
        p.pm_code = st.text(4);
        p.pm_ref = st.text(5);
        p.nro_code = st.text(6);
        if (auto since = st.date(7)) {
            p.raccordable_since = *since;
        }
        p.optical_m = st.is_null(8) ? -1 : st.real(8);
        p.assignment = model::assignment_from_string(st.text(9));
        p.id = st.integer(10);
        p.delivery = st.text(11);
        p.date_basis = st.text(12);
        p.declared_state = st.text(13);
        if (auto since = st.date(14)) {
            p.raccorde_since = *since;
            p.raccorde_locaux = p.locaux;
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<CommuneReference> read_commune_references(Database& db) {
    std::vector<CommuneReference> out;
    auto st = db.prepare("SELECT insee, name, departement, epci_siren, epci_name, logements + etablissements "
                         "FROM commune ORDER BY insee");
    while (st.step()) {
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.integer(5)});
    }
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> read_worksite_premises(Database& db) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    // The spatial index narrows the point-in-polygon test to the perimeter's bounding box.
    auto st = db.prepare(
        "SELECT w.code, ps.premise_id FROM worksite w "
        "JOIN premise_status ps ON ps.pm_ref = w.perimeter_ref AND w.perimeter_ref <> '' "
        "UNION "
        "SELECT w.code, p.id FROM worksite w JOIN premise p ON p.rowid IN ("
        "  SELECT rowid FROM SpatialIndex WHERE f_table_name = 'premise' AND search_frame = w.geom) "
        "WHERE w.geom IS NOT NULL AND ST_Intersects(w.geom, p.geom) "
        "ORDER BY 1, 2");
    while (st.step()) {
        out.emplace_back(st.text(0), st.integer(1));
    }
    return out;
}

std::vector<WorksiteLink> read_worksite_links(Database& db) {
    // Each link once, then the (worksite, link) pairs as row ids: a link lies in several
    // perimeters (transport worksites span many PM zones), and its text is copied, not read
    // again through SQL for each.
    std::unordered_map<std::int64_t, WorksiteLink> links;
    // The midpoint decides the one commune a link's length counts in (docs/rollout-figures.md).
    auto all = db.prepare(
        "SELECT rowid, code, kind, statut, avct, built, in_service, out_of_service, "
        "CASE WHEN length_m > 0 THEN length_m ELSE coalesce(ST_Length(geom), 0) END, "
        "(SELECT c.insee FROM commune c WHERE c.rowid IN (SELECT rowid FROM SpatialIndex WHERE "
        "  f_table_name = 'commune' AND search_frame = m.mid) AND ST_Covers(c.geom, m.mid) ORDER BY c.insee "
        "  LIMIT 1) "
        "FROM (SELECT rowid AS rowid, *, ST_Line_Interpolate_Point(geom, 0.5) AS mid FROM link "
        "WHERE NOT (kind = 'cable' AND level IS 'RA')) m");
    while (all.step()) {
        WorksiteLink l;
        l.link_code = all.text(1);
        l.link_id = all.integer(0);
        l.cable = all.text(2) == "cable";
        l.life.statut = all.text(3);
        l.life.avct = all.text(4);
        l.life.built = all.date(5);
        l.life.in_service = all.date(6);
        l.life.out_of_service = all.date(7);
        l.length_m = all.real(8);
        l.midpoint_insee = all.text(9);
        links.emplace(all.integer(0), std::move(l));
    }
    // No ORDER BY: sorting a million pairs costs more than the callers' grouping by worksite;
    // the order is the spatial index's, the same for the same store.
    struct Pair {
        std::string worksite;
        std::int64_t rowid;
        bool holds_midpoint;
        double area;
    };
    std::vector<Pair> pairs;
    auto st = db.prepare(
        "SELECT w.code, l.rowid, coalesce(ST_Covers(w.geom, ST_Line_Interpolate_Point(l.geom, 0.5)), 0), "
        "coalesce(ST_Area(w.geom), 0) FROM worksite w JOIN link l ON l.rowid IN ("
        "  SELECT rowid FROM SpatialIndex WHERE f_table_name = 'link' AND search_frame = w.geom) "
        "WHERE w.geom IS NOT NULL AND ST_Intersects(w.geom, l.geom)");
    while (st.step()) {
        pairs.push_back({st.text(0), st.integer(1), st.integer(2) == 1, st.real(3)});
    }
    std::vector<WorksiteLink> out;
    out.reserve(pairs.size());
    for (auto& pair : pairs) {
        const auto it = links.find(pair.rowid);
        if (it != links.end()) {
            auto& l = out.emplace_back(it->second);
            l.worksite_code = std::move(pair.worksite);
            l.holds_midpoint = pair.holds_midpoint;
            l.perimeter_area_m2 = pair.area;
        }
    }
    return out;
}

std::optional<Date> read_data_date(Database& db) {
    // Per import: the newest actual date of its rows, none later than the import's own day.
    static const char* const dated[][2] = {{"link", "built"},
                                           {"link", "in_service"},
                                           {"link", "out_of_service"},
                                           {"site", "built"},
                                           {"site", "in_service"},
                                           {"box", "built"},
                                           {"box", "in_service"},
                                           {"zone", "commercial_date"},
                                           {"declaration", "cabling_date"},
                                           {"declaration", "commercial_date"},
                                           {"declaration", "modified"},
                                           {"worksite", "actual_start"},
                                           {"worksite", "actual_end"},
                                           {"worksite", "abandoned"},
                                           {"worksite_suspension", "start_date"}};
    std::string sql = "SELECT max(d) FROM (";
    for (std::size_t i = 0; i < std::size(dated); ++i) {
        sql += fmt::format(
            "{0}SELECT max(substr(t.{2}, 1, 10)) AS d FROM {1} t JOIN import_run r ON r.id = "
            "t.import_run WHERE t.{2} <> '' AND substr(t.{2}, 1, 10) <= substr(r.started_at, 1, 10)",
            i == 0 ? "" : " UNION ALL ", dated[i][0], dated[i][1]);
    }
    // What the latest analysis found raccordable rests on dates of the data too.
    sql +=
        " UNION ALL SELECT max(raccordable_since) FROM premise_status WHERE analysis_run = (SELECT max(id) "
        "FROM analysis_run) AND raccordable_since > '1900'";
    sql += ")";
    auto st = db.prepare(sql);
    if (st.step() && !st.is_null(0)) {
        return parse_date(st.text(0));
    }
    return std::nullopt;
}

std::vector<std::pair<std::int64_t, std::string>> read_declared_states(Database& db) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    auto st =
        db.prepare("SELECT p.id, (SELECT d.state FROM declaration d WHERE d.hexacle = a.hexacle "
                   "  ORDER BY d.modified DESC, d.id DESC LIMIT 1) AS declared "
                   "FROM premise p JOIN address a ON a.code = p.address_code AND a.import_run = p.import_run "
                   "WHERE a.hexacle IS NOT NULL AND a.hexacle <> '' AND declared IS NOT NULL ORDER BY p.id");
    while (st.step()) {
        out.emplace_back(st.integer(0), st.text(1));
    }
    return out;
}

} // namespace fibre::store
