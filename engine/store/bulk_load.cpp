#include "engine/store/bulk_load.hpp"

#include "engine/store/database.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <sqlite3.h>

namespace fibre::store {
namespace {

/// SQL identifiers as SpatiaLite names them: quoted, with embedded quotes doubled.
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (const char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::int64_t max_rowid(Database& db, const std::string& table) {
    auto st = db.prepare(fmt::format("SELECT coalesce(max(rowid), 0) FROM {}", quoted(table)));
    st.step();
    return st.integer(0);
}

std::int64_t count(Database& db, const std::string& sql, std::int64_t bound = -1) {
    auto st = db.prepare(sql);
    if (bound >= 0) {
        st.bind(1, bound);
    }
    st.step();
    return st.integer(0);
}

// ---- Packing an R*Tree in one pass ----------------------------------------------------------
//
// SQLite's rtree module keeps a tree in three shadow tables: <name>_node (nodeno, data),
// <name>_parent (nodeno, parentnode) and <name>_rowid (rowid, nodeno). A node's data is a
// fixed-size blob: a 16-bit depth (meaningful in the root, node 1), a 16-bit cell count,
// then cells of a 64-bit id (row id in a leaf, child node number above) and, per dimension,
// a 32-bit float minimum and maximum, all big-endian (see SQLite's ext/rtree/rtree.c and
// its `rtreecheck()`). Inserting rows one at a time walks and splits that tree for each
// row; packing it bottom-up after sorting (Sort-Tile-Recursive, Leutenegger et al. 1997)
// writes every node once, and gives a tree at least as good for queries.

struct Box {
    std::int64_t id = 0;
    float xmin = 0, xmax = 0, ymin = 0, ymax = 0;
};

/// The float at or below / at or above a double: the rtree stores floats, and a stored box
/// must contain the geometry's.
float float_down(double v) {
    auto f = static_cast<float>(v);
    return static_cast<double>(f) > v ? std::nextafter(f, -INFINITY) : f;
}
float float_up(double v) {
    auto f = static_cast<float>(v);
    return static_cast<double>(f) < v ? std::nextafter(f, INFINITY) : f;
}

void put_u16(unsigned char* p, unsigned v) {
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}
void put_i64(unsigned char* p, std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) {
        p[i] = static_cast<unsigned char>(u >> (56 - 8 * i));
    }
}
void put_float(unsigned char* p, float f) {
    const auto u = std::bit_cast<std::uint32_t>(f);
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<unsigned char>(u >> (24 - 8 * i));
    }
}

/// The bounding box a SpatiaLite geometry blob carries in its header: byte 0 is 0x00, byte 1
/// the byte order (1: little-endian), bytes 2-5 the SRID, 6-37 MinX MinY MaxX MaxY as doubles,
/// byte 38 0x7C. False when the blob is not one.
bool blob_box(const unsigned char* data, std::size_t size, double (&mbr)[4]) {
    if (data == nullptr || size < 43 || data[0] != 0x00 || data[38] != 0x7C || data[1] > 1) {
        return false;
    }
    const bool little = data[1] == 1;
    for (int i = 0; i < 4; ++i) {
        unsigned char bytes[8];
        std::memcpy(bytes, data + 6 + 8 * i, 8);
        if (little != (std::endian::native == std::endian::little)) {
            std::reverse(std::begin(bytes), std::end(bytes));
        }
        std::memcpy(&mbr[i], bytes, 8);
    }
    return std::isfinite(mbr[0]) && std::isfinite(mbr[1]) && std::isfinite(mbr[2]) && std::isfinite(mbr[3]);
}

Box enclosing(const Box* first, const Box* last) {
    Box b = *first;
    for (const Box* p = first + 1; p != last; ++p) {
        b.xmin = std::min(b.xmin, p->xmin);
        b.xmax = std::max(b.xmax, p->xmax);
        b.ymin = std::min(b.ymin, p->ymin);
        b.ymax = std::max(b.ymax, p->ymax);
    }
    return b;
}

/// Orders @p boxes into runs of @p per_node that are close in space (STR tiling).
void tile(std::vector<Box>& boxes, std::size_t per_node) {
    const auto cx = [](const Box& b) { return static_cast<double>(b.xmin) + static_cast<double>(b.xmax); };
    const auto cy = [](const Box& b) { return static_cast<double>(b.ymin) + static_cast<double>(b.ymax); };
    std::sort(boxes.begin(), boxes.end(), [&](const Box& a, const Box& b) { return cx(a) < cx(b); });
    const std::size_t nodes = (boxes.size() + per_node - 1) / per_node;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t per_slice = slices * per_node;
    for (std::size_t start = 0; start < boxes.size(); start += per_slice) {
        const auto first = boxes.begin() + static_cast<std::ptrdiff_t>(start);
        const auto last =
            boxes.begin() + static_cast<std::ptrdiff_t>(std::min(boxes.size(), start + per_slice));
        std::sort(first, last, [&](const Box& a, const Box& b) { return cy(a) < cy(b); });
    }
}

/// Replaces the content of R*Tree @p index with a tree packed from @p boxes.
void pack_rtree(Database& db, const std::string& index, std::vector<Box> boxes) {
    const std::string node_table = quoted(index + "_node");
    auto size_query = db.prepare(fmt::format("SELECT length(data) FROM {} WHERE nodeno = 1", node_table));
    if (!size_query.step()) {
        throw StoreError(fmt::format("spatial index {} has no root node", index),
                         ErrorContext::in_file(db.path().string()));
    }
    const auto node_size = static_cast<std::size_t>(size_query.integer(0));
    constexpr std::size_t cell_size = 8 + 4 * 4;
    const std::size_t per_node = (node_size - 4) / cell_size;
    if (per_node < 2) {
        throw StoreError(fmt::format("spatial index {} has nodes of {} bytes", index, node_size),
                         ErrorContext::in_file(db.path().string()));
    }
    db.exec(fmt::format("DELETE FROM {}; DELETE FROM {}; DELETE FROM {};", node_table,
                        quoted(index + "_parent"), quoted(index + "_rowid")));
    auto put_node = db.prepare(fmt::format("INSERT INTO {} (nodeno, data) VALUES (?1, ?2)", node_table));
    auto put_parent = db.prepare(
        fmt::format("INSERT INTO {} (nodeno, parentnode) VALUES (?1, ?2)", quoted(index + "_parent")));
    auto put_rowid =
        db.prepare(fmt::format("INSERT INTO {} (rowid, nodeno) VALUES (?1, ?2)", quoted(index + "_rowid")));

    std::vector<unsigned char> blob(node_size);
    const auto write_node = [&](std::int64_t nodeno, unsigned depth, const Box* first, const Box* last) {
        std::fill(blob.begin(), blob.end(), 0);
        put_u16(blob.data(), nodeno == 1 ? depth : 0);
        put_u16(blob.data() + 2, static_cast<unsigned>(last - first));
        unsigned char* cell = blob.data() + 4;
        for (const Box* b = first; b != last; ++b, cell += cell_size) {
            put_i64(cell, b->id);
            put_float(cell + 8, b->xmin);
            put_float(cell + 12, b->xmax);
            put_float(cell + 16, b->ymin);
            put_float(cell + 20, b->ymax);
        }
        put_node.bind(1, nodeno).bind_blob(2, blob.data(), blob.size());
        put_node.run();
    };

    // Leaves first, then each level above, until one level fits in the root (node 1). A cell
    // of level `depth` is a row (depth 0) or a node written at the level below.
    std::vector<Box> level = std::move(boxes);
    std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of;   // (row id, leaf node)
    std::vector<std::pair<std::int64_t, std::int64_t>> parent_of; // (node, parent node)
    leaf_of.reserve(level.size());
    const auto record = [&](unsigned depth, std::int64_t nodeno, const Box* first, const Box* last) {
        auto& links = depth == 0 ? leaf_of : parent_of;
        for (const Box* b = first; b != last; ++b) {
            links.emplace_back(b->id, nodeno);
        }
    };
    std::int64_t next_node = 2;
    unsigned depth = 0;
    while (level.size() > per_node) {
        tile(level, per_node);
        std::vector<Box> above;
        above.reserve(level.size() / per_node + 1);
        for (std::size_t start = 0; start < level.size(); start += per_node) {
            const Box* first = level.data() + start;
            const Box* last = level.data() + std::min(level.size(), start + per_node);
            const std::int64_t nodeno = next_node++;
            write_node(nodeno, 0, first, last);
            record(depth, nodeno, first, last);
            Box node = enclosing(first, last);
            node.id = nodeno;
            above.push_back(node);
        }
        level = std::move(above);
        ++depth;
    }
    write_node(1, depth, level.data(), level.data() + level.size());
    record(depth, 1, level.data(), level.data() + level.size());
    for (const auto& [node, parent] : parent_of) {
        put_parent.bind(1, node).bind(2, parent);
        put_parent.run();
    }
    std::sort(leaf_of.begin(), leaf_of.end());
    for (const auto& [row, node] : leaf_of) {
        put_rowid.bind(1, row).bind(2, node);
        put_rowid.run();
    }
}

} // namespace

SpatialIndexDeferral::SpatialIndexDeferral(Database& db) : db_(db) {
    if (sqlite3_get_autocommit(db.handle()) != 0) {
        throw StoreError("internal: a bulk load must run inside a transaction",
                         ErrorContext::in_file(db.path().string()));
    }
    auto columns = db.prepare("SELECT f_table_name, f_geometry_column, geometry_type, srid "
                              "FROM geometry_columns WHERE spatial_index_enabled = 1 ORDER BY f_table_name");
    while (columns.step()) {
        Column c;
        c.table = columns.text(0);
        c.geometry = columns.text(1);
        c.geometry_type = static_cast<int>(columns.integer(2));
        c.srid = static_cast<int>(columns.integer(3));
        columns_.push_back(std::move(c));
    }
    for (auto& c : columns_) {
        c.mark = max_rowid(db, c.table);
        // gii_: R*Tree alignment, ggi_: type and SRID check, tmi_: last-insert timestamp.
        auto triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                                   "(?1, ?2, ?3) ORDER BY name");
        const std::string suffix = c.table + "_" + c.geometry;
        triggers.bind(1, "gii_" + suffix).bind(2, "ggi_" + suffix).bind(3, "tmi_" + suffix);
        std::vector<std::string> names;
        while (triggers.step()) {
            names.push_back(triggers.text(0));
            c.trigger_sql.push_back(triggers.text(1));
        }
        for (const auto& name : names) {
            db.exec(fmt::format("DROP TRIGGER {}", quoted(name)));
        }
    }
}

void SpatialIndexDeferral::mark() {
    for (auto& c : columns_) {
        c.mark = std::min(c.mark, max_rowid(db_, c.table));
    }
}

void SpatialIndexDeferral::finish() {
    if (finished_) {
        return;
    }
    for (const auto& c : columns_) {
        const std::string table = quoted(c.table);
        const std::string geom = quoted(c.geometry);
        // The check ggi_ would have made on each row, once over the new rows.
        auto bad = db_.prepare(fmt::format("SELECT rowid, GeometryType({1}), ST_SRID({1}) FROM {0} "
                                           "WHERE rowid > ?1 AND {1} IS NOT NULL AND "
                                           "coalesce(GeometryConstraints({1}, ?2, ?3), 0) <> 1 LIMIT 1",
                                           table, geom));
        bad.bind(1, c.mark).bind(2, c.geometry_type).bind(3, c.srid);
        if (bad.step()) {
            throw StoreError(
                fmt::format("{}.{} of row {} is a {} in SRID {}, which the column does not allow "
                            "(type code {}, SRID {})",
                            c.table, c.geometry, bad.integer(0), bad.text(1), bad.integer(2), c.geometry_type,
                            c.srid),
                ErrorContext::in_file(db_.path().string()));
        }
        const std::string index = "idx_" + c.table + "_" + c.geometry;
        const std::int64_t new_rows =
            count(db_, fmt::format("SELECT count(*) FROM {} WHERE rowid > ?1", table), c.mark);
        const std::int64_t indexed =
            count(db_, fmt::format("SELECT count(*) FROM {}", quoted(index + "_rowid")));
        if (new_rows > 0 && new_rows * 8 >= indexed) {
            // Many new rows: packing the whole tree again costs less than inserting them.
            std::vector<Box> boxes;
            boxes.reserve(static_cast<std::size_t>(indexed + new_rows));
            auto rows =
                db_.prepare(fmt::format("SELECT rowid, {1} FROM {0} WHERE {1} IS NOT NULL", table, geom));
            while (rows.step()) {
                std::size_t size = 0;
                const unsigned char* data = rows.blob_data(1, size);
                double mbr[4];
                if (blob_box(data, size, mbr)) {
                    boxes.push_back({rows.integer(0), float_down(mbr[0]), float_up(mbr[2]),
                                     float_down(mbr[1]), float_up(mbr[3])});
                }
            }
            pack_rtree(db_, index, std::move(boxes));
        } else if (new_rows > 0) {
            // What gii_ (RTreeAlign) would have written, row by row. OR REPLACE: a new row
            // whose geometry was updated since (giu_ stayed in place) is already indexed.
            auto insert = db_.prepare(
                fmt::format("INSERT OR REPLACE INTO {2} (pkid, xmin, xmax, ymin, ymax) "
                            "SELECT rowid, MbrMinX({1}), MbrMaxX({1}), MbrMinY({1}), MbrMaxY({1}) FROM {0} "
                            "WHERE rowid > ?1 AND {1} IS NOT NULL AND MbrMinX({1}) IS NOT NULL",
                            table, geom, quoted(index)));
            insert.bind(1, c.mark);
            insert.run();
        }
        if (new_rows > 0) {
            // What tmi_ would have stamped.
            auto stamp = db_.prepare("UPDATE geometry_columns_time SET last_insert = "
                                     "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                                     "WHERE Lower(f_table_name) = Lower(?1) AND Lower(f_geometry_column) = "
                                     "Lower(?2)");
            stamp.bind(1, c.table).bind(2, c.geometry);
            stamp.run();
        }
        for (const auto& sql : c.trigger_sql) {
            db_.exec(sql);
        }
    }
    finished_ = true;
}

} // namespace fibre::store
