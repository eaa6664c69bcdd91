// Comparing two deliveries of one perimeter: counts per kind of element, raccordables gained
// and lost, the guard against a damaging replacement, two stores delivery by delivery.

#include "engine/store/database.hpp"
#include "engine/store/delivery_diff.hpp"
#include "engine/store/provenance.hpp"
#include "tests/support/test_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fibre::store {
namespace {

// Writes an import run of a GraceTHD delivery holding the given cables (code, statut) and
// premises (code, raccordable or not per the analysis numbered @p analysis, 0 for none).
long long delivery(Database& db, const std::string& perimeter, const std::string& label,
                   const std::vector<std::pair<std::string, std::string>>& cables,
                   const std::vector<std::pair<std::string, bool>>& premises, long long analysis = 0) {
    const long long run = begin_import_run(db, {0, "gracethd", label, label, perimeter, "", "", "", label});
    for (const auto& [code, statut] : cables) {
        auto st =
            db.prepare("INSERT INTO link (code, kind, level, statut, avct, import_run) VALUES (?, 'cable', "
                       "'DI', ?, 'E', ?)");
        st.bind(1, code).bind(2, statut).bind(3, run);
        st.run();
    }
    for (const auto& [code, raccordable] : premises) {
        auto st =
            db.prepare("INSERT INTO premise (code, insee, locaux, import_run) VALUES (?, '17300', 1, ?)");
        st.bind(1, code).bind(2, run);
        st.run();
        if (analysis > 0) {
            auto s = db.prepare("INSERT INTO premise_status (premise_id, premise_code, raccordable_since, "
                                "assignment, analysis_run) VALUES (?, ?, ?, 'declared', ?)");
            s.bind(1, db.last_insert_id()).bind(2, code);
            if (raccordable) {
                s.bind(3, "2021-01-15");
            } else {
                s.bind_null(3);
            }
            s.bind(4, analysis);
            s.run();
        }
    }
    finish_import_run(db, run, "{}");
    return run;
}

const EntityChange& entity(const DeliveryChange& change, const std::string& name) {
    for (const auto& e : change.entities) {
        if (e.entity == name) {
            return e;
        }
    }
    throw std::runtime_error("no " + name);
}

TEST(DeliveryDiff, CountsAddedRemovedAndChangedByCode) {
    testing::TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    const long long old_run = delivery(db, "pm:SRO-1", "a", {{"CB1", "REC"}, {"CB2", "REC"}, {"CB3", "REC"}},
                                       {{"LC1", true}, {"LC2", true}, {"LC3", false}}, 1);
    const long long new_run = delivery(db, "pm:SRO-1", "b", {{"CB1", "REC"}, {"CB2", "MCO"}, {"CB4", "REC"}},
                                       {{"LC1", true}, {"LC3", false}, {"LC4", false}});
    const auto before = read_delivery_contents(db, "gracethd", {old_run});
    const auto after = read_delivery_contents(db, "gracethd", {new_run});
    EXPECT_TRUE(before.analysed);
    EXPECT_FALSE(after.analysed);
    const auto change = compare_deliveries(before, after);
    const auto& cables = entity(change, "cables");
    EXPECT_EQ(cables.before, 3);
    EXPECT_EQ(cables.after, 3);
    EXPECT_EQ(cables.added, 1);
    EXPECT_EQ(cables.removed, 1);
    EXPECT_EQ(cables.changed, 1);
    const auto& premises = entity(change, "premises");
    EXPECT_EQ(premises.added, 1);
    EXPECT_EQ(premises.removed, 1);
    // Only the kinds either side holds are listed.
    EXPECT_THROW(static_cast<void>(entity(change, "boxes")), std::runtime_error);
    // LC2 was raccordable and is gone; what the new network gives is not known yet.
    EXPECT_EQ(change.raccordables_before, 2);
    EXPECT_FALSE(change.raccordables_after.has_value());
    EXPECT_EQ(change.raccordables_lost, 1);
    EXPECT_TRUE(change.lost_is_lower_bound);
    EXPECT_FALSE(change.raccordables_gained.has_value());
    EXPECT_NE(change_table(change).find("gained: known after `fibre analyze`"), std::string::npos);
    const auto json = nlohmann::json::parse(change_json(change));
    EXPECT_TRUE(json.at("raccordables").at("gained").is_null());
    EXPECT_EQ(json.at("entities")[0].at("entity"), "premises");
}

TEST(DeliveryDiff, GuardRefusesAnEmptiedKindOrALargeShareRemoved) {
    DeliveryChange change;
    change.entities = {{"premises", 20, 18, 0, 2, 0}, {"cables", 5, 5, 0, 0, 0}};
    EXPECT_EQ(excessive_removal(change), ""); // 10 % of a small table
    change.entities[1] = {"cables", 5, 0, 0, 5, 0};
    EXPECT_EQ(excessive_removal(change), "5 of its 5 cables (100 %, none left)");
    change.entities = {{"premises", 1000, 950, 50, 100, 0}};
    EXPECT_EQ(excessive_removal(change), ""); // exactly 10 %
    change.entities = {{"premises", 1000, 899, 0, 101, 0}};
    EXPECT_EQ(excessive_removal(change), "101 of its 1000 premises (10 %)");
    change.entities = {{"premises", 99, 50, 0, 49, 0}};
    EXPECT_EQ(excessive_removal(change), ""); // under the size the share applies to
    EXPECT_EQ(excessive_removal(change, {0.10, 50}), "49 of its 99 premises (49 %)");
}

TEST(DeliveryDiff, TwoStoresAreComparedDeliveryByDelivery) {
    testing::TempDir dir;
    auto old_db = Database::create(dir / "old.sqlite");
    auto new_db = Database::create(dir / "new.sqlite");
    const auto analysis = [](Database& db) {
        db.exec(
            "INSERT INTO analysis_run (id, computed_at, parameters_json) VALUES (1, '2026-01-01T00:00:00Z', "
            "'{}')");
    };
    analysis(old_db);
    analysis(new_db);
    delivery(old_db, "pm:SRO-1", "zone-1", {{"CB1", "REC"}}, {{"LC1", true}, {"LC2", false}}, 1);
    delivery(old_db, "pm:SRO-2", "zone-2", {{"CB1", "REC"}}, {{"LC1", true}}, 1);
    delivery(old_db, "pm:SRO-3", "zone-3", {{"CB1", "REC"}}, {{"LC1", true}}, 1);
    delivery(new_db, "pm:SRO-1", "zone-1", {{"CB1", "REC"}}, {{"LC1", true}, {"LC2", true}}, 1);
    delivery(new_db, "pm:SRO-2", "zone-2", {{"CB1", "REC"}}, {{"LC1", true}}, 1);
    delivery(new_db, "pm:SRO-4", "zone-4", {{"CB1", "REC"}, {"CB2", "REC"}}, {{"LC1", true}}, 1);
    const auto comparison = compare_stores(old_db, new_db);
    ASSERT_EQ(comparison.deliveries.size(), 4U);
    EXPECT_EQ(comparison.deliveries[0].status, "changed"); // LC2 became raccordable
    EXPECT_EQ(comparison.deliveries[0].change.raccordables_gained, 1);
    EXPECT_EQ(comparison.deliveries[0].change.raccordables_lost, 0);
    EXPECT_EQ(comparison.deliveries[1].status, "unchanged");
    EXPECT_EQ(comparison.deliveries[2].status, "removed");
    EXPECT_EQ(comparison.deliveries[2].change.perimeter, "pm:SRO-3");
    EXPECT_EQ(comparison.deliveries[3].status, "added");
    const auto& cables = entity(comparison.total, "cables");
    EXPECT_EQ(cables.before, 3);
    EXPECT_EQ(cables.after, 4);
    EXPECT_EQ(cables.added, 2);
    EXPECT_EQ(cables.removed, 1);
    EXPECT_EQ(comparison.total.raccordables_before, 3);
    EXPECT_EQ(comparison.total.raccordables_after, 4);
    EXPECT_EQ(comparison.total.raccordables_gained, 2); // LC2 of zone-1, LC1 of zone-4
    EXPECT_EQ(comparison.total.raccordables_lost, 1);   // LC1 of zone-3
    EXPECT_TRUE(is_fibre_store(dir / "old.sqlite"));
    EXPECT_FALSE(is_fibre_store(dir.path()));
}

TEST(DeliveryDiff, TheChangeIsRecordedWithTheImport) {
    testing::TempDir dir;
    auto db = Database::create(dir / "s.sqlite");
    const long long run = delivery(db, "pm:SRO-1", "a", {}, {});
    EXPECT_FALSE(read_import_change(db, run).has_value());
    record_import_change(db, run, R"({"kind":"gracethd"})");
    EXPECT_EQ(read_import_change(db, run), R"({"kind":"gracethd"})");
}

} // namespace
} // namespace fibre::store
