#pragma once
/// @file bulk_load.hpp
/// Loading many rows at once without paying SpatiaLite's per-row index maintenance.
///
/// SpatiaLite keeps each spatial index current with triggers that run on every inserted
/// row: one re-parses and runs SQL to align the R*Tree (RTreeAlign), one checks the
/// geometry's type and SRID against geometry_columns, one stamps geometry_columns_time.
/// On a million rows they cost more than the insert itself. A SpatialIndexDeferral drops
/// those three insert triggers for the time of a bulk load and, in finish(), does their
/// work once for all the new rows: one INSERT ... SELECT into each R*Tree, one scan for
/// geometries of the wrong type or SRID, one timestamp, then the triggers again, exactly
/// as SpatiaLite wrote them. The update and delete triggers stay in place throughout, so
/// replacing or deleting rows keeps the indexes right.
///
/// Use it inside a Transaction: the dropped triggers come back with a rollback if finish()
/// is never reached, since SQLite's schema changes are transactional.

#include <cstdint>
#include <string>
#include <vector>

namespace fibre::store {

class Database;

class SpatialIndexDeferral {
public:
    /// Drops the per-row insert triggers of every spatially indexed geometry column.
    /// @throws StoreError when no transaction is open.
    explicit SpatialIndexDeferral(Database& db);
    SpatialIndexDeferral(const SpatialIndexDeferral&) = delete;
    SpatialIndexDeferral& operator=(const SpatialIndexDeferral&) = delete;

    /// Call after deleting rows and before inserting new ones: rows inserted from now on
    /// are indexed by finish(). (New rows get a rowid above the largest at that moment.)
    void mark();

    /// Indexes every row inserted since the marks, checks their geometry type and SRID,
    /// and puts the triggers back. @throws StoreError naming the table and row of a
    /// geometry that breaks its column's constraint (the caller's transaction then rolls
    /// back).
    void finish();

private:
    struct Column {
        std::string table;
        std::string geometry;
        int geometry_type = 0; ///< geometry_columns' code (1 point, 2 line, 6 multipolygon...)
        int srid = 0;
        std::int64_t mark = 0; ///< rows above this rowid are new
        std::vector<std::string> trigger_sql;
    };

    Database& db_;
    std::vector<Column> columns_;
    bool finished_ = false;
};

} // namespace fibre::store
