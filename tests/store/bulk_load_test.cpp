// Spatial indexes built once after a bulk load answer exactly as SpatiaLite's per-row
// triggers would, pass SQLite's own R*Tree check, and come back with a rollback.

#include "engine/store/bulk_load.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/support/error.hpp"
#include "tests/support/test_support.hpp"

#include <cmath>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace fibre::store {
namespace {

using testing::TempDir;

model::Node node(int i) {
    model::Node n;
    n.code = fmt::format("ND{:06d}", i);
    n.type = "PT";
    // A spiral, so that the points are spread in both directions and not in insertion order.
    const double r = 10.0 + 3.0 * i;
    n.position = {400000 + r * std::cos(i * 0.37), 6500000 + r * std::sin(i * 0.37)};
    return n;
}

std::int64_t scalar(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.step()) << sql;
    return st.integer(0);
}

std::string text(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.step()) << sql;
    return st.text(0);
}

void load_nodes(Database& db, int from, int to) {
    Transaction tx(db);
    SpatialIndexDeferral indexes(db);
    indexes.mark();
    EntityWriter writer(db, 1);
    for (int i = from; i < to; ++i) {
        writer.add(node(i));
    }
    indexes.finish();
    tx.commit();
}

// Points in a window, by the index and by brute force. The index stores float boxes rounded
// outwards, so it is a filter: it may offer a point just outside the window, never miss one.
void expect_index_agrees(Database& db) {
    std::int64_t found = 0;
    for (int w = 0; w < 20; ++w) {
        const double x0 = 399000 + 150.0 * w;
        const double y0 = 6499000 + 110.0 * w;
        const std::string window = fmt::format("BuildMbr({}, {}, {}, {}, 2154)", x0, y0, x0 + 900, y0 + 700);
        const std::string candidates = fmt::format(
            "SELECT rowid FROM SpatialIndex WHERE f_table_name = 'node' AND search_frame = {}", window);
        const auto by_scan =
            scalar(db, fmt::format("SELECT count(*) FROM node WHERE MbrIntersects(geom, {})", window));
        const auto by_index = scalar(
            db, fmt::format("SELECT count(*) FROM node WHERE rowid IN ({}) AND MbrIntersects(geom, {})",
                            candidates, window));
        found += by_scan;
        EXPECT_EQ(by_index, by_scan) << window;
        EXPECT_LE(scalar(db, fmt::format("SELECT count(*) FROM ({})", candidates)), by_scan + 5) << window;
    }
    EXPECT_GT(found, 0);
    // Every row is in the index, in a box that holds it and is no larger than float rounding.
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM node n LEFT JOIN idx_node_geom i ON i.pkid = n.rowid "
                         "WHERE i.pkid IS NULL OR i.xmin > X(n.geom) OR i.xmax < X(n.geom) OR "
                         "i.ymin > Y(n.geom) OR i.ymax < Y(n.geom) OR i.xmax - i.xmin > 0.1 OR "
                         "i.ymax - i.ymin > 1.0"),
              0);
}

std::int64_t insert_triggers(Database& db) {
    return scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                      "('gii_node_geom', 'ggi_node_geom', 'tmi_node_geom')");
}

TEST(BulkLoad, PackedIndexMatchesTheRows) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    load_nodes(db, 0, 5000); // deep enough for three levels of 51-cell nodes
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM idx_node_geom"), 5000);
    EXPECT_EQ(text(db, "SELECT rtreecheck('idx_node_geom')"), "ok");
    EXPECT_GE(scalar(db, "SELECT count(*) FROM idx_node_geom_node"), 5000 / 51);
    expect_index_agrees(db);
    EXPECT_EQ(insert_triggers(db), 3);
}

TEST(BulkLoad, SmallLoadIntoALargeTableInsertsAndLaterRowsUseTheTriggers) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    load_nodes(db, 0, 3000);
    load_nodes(db, 3000, 3100); // few rows: added to the existing tree
    {
        Transaction tx(db); // no deferral: SpatiaLite's own triggers
        EntityWriter writer(db, 1);
        writer.add(node(3100));
        tx.commit();
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM idx_node_geom"), 3101);
    EXPECT_EQ(text(db, "SELECT rtreecheck('idx_node_geom')"), "ok");
    expect_index_agrees(db);
    db.exec("DELETE FROM node WHERE rowid % 3 = 0"); // the delete trigger stays in charge
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM idx_node_geom"), scalar(db, "SELECT count(*) FROM node"));
    EXPECT_EQ(text(db, "SELECT rtreecheck('idx_node_geom')"), "ok");
    expect_index_agrees(db);
}

TEST(BulkLoad, RowsDeletedBeforeTheMarkAreReplacedCleanly) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    load_nodes(db, 0, 1000);
    {
        Transaction tx(db);
        SpatialIndexDeferral indexes(db);
        db.exec("DELETE FROM node WHERE rowid > 600"); // as --replace does, before the new rows
        indexes.mark();
        EntityWriter writer(db, 2);
        for (int i = 2000; i < 2700; ++i) {
            writer.add(node(i));
        }
        indexes.finish();
        tx.commit();
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM node"), 1300);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM idx_node_geom"), 1300);
    EXPECT_EQ(text(db, "SELECT rtreecheck('idx_node_geom')"), "ok");
    expect_index_agrees(db);
}

TEST(BulkLoad, WrongGeometryTypeIsRefusedAtFinish) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    Transaction tx(db);
    SpatialIndexDeferral indexes(db);
    indexes.mark();
    db.exec("INSERT INTO node (code, import_run, geom) VALUES "
            "('ND1', 1, GeomFromText('LINESTRING(0 0, 1 1)', 2154))");
    try {
        indexes.finish();
        FAIL() << "a line in a point column was accepted";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("node.geom"), std::string::npos) << e.what();
    }
}

TEST(BulkLoad, RollbackBringsTheTriggersBack) {
    TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    {
        Transaction tx(db);
        SpatialIndexDeferral indexes(db);
        EXPECT_EQ(insert_triggers(db), 0);
    } // rolled back, never finished
    EXPECT_EQ(insert_triggers(db), 3);
    EXPECT_THROW(SpatialIndexDeferral{db}, StoreError); // outside a transaction
}

} // namespace
} // namespace fibre::store
