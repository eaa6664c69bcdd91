#include "engine/store/schema.hpp"

#include "engine/store/database.hpp"
#include "engine/support/error.hpp"

#include <array>
#include <fmt/format.h>

namespace fibre::store {
namespace {

// Plain tables. Codes are TEXT everywhere (INSEE codes keep leading zeros, 2A/2B);
// dates are ISO 'YYYY-MM-DD' TEXT, NULL when unknown. Network codes are not unique:
// duplicate codes in a delivery are kept for `fibre check` to report. Codes are unique only
// inside one delivery (producers number them per delivery): addresses and premises are
// unique by (code, import_run), and import_run.label names the delivery.
constexpr const char* tables_sql = R"sql(
CREATE TABLE schema_version (
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    fibre_version TEXT NOT NULL
);
CREATE TABLE import_run (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    source      TEXT NOT NULL,
    checksum    TEXT NOT NULL,
    perimeter   TEXT NOT NULL DEFAULT '',
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    counts_json TEXT NOT NULL DEFAULT '{}',
    label       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_run_checksum ON import_run(checksum);
CREATE TABLE reject (
    id          INTEGER PRIMARY KEY,
    import_run  INTEGER NOT NULL,
    source      TEXT NOT NULL,
    layer       TEXT NOT NULL,
    feature_id  TEXT NOT NULL,
    field       TEXT,
    reason      TEXT NOT NULL,
    action      TEXT NOT NULL DEFAULT 'rejected' CHECK (action IN ('rejected', 'repaired', 'kept'))
);
CREATE INDEX reject_run ON reject(import_run);
CREATE TABLE commune (
    insee          TEXT NOT NULL PRIMARY KEY,
    name           TEXT NOT NULL,
    departement    TEXT,
    epci_siren     TEXT,
    epci_name      TEXT,
    population     INTEGER NOT NULL DEFAULT 0,
    logements      INTEGER NOT NULL DEFAULT 0,
    etablissements INTEGER NOT NULL DEFAULT 0,
    import_run     INTEGER
);
CREATE TABLE parcel (
    id            TEXT NOT NULL PRIMARY KEY,
    insee         TEXT,
    prefixe       TEXT,
    section       TEXT,
    numero        TEXT,
    contenance_m2 REAL,
    import_run    INTEGER
);
CREATE INDEX parcel_insee ON parcel(insee);
CREATE TABLE building (
    id         TEXT NOT NULL PRIMARY KEY,
    insee      TEXT,
    type       TEXT,
    name       TEXT,
    import_run INTEGER
);
CREATE TABLE address (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    ban_id         TEXT,
    hexacle        TEXT,
    insee          TEXT,
    number         TEXT,
    street         TEXT,
    postcode       TEXT,
    commune_name   TEXT,
    logements      INTEGER NOT NULL DEFAULT 0,
    professionnels INTEGER NOT NULL DEFAULT 0,
    state          TEXT,
    parcels        TEXT,
    import_run     INTEGER,
    UNIQUE (code, import_run)
);
CREATE INDEX address_hexacle ON address(hexacle);
CREATE INDEX address_insee ON address(insee);
CREATE TABLE premise (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    address_code TEXT,
    insee        TEXT,
    locaux       INTEGER NOT NULL DEFAULT 1,
    type         TEXT,
    declared_pbo TEXT,
    pbo_zone     TEXT,
    import_run   INTEGER,
    UNIQUE (code, import_run)
);
CREATE INDEX premise_insee ON premise(insee);
CREATE INDEX premise_address ON premise(address_code);
CREATE TABLE node (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    type       TEXT,
    import_run INTEGER
);
CREATE INDEX node_code ON node(code);
CREATE TABLE link (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('cable', 'path')),
    level          TEXT,
    node1          TEXT,
    node2          TEXT,
    box1           TEXT,
    box2           TEXT,
    statut         TEXT,
    avct           TEXT,
    built          TEXT,
    in_service     TEXT,
    out_of_service TEXT,
    length_m       REAL NOT NULL DEFAULT 0,
    capacity       INTEGER NOT NULL DEFAULT 0,
    implantation   TEXT,
    import_run     INTEGER
);
CREATE INDEX link_code ON link(code);
CREATE TABLE cable_path (
    cable_code TEXT NOT NULL,
    path_code  TEXT NOT NULL,
    import_run INTEGER
);
CREATE INDEX cable_path_cable ON cable_path(cable_code);
CREATE TABLE site (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    type           TEXT,
    node_code      TEXT,
    ref_pm         TEXT,
    statut         TEXT,
    avct           TEXT,
    built          TEXT,
    in_service     TEXT,
    out_of_service TEXT,
    import_run     INTEGER
);
CREATE INDEX site_code ON site(code);
CREATE TABLE box (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    type           TEXT,
    node_code      TEXT,
    statut         TEXT,
    avct           TEXT,
    built          TEXT,
    in_service     TEXT,
    out_of_service TEXT,
    import_run     INTEGER,
    local_code     TEXT
);
CREATE INDEX box_code ON box(code);
CREATE TABLE zone (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('znro', 'zsro', 'zpbo')),
    owner_code         TEXT,
    ref_pm             TEXT,
    state              TEXT,
    declared_logements INTEGER NOT NULL DEFAULT 0,
    commercial_date    TEXT,
    import_run         INTEGER
);
CREATE INDEX zone_code ON zone(code);
CREATE TABLE worksite (
    code             TEXT NOT NULL PRIMARY KEY,
    name             TEXT,
    kind             TEXT,
    perimeter_ref    TEXT,
    declared_state   TEXT,
    planned_start    TEXT,
    planned_end      TEXT,
    actual_start     TEXT,
    actual_end       TEXT,
    abandoned        TEXT,
    planned_length_m REAL NOT NULL DEFAULT 0,
    import_run       INTEGER
);
CREATE TABLE worksite_suspension (
    worksite_code TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT,
    reason        TEXT,
    import_run    INTEGER
);
CREATE INDEX worksite_suspension_code ON worksite_suspension(worksite_code);
CREATE TABLE declaration (
    id              INTEGER PRIMARY KEY,
    building_id     TEXT,
    insee           TEXT,
    hexacle         TEXT,
    address_text    TEXT,
    logements       INTEGER NOT NULL DEFAULT 0,
    state           TEXT,
    cabling_date    TEXT,
    commercial_date TEXT,
    ref_pm          TEXT,
    pm_state        TEXT,
    pbo_code        TEXT,
    modified        TEXT,
    import_run      INTEGER
);
CREATE INDEX declaration_hexacle ON declaration(hexacle);
CREATE TABLE arcep_figure (
    level        TEXT NOT NULL,
    code         TEXT NOT NULL,
    quarter      TEXT NOT NULL,
    raccordables INTEGER NOT NULL,
    import_run   INTEGER,
    locaux       INTEGER,
    band         INTEGER,
    zone         TEXT,
    PRIMARY KEY (level, code, quarter)
);
CREATE TABLE arcep_commune (
    insee          TEXT NOT NULL PRIMARY KEY,
    name           TEXT,
    departement    TEXT,
    epci_siren     TEXT,
    logements      INTEGER,
    etablissements INTEGER,
    zone           TEXT,
    import_run     INTEGER
);
CREATE TABLE analysis_run (
    id              INTEGER PRIMARY KEY,
    computed_at     TEXT NOT NULL,
    parameters_json TEXT NOT NULL,
    link_source     TEXT,
    timings_json    TEXT,
    premises        INTEGER,
    raccordables    INTEGER
);
CREATE TABLE premise_status (
    premise_id        INTEGER NOT NULL,
    premise_code      TEXT NOT NULL,
    delivery          TEXT NOT NULL DEFAULT '',
    pbo_code          TEXT,
    pm_code           TEXT,
    pm_ref            TEXT,
    nro_code          TEXT,
    raccordable_since TEXT,
    date_basis        TEXT,
    optical_m         REAL,
    assignment        TEXT NOT NULL,
    analysis_run      INTEGER NOT NULL,
    raccorde_since    TEXT
);
CREATE INDEX premise_status_premise ON premise_status(premise_id);
CREATE TABLE status_summary (
    insee             TEXT,
    pm_code           TEXT,
    nro_code          TEXT,
    raccordable_since TEXT,
    locaux            INTEGER NOT NULL,
    premises          INTEGER NOT NULL,
    analysis_run      INTEGER NOT NULL,
    has_pbo           INTEGER NOT NULL DEFAULT 0,
    worksites         TEXT NOT NULL DEFAULT ''
);
CREATE TABLE worksite_outcome (
    worksite_code TEXT NOT NULL PRIMARY KEY,
    premises      INTEGER NOT NULL,
    locaux        INTEGER NOT NULL,
    analysis_run  INTEGER NOT NULL
);
CREATE TABLE defect (
    id           INTEGER PRIMARY KEY,
    analysis_run INTEGER NOT NULL,
    code         TEXT NOT NULL,
    severity     TEXT NOT NULL,
    element_code TEXT,
    message      TEXT NOT NULL
);
CREATE INDEX defect_code ON defect(code);
CREATE TABLE declaration_mismatch (
    analysis_run      INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    premise_id        INTEGER,
    premise_code      TEXT,
    building_id       TEXT,
    hexacle           TEXT,
    declared_state    TEXT,
    insee             TEXT,
    pm_code           TEXT,
    pm_ref            TEXT,
    raccordable_since TEXT,
    commercial_date   TEXT,
    cause             TEXT,
    element_code      TEXT,
    element_from      TEXT,
    address_text      TEXT,
    x                 REAL,
    y                 REAL
);
)sql";

struct GeometryColumn {
    const char* table;
    const char* type;
};

// One geometry column, named geom, per located table, with an R*Tree spatial index.
constexpr std::array<GeometryColumn, 13> geometry_columns{{
    {"commune", "MULTIPOLYGON"},
    {"parcel", "MULTIPOLYGON"},
    {"building", "MULTIPOLYGON"},
    {"address", "POINT"},
    {"premise", "POINT"},
    {"node", "POINT"},
    {"link", "LINESTRING"},
    {"site", "POINT"},
    {"box", "POINT"},
    {"zone", "MULTIPOLYGON"},
    {"worksite", "MULTIPOLYGON"},
    {"declaration", "POINT"},
    {"defect", "POINT"},
}};

} // namespace

void create_schema(Database& db) {
    Transaction tx(db);
    db.exec(
        "SELECT InitSpatialMetadata(0, 'NONE'); SELECT InsertEpsgSrid(2154); SELECT InsertEpsgSrid(4326);");
    db.exec(tables_sql);
    for (const auto& column : geometry_columns) {
        Statement add = db.prepare("SELECT AddGeometryColumn(?, 'geom', 2154, ?, 'XY')");
        add.bind(1, column.table).bind(2, column.type);
        add.step();
        if (add.integer(0) != 1) {
            throw StoreError(fmt::format("cannot add the geometry column of table {}", column.table));
        }
        Statement index = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
        index.bind(1, column.table);
        index.step();
    }
    Statement version = db.prepare("INSERT INTO schema_version (version, created_at, fibre_version) VALUES "
                                   "(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)");
    version.bind(1, schema_version).bind(2, FIBRE_VERSION);
    version.run();
    tx.commit();
}

} // namespace fibre::store
