#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

namespace fibre::store {
namespace {

TEST(Provenance, ImportRunsAreRecordedFoundAndDeletedWithTheirRows) {
    testing::TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    Transaction tx(db);
    const long long first = begin_import_run(db, {0, "gracethd", "/data/a.zip", "abc", "17300", "", "", ""});
    {
        EntityWriter w(db, first);
        w.add(model::Node{"ND1", "PT", {1, 1}});
        w.add(model::Premise{"LC1", "", "17300", 1, "FTTH", "", "", {1, 1}});
    }
    add_reject(db, {first, "/data/a.zip", "t_noeud", "12", "nd_code", "empty code", "rejected"});
    add_reject(db, {first, "/data/a.zip", "t_zpbo", "3", "geom", "self-intersection repaired", "repaired"});
    finish_import_run(db, first, R"({"t_noeud":{"read":2}})");

    const long long second = begin_import_run(db, {0, "gracethd", "/data/b.zip", "def", "17300", "", "", ""});
    {
        EntityWriter w(db, second);
        w.add(model::Node{"ND2", "PT", {2, 2}});
    }
    finish_import_run(db, second, "{}");
    tx.commit();

    const auto found = find_import_by_checksum(db, "abc");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, first);
    EXPECT_EQ(found->counts_json, R"({"t_noeud":{"read":2}})");
    EXPECT_FALSE(found->finished_at.empty());
    EXPECT_FALSE(find_import_by_checksum(db, "zzz").has_value());
    EXPECT_EQ(find_imports_by_perimeter(db, "gracethd", "17300").size(), 2U);
    ASSERT_EQ(read_rejects(db, first).size(), 2U);
    EXPECT_EQ(read_rejects(db, first)[0].field, "nd_code");
    EXPECT_EQ(read_rejects(db, first)[1].action, "repaired");

    delete_import_run(db, first);
    const auto nodes = read_nodes(db);
    ASSERT_EQ(nodes.size(), 1U);
    EXPECT_EQ(nodes[0].code, "ND2");
    EXPECT_TRUE(read_premises(db).empty());
    EXPECT_TRUE(read_rejects(db).empty());
    EXPECT_EQ(read_import_runs(db).size(), 1U);
}

} // namespace
} // namespace fibre::store
