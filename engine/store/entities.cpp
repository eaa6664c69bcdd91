#include "engine/store/entities.hpp"

#include "engine/store/database.hpp"
#include "engine/store/wkb.hpp"

#include <fmt/format.h>
#include <optional>

namespace fibre::store {
namespace {

void bind_date(Statement& st, int i, const std::optional<Date>& d) {
    if (d) {
        st.bind(i, d->iso());
    } else {
        st.bind_null(i);
    }
}

void bind_point(Statement& st, int i, const model::Point& p) {
    const auto bytes = wkb::encode(p);
    st.bind_blob(i, bytes.data(), bytes.size());
}

void bind_line(Statement& st, int i, const model::LineString& line) {
    if (line.size() < 2) {
        st.bind_null(i);
        return;
    }
    const auto bytes = wkb::encode(line);
    st.bind_blob(i, bytes.data(), bytes.size());
}

void bind_area(Statement& st, int i, const model::MultiPolygon& mp) {
    if (mp.empty()) {
        st.bind_null(i);
        return;
    }
    const auto bytes = wkb::encode(mp);
    st.bind_blob(i, bytes.data(), bytes.size());
}

model::Point column_point(const Statement& st, int col) {
    std::size_t size = 0;
    const unsigned char* data = st.blob_data(col, size);
    return data == nullptr ? model::Point{} : wkb::decode_point(data, size);
}

model::LineString column_line(const Statement& st, int col) {
    std::size_t size = 0;
    const unsigned char* data = st.blob_data(col, size);
    return data == nullptr ? model::LineString{} : wkb::decode_linestring(data, size);
}

model::MultiPolygon column_area(const Statement& st, int col) {
    std::size_t size = 0;
    const unsigned char* data = st.blob_data(col, size);
    return data == nullptr ? model::MultiPolygon{} : wkb::decode_multipolygon(data, size);
}

void bind_life(Statement& st, int first, const model::Lifecycle& life) {
    st.bind_text_or_null(first, life.statut);
    st.bind_text_or_null(first + 1, life.avct);
    bind_date(st, first + 2, life.built);
    bind_date(st, first + 3, life.in_service);
    bind_date(st, first + 4, life.out_of_service);
}

model::Lifecycle column_life(const Statement& st, int first) {
    model::Lifecycle life;
    life.statut = st.text(first);
    life.avct = st.text(first + 1);
    life.built = st.date(first + 2);
    life.in_service = st.date(first + 3);
    life.out_of_service = st.date(first + 4);
    return life;
}

bool insert_unique(Statement& st) {
    return st.run_unless_duplicate();
}

} // namespace

struct EntityWriter::Statements {
    std::optional<Statement> commune, parcel, building, address, premise, node, link, cable_path, site, box,
        zone, worksite, suspension, declaration, arcep, arcep_commune;
};

EntityWriter::EntityWriter(Database& db, long long import_run)
    : db_(db), import_run_(import_run), st_(std::make_unique<Statements>()) {}

EntityWriter::~EntityWriter() = default;

namespace {
Statement& prepared(std::optional<Statement>& slot, Database& db, const char* sql) {
    if (!slot) {
        slot.emplace(db.prepare(sql));
    }
    return *slot;
}
} // namespace

void EntityWriter::add(const model::Commune& c) {
    auto& st = prepared(
        st_->commune, db_,
        "INSERT INTO commune (insee, name, departement, epci_siren, epci_name, population, logements, "
        "etablissements, import_run, geom) VALUES (?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154)) "
        "ON CONFLICT(insee) DO UPDATE SET "
        "name = coalesce(nullif(excluded.name, ''), name), "
        "departement = coalesce(excluded.departement, departement), "
        "epci_siren = coalesce(excluded.epci_siren, epci_siren), "
        "epci_name = coalesce(excluded.epci_name, epci_name), "
        "population = CASE WHEN excluded.population > 0 THEN excluded.population ELSE population END, "
        "logements = CASE WHEN excluded.logements > 0 THEN excluded.logements ELSE logements END, "
        "etablissements = CASE WHEN excluded.etablissements > 0 THEN excluded.etablissements "
        "ELSE etablissements END, "
        "geom = coalesce(excluded.geom, geom)");
    st.bind(1, c.insee).bind(2, c.name);
    st.bind_text_or_null(3, c.departement)
        .bind_text_or_null(4, c.epci_siren)
        .bind_text_or_null(5, c.epci_name);
    st.bind(6, c.population).bind(7, c.logements).bind(8, c.etablissements).bind(9, import_run_);
    bind_area(st, 10, c.geometry);
    st.run();
}

bool EntityWriter::add(const model::Parcel& p) {
    auto& st =
        prepared(st_->parcel, db_,
                 "INSERT INTO parcel (id, insee, prefixe, section, numero, contenance_m2, import_run, geom) "
                 "VALUES (?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, p.id).bind(2, p.insee).bind(3, p.prefixe).bind(4, p.section).bind(5, p.numero);
    st.bind(6, p.contenance_m2).bind(7, import_run_);
    bind_area(st, 8, p.geometry);
    return insert_unique(st);
}

bool EntityWriter::add(const model::Building& b) {
    auto& st = prepared(st_->building, db_,
                        "INSERT INTO building (id, insee, type, name, import_run, geom) "
                        "VALUES (?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, b.id)
        .bind(2, b.insee)
        .bind_text_or_null(3, b.type)
        .bind_text_or_null(4, b.name)
        .bind(5, import_run_);
    bind_area(st, 6, b.geometry);
    return insert_unique(st);
}

bool EntityWriter::add(const model::Address& a) {
    auto& st =
        prepared(st_->address, db_,
                 "INSERT INTO address (code, ban_id, hexacle, insee, number, street, postcode, commune_name, "
                 "logements, professionnels, state, parcels, import_run, geom) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, a.code).bind_text_or_null(2, a.ban_id).bind_text_or_null(3, a.hexacle).bind(4, a.insee);
    st.bind(5, a.number)
        .bind(6, a.street)
        .bind_text_or_null(7, a.postcode)
        .bind_text_or_null(8, a.commune_name);
    st.bind(9, a.logements)
        .bind(10, a.professionnels)
        .bind_text_or_null(11, a.state)
        .bind_text_or_null(12, a.parcels);
    st.bind(13, import_run_);
    bind_point(st, 14, a.position);
    return insert_unique(st);
}

bool EntityWriter::add(const model::Premise& p) {
    auto& st =
        prepared(st_->premise, db_,
                 "INSERT INTO premise (code, address_code, insee, locaux, type, declared_pbo, pbo_zone, "
                 "import_run, geom) VALUES (?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, p.code).bind_text_or_null(2, p.address_code).bind(3, p.insee).bind(4, p.locaux);
    st.bind_text_or_null(5, p.type).bind_text_or_null(6, p.declared_pbo).bind_text_or_null(7, p.pbo_zone);
    st.bind(8, import_run_);
    bind_point(st, 9, p.position);
    return insert_unique(st);
}

void EntityWriter::add(const model::Node& n) {
    auto& st =
        prepared(st_->node, db_,
                 "INSERT INTO node (code, type, import_run, geom) VALUES (?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, n.code).bind_text_or_null(2, n.type).bind(3, import_run_);
    bind_point(st, 4, n.position);
    st.run();
}

void EntityWriter::add(const model::Link& l) {
    auto& st = prepared(st_->link, db_,
                        "INSERT INTO link (code, kind, level, node1, node2, box1, box2, statut, avct, built, "
                        "in_service, out_of_service, length_m, capacity, implantation, import_run, geom) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, l.code).bind(2, l.kind == model::LinkKind::cable ? "cable" : "path");
    st.bind_text_or_null(3, l.level).bind_text_or_null(4, l.node1).bind_text_or_null(5, l.node2);
    st.bind_text_or_null(6, l.box1).bind_text_or_null(7, l.box2);
    bind_life(st, 8, l.life);
    st.bind(13, l.length_m).bind(14, l.capacity).bind_text_or_null(15, l.implantation).bind(16, import_run_);
    bind_line(st, 17, l.geometry);
    st.run();
}

void EntityWriter::add(const model::CablePath& cp) {
    auto& st = prepared(st_->cable_path, db_,
                        "INSERT INTO cable_path (cable_code, path_code, import_run) VALUES (?,?,?)");
    st.bind(1, cp.cable_code).bind(2, cp.path_code).bind(3, import_run_);
    st.run();
}

void EntityWriter::add(const model::Site& s) {
    auto& st =
        prepared(st_->site, db_,
                 "INSERT INTO site (code, type, node_code, ref_pm, statut, avct, built, in_service, "
                 "out_of_service, import_run, geom) VALUES (?,?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, s.code)
        .bind_text_or_null(2, s.type)
        .bind_text_or_null(3, s.node_code)
        .bind_text_or_null(4, s.ref_pm);
    bind_life(st, 5, s.life);
    st.bind(10, import_run_);
    bind_point(st, 11, s.position);
    st.run();
}

void EntityWriter::add(const model::Box& b) {
    if (!st_->box) {
        // A store made before boxes named their local gets the column at its next import.
        ensure_box_local_code(db_);
    }
    auto& st =
        prepared(st_->box, db_,
                 "INSERT INTO box (code, type, node_code, statut, avct, built, in_service, out_of_service, "
                 "import_run, geom, local_code) VALUES (?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154),?)");
    st.bind(1, b.code).bind_text_or_null(2, b.type).bind_text_or_null(3, b.node_code);
    bind_life(st, 4, b.life);
    st.bind(9, import_run_);
    bind_point(st, 10, b.position);
    st.bind_text_or_null(11, b.local_code);
    st.run();
}

void EntityWriter::add(const model::Zone& z) {
    auto& st = prepared(st_->zone, db_,
                        "INSERT INTO zone (code, kind, owner_code, ref_pm, state, declared_logements, "
                        "commercial_date, import_run, geom) VALUES (?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, z.code).bind(2, z.kind).bind_text_or_null(3, z.owner_code).bind_text_or_null(4, z.ref_pm);
    st.bind_text_or_null(5, z.state).bind(6, z.declared_logements);
    bind_date(st, 7, z.commercial_date);
    st.bind(8, import_run_);
    bind_area(st, 9, z.geometry);
    st.run();
}

bool EntityWriter::add(const model::Worksite& w) {
    auto& st =
        prepared(st_->worksite, db_,
                 "INSERT INTO worksite (code, name, kind, perimeter_ref, declared_state, planned_start, "
                 "planned_end, actual_start, actual_end, abandoned, planned_length_m, import_run, geom) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind(1, w.code).bind_text_or_null(2, w.name).bind_text_or_null(3, w.kind);
    st.bind_text_or_null(4, w.perimeter_ref).bind_text_or_null(5, w.declared_state);
    bind_date(st, 6, w.planned_start);
    bind_date(st, 7, w.planned_end);
    bind_date(st, 8, w.actual_start);
    bind_date(st, 9, w.actual_end);
    bind_date(st, 10, w.abandoned);
    st.bind(11, w.planned_length_m).bind(12, import_run_);
    bind_area(st, 13, w.perimeter);
    if (!insert_unique(st)) {
        return false;
    }
    auto& sus =
        prepared(st_->suspension, db_,
                 "INSERT INTO worksite_suspension (worksite_code, start_date, end_date, reason, import_run) "
                 "VALUES (?,?,?,?,?)");
    for (const auto& s : w.suspensions) {
        sus.bind(1, w.code).bind(2, s.from.iso());
        bind_date(sus, 3, s.to);
        sus.bind_text_or_null(4, s.reason).bind(5, import_run_);
        sus.run();
    }
    return true;
}

void EntityWriter::add(const model::Declaration& d) {
    auto& st =
        prepared(st_->declaration, db_,
                 "INSERT INTO declaration (building_id, insee, hexacle, address_text, logements, state, "
                 "cabling_date, commercial_date, ref_pm, pm_state, pbo_code, modified, import_run, geom) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,GeomFromWKB(?, 2154))");
    st.bind_text_or_null(1, d.building_id).bind_text_or_null(2, d.insee).bind_text_or_null(3, d.hexacle);
    st.bind_text_or_null(4, d.address_text).bind(5, d.logements).bind_text_or_null(6, d.state);
    bind_date(st, 7, d.cabling_date);
    bind_date(st, 8, d.commercial_date);
    st.bind_text_or_null(9, d.ref_pm).bind_text_or_null(10, d.pm_state).bind_text_or_null(11, d.pbo_code);
    bind_date(st, 12, d.modified);
    st.bind(13, import_run_);
    if (d.position) {
        bind_point(st, 14, *d.position);
    } else {
        st.bind_null(14);
    }
    st.run();
}

namespace {
bool has_column(Database& db, const char* table, const char* column) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, table).bind(2, column);
    return st.step();
}
bool has_table(Database& db, const char* table) {
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind(1, table);
    return st.step();
}
} // namespace

void EntityWriter::add(const model::ArcepFigure& f) {
    if (!st_->arcep) {
        // Stores made before the figures carried ARCEP's best estimate, band and zone.
        if (!has_column(db_, "arcep_figure", "locaux")) {
            db_.exec("ALTER TABLE arcep_figure ADD COLUMN locaux INTEGER; "
                     "ALTER TABLE arcep_figure ADD COLUMN band INTEGER; "
                     "ALTER TABLE arcep_figure ADD COLUMN zone TEXT");
        }
    }
    auto& st =
        prepared(st_->arcep, db_,
                 "INSERT OR REPLACE INTO arcep_figure (level, code, quarter, raccordables, import_run, "
                 "locaux, band, zone) VALUES (?,?,?,?,?,?,?,?)");
    st.bind(1, f.level).bind(2, f.code).bind(3, f.quarter).bind(4, f.raccordables).bind(5, import_run_);
    if (f.locaux) {
        st.bind(6, *f.locaux);
    } else {
        st.bind_null(6);
    }
    if (f.band) {
        st.bind(7, static_cast<long long>(*f.band));
    } else {
        st.bind_null(7);
    }
    st.bind_text_or_null(8, f.zone);
    st.run();
}

void EntityWriter::add(const model::ArcepCommune& c) {
    if (!st_->arcep_commune) {
        db_.exec("CREATE TABLE IF NOT EXISTS arcep_commune (insee TEXT NOT NULL PRIMARY KEY, name TEXT, "
                 "departement TEXT, epci_siren TEXT, logements INTEGER, etablissements INTEGER, zone TEXT, "
                 "import_run INTEGER)");
    }
    auto& st =
        prepared(st_->arcep_commune, db_,
                 "INSERT OR REPLACE INTO arcep_commune (insee, name, departement, epci_siren, logements, "
                 "etablissements, zone, import_run) VALUES (?,?,?,?,?,?,?,?)");
    st.bind(1, c.insee).bind_text_or_null(2, c.name).bind_text_or_null(3, c.departement);
    st.bind_text_or_null(4, c.epci_siren).bind(5, c.logements).bind(6, c.etablissements);
    st.bind_text_or_null(7, c.zone).bind(8, import_run_);
    st.run();
}

// ---- readers ----

std::vector<model::Commune> read_communes(Database& db) {
    std::vector<model::Commune> out;
    auto st = db.prepare("SELECT insee, name, departement, epci_siren, epci_name, population, logements, "
                         "etablissements, AsBinary(geom) FROM commune ORDER BY insee");
    while (st.step()) {
        model::Commune c;
        c.insee = st.text(0);
        c.name = st.text(1);
        c.departement = st.text(2);
        c.epci_siren = st.text(3);
        c.epci_name = st.text(4);
        c.population = st.integer(5);
        c.logements = st.integer(6);
        c.etablissements = st.integer(7);
        c.geometry = column_area(st, 8);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<model::Parcel> read_parcels(Database& db) {
    std::vector<model::Parcel> out;
    auto st = db.prepare("SELECT id, insee, prefixe, section, numero, contenance_m2, AsBinary(geom) FROM "
                         "parcel ORDER BY rowid");
    while (st.step()) {
        out.push_back(
            {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.real(5), column_area(st, 6)});
    }
    return out;
}

std::vector<model::Building> read_buildings(Database& db) {
    std::vector<model::Building> out;
    auto st = db.prepare("SELECT id, insee, type, name, AsBinary(geom) FROM building ORDER BY rowid");
    while (st.step()) {
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), column_area(st, 4)});
    }
    return out;
}

std::vector<model::Address> read_addresses(Database& db) {
    std::vector<model::Address> out;
    auto st =
        db.prepare("SELECT code, ban_id, hexacle, insee, number, street, postcode, commune_name, logements, "
                   "professionnels, state, parcels, AsBinary(geom) FROM address ORDER BY rowid");
    while (st.step()) {
        model::Address a;
        a.code = st.text(0);
        a.ban_id = st.text(1);
        a.hexacle = st.text(2);
        a.insee = st.text(3);
        a.number = st.text(4);
        a.street = st.text(5);
        a.postcode = st.text(6);
        a.commune_name = st.text(7);
        a.logements = static_cast<int>(st.integer(8));
        a.professionnels = static_cast<int>(st.integer(9));
        a.state = st.text(10);
        a.parcels = st.text(11);
        a.position = column_point(st, 12);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<model::Premise> read_premises(Database& db) {
    std::vector<model::Premise> out;
    auto st =
        db.prepare("SELECT code, address_code, insee, locaux, type, declared_pbo, pbo_zone, AsBinary(geom), "
                   "id, import_run FROM premise ORDER BY id");
    while (st.step()) {
        model::Premise p;
        p.code = st.text(0);
        p.address_code = st.text(1);
        p.insee = st.text(2);
        p.locaux = static_cast<int>(st.integer(3));
        p.type = st.text(4);
        p.declared_pbo = st.text(5);
        p.pbo_zone = st.text(6);
        p.position = column_point(st, 7);
        p.id = st.integer(8);
        p.delivery = static_cast<std::int32_t>(st.integer(9));
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<model::Node> read_nodes(Database& db) {
    std::vector<model::Node> out;
    auto st = db.prepare("SELECT code, type, AsBinary(geom), import_run FROM node ORDER BY id");
    while (st.step()) {
        auto& n = out.emplace_back();
        n.code = st.text(0);
        n.type = st.text(1);
        n.position = column_point(st, 2);
        n.delivery = static_cast<std::int32_t>(st.integer(3));
    }
    return out;
}

std::vector<model::Link> read_links(Database& db) {
    std::vector<model::Link> out;
    auto st =
        db.prepare("SELECT code, kind, level, node1, node2, box1, box2, statut, avct, built, in_service, "
                   "out_of_service, length_m, capacity, implantation, AsBinary(geom), import_run FROM link "
                   "ORDER BY id");
    while (st.step()) {
        model::Link l;
        l.code = st.text(0);
        l.kind = st.text(1) == "path" ? model::LinkKind::path : model::LinkKind::cable;
        l.level = st.text(2);
        l.node1 = st.text(3);
        l.node2 = st.text(4);
        l.box1 = st.text(5);
        l.box2 = st.text(6);
        l.life = column_life(st, 7);
        l.length_m = st.real(12);
        l.capacity = static_cast<int>(st.integer(13));
        l.implantation = st.text(14);
        l.geometry = column_line(st, 15);
        l.delivery = static_cast<std::int32_t>(st.integer(16));
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<model::CablePath> read_cable_paths(Database& db) {
    std::vector<model::CablePath> out;
    auto st = db.prepare("SELECT cable_code, path_code FROM cable_path ORDER BY rowid");
    while (st.step()) {
        out.push_back({st.text(0), st.text(1)});
    }
    return out;
}

std::vector<model::Site> read_sites(Database& db) {
    std::vector<model::Site> out;
    auto st =
        db.prepare("SELECT code, type, node_code, ref_pm, statut, avct, built, in_service, out_of_service, "
                   "AsBinary(geom), import_run FROM site ORDER BY id");
    while (st.step()) {
        auto& s = out.emplace_back(model::Site{st.text(0), st.text(1), st.text(2), st.text(3),
                                               column_life(st, 4), column_point(st, 9)});
        s.delivery = static_cast<std::int32_t>(st.integer(10));
    }
    return out;
}

std::vector<model::Box> read_boxes(Database& db) {
    std::vector<model::Box> out;
    auto st = db.prepare(std::string("SELECT code, type, node_code, statut, avct, built, in_service, "
                                     "out_of_service, AsBinary(geom), import_run, ") +
                         (box_has_local_code(db) ? "local_code" : "NULL") + " FROM box ORDER BY id");
    while (st.step()) {
        auto& b = out.emplace_back(
            model::Box{st.text(0), st.text(1), st.text(2), column_life(st, 3), column_point(st, 8)});
        b.delivery = static_cast<std::int32_t>(st.integer(9));
        b.local_code = st.text(10);
    }
    return out;
}

bool box_has_local_code(Database& db) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info('box') WHERE name = 'local_code'");
    return st.step();
}

void ensure_box_local_code(Database& db) {
    if (!box_has_local_code(db)) {
        db.exec("ALTER TABLE box ADD COLUMN local_code TEXT");
    }
}

std::vector<model::Zone> read_zones(Database& db) {
    std::vector<model::Zone> out;
    auto st = db.prepare("SELECT code, kind, owner_code, ref_pm, state, declared_logements, commercial_date, "
                         "AsBinary(geom), import_run FROM zone ORDER BY id");
    while (st.step()) {
        model::Zone z;
        z.code = st.text(0);
        z.kind = st.text(1);
        z.owner_code = st.text(2);
        z.ref_pm = st.text(3);
        z.state = st.text(4);
        z.declared_logements = static_cast<int>(st.integer(5));
        z.commercial_date = st.date(6);
        z.geometry = column_area(st, 7);
        z.delivery = static_cast<std::int32_t>(st.integer(8));
        out.push_back(std::move(z));
    }
    return out;
}

std::vector<model::Worksite> read_worksites(Database& db) {
    std::vector<model::Worksite> out;
    auto st =
        db.prepare("SELECT code, name, kind, perimeter_ref, declared_state, planned_start, planned_end, "
                   "actual_start, actual_end, abandoned, planned_length_m, AsBinary(geom) FROM worksite "
                   "ORDER BY code");
    auto sus =
        db.prepare("SELECT start_date, end_date, reason FROM worksite_suspension WHERE worksite_code = ? "
                   "ORDER BY start_date");
    while (st.step()) {
        model::Worksite w;
        w.code = st.text(0);
        w.name = st.text(1);
        w.kind = st.text(2);
        w.perimeter_ref = st.text(3);
        w.declared_state = st.text(4);
        w.planned_start = st.date(5);
        w.planned_end = st.date(6);
        w.actual_start = st.date(7);
        w.actual_end = st.date(8);
        w.abandoned = st.date(9);
        w.planned_length_m = st.real(10);
        w.perimeter = column_area(st, 11);
        sus.bind(1, w.code);
        while (sus.step()) {
            w.suspensions.push_back({*sus.date(0), sus.date(1), sus.text(2)});
        }
        sus.reset();
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<model::Declaration> read_declarations(Database& db) {
    std::vector<model::Declaration> out;
    auto st =
        db.prepare("SELECT building_id, insee, hexacle, address_text, logements, state, cabling_date, "
                   "commercial_date, ref_pm, pm_state, pbo_code, modified, AsBinary(geom) FROM declaration "
                   "ORDER BY id");
    while (st.step()) {
        model::Declaration d;
        d.building_id = st.text(0);
        d.insee = st.text(1);
        d.hexacle = st.text(2);
        d.address_text = st.text(3);
        d.logements = static_cast<int>(st.integer(4));
        d.state = st.text(5);
        d.cabling_date = st.date(6);
        d.commercial_date = st.date(7);
        d.ref_pm = st.text(8);
        d.pm_state = st.text(9);
        d.pbo_code = st.text(10);
        d.modified = st.date(11);
        if (!st.is_null(12)) {
            d.position = column_point(st, 12);
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<model::ArcepFigure> read_arcep_figures(Database& db) {
    std::vector<model::ArcepFigure> out;
    const bool columns = has_column(db, "arcep_figure", "locaux");
    const bool reference = has_table(db, "arcep_commune");
    const std::string zone = columns && reference ? "coalesce(f.zone, c.zone)"
                             : columns            ? "f.zone"
                             : reference          ? "c.zone"
                                                  : "NULL";
    auto st = db.prepare(fmt::format(
        "SELECT f.level, f.code, f.quarter, f.raccordables, {}, {}, {} FROM arcep_figure f {} "
        "ORDER BY f.level, f.code, f.quarter",
        columns ? "f.locaux" : "NULL", columns ? "f.band" : "NULL", zone,
        reference ? "LEFT JOIN arcep_commune c ON f.level = 'commune' AND c.insee = f.code" : ""));
    while (st.step()) {
        model::ArcepFigure f{st.text(0), st.text(1), st.text(2), st.integer(3)};
        if (!st.is_null(4)) {
            f.locaux = st.integer(4);
        }
        if (!st.is_null(5)) {
            f.band = static_cast<int>(st.integer(5));
        }
        f.zone = st.text(6);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<model::ArcepCommune> read_arcep_communes(Database& db) {
    std::vector<model::ArcepCommune> out;
    if (!has_table(db, "arcep_commune")) {
        return out;
    }
    auto st = db.prepare("SELECT insee, name, departement, epci_siren, logements, etablissements, zone FROM "
                         "arcep_commune ORDER BY insee");
    while (st.step()) {
        out.push_back(
            {st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4), st.integer(5), st.text(6)});
    }
    return out;
}

Territory read_territory(Database& db) {
    Territory t;
    auto st = db.prepare("SELECT insee, epci_siren, departement FROM commune");
    while (st.step()) {
        t.communes.insert(st.text(0));
        if (!st.is_null(1) && !st.text(1).empty()) {
            t.epcis.insert(st.text(1));
        }
        if (!st.is_null(2) && !st.text(2).empty()) {
            t.departements.insert(st.text(2));
        }
    }
    return t;
}

} // namespace fibre::store
