// The GraceTHD reader on a small faithful v3 delivery and on the real v2 demo of
// Les Aix-d'Angillon (18003).

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "importers/gracethd_reader.hpp"
#include "importers/import_job.hpp"
#include "tests/importers/gracethd_fixture_test.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace fibre::testing {
namespace {

template <typename T>
const T* by_code(const std::vector<T>& items, const std::string& code) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.code == code; });
    return it == items.end() ? nullptr : &*it;
}

bool has_reject(const std::vector<model::Reject>& rejects, const std::string& layer,
                const std::string& feature, const std::string& field, const std::string& action) {
    return std::any_of(rejects.begin(), rejects.end(), [&](const model::Reject& r) {
        return r.layer == layer && r.feature_id == feature && r.field == field && r.action == action;
    });
}

std::vector<importers::SourceOutcome> import(store::Database& db, const std::string& path) {
    importers::ImportRequest request;
    request.sources = {path};
    return importers::run_import(db, request);
}

TEST(GracethdReader, DetectsADeliveryAndNotOtherFolders) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    importers::GracethdReader reader;
    EXPECT_GE(reader.detect(importers::resolve_source((dir / "d").string())), 90);
    std::filesystem::create_directories(dir / "other");
    write_csv(dir / "other" / "adresses.csv", "id;numero;nom_voie", {"a;1;Rue"});
    EXPECT_EQ(reader.detect(importers::resolve_source((dir / "other").string())), 0);
}

TEST(GracethdReader, PerimeterIsTheSortedReferencePms) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    importers::GracethdReader reader;
    // ARCEP's ReferencePM is national; lc_code and st_code are numbered per delivery.
    EXPECT_EQ(reader.perimeter(importers::resolve_source((dir / "d").string())), "pm:PM_17_001");
}

TEST(GracethdReader, V3DeliveryMapsEveryTable) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    auto db = store::Database::create(dir / "s.sqlite");
    const auto outcomes = import(db, (dir / "d").string());
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].kind, importers::SourceKind::gracethd);

    const auto nodes = store::read_nodes(db);
    EXPECT_EQ(nodes.size(), 4U);
    const auto links = store::read_links(db);
    ASSERT_EQ(links.size(), 7U); // 3 paths, 4 cables
    const auto* cm2 = by_code(links, "CM2");
    ASSERT_NE(cm2, nullptr);
    EXPECT_EQ(cm2->kind, model::LinkKind::path);
    EXPECT_EQ(cm2->life.avct, "E");
    const auto* cm3 = by_code(links, "CM3");
    EXPECT_EQ(cm3->life.statut, "AVP");  // lower-case code mapped to the list's
    EXPECT_EQ(cm3->geometry.size(), 3U); // multi-line joined end to end
    const auto* cb1 = by_code(links, "CB1");
    ASSERT_NE(cb1, nullptr);
    EXPECT_EQ(cb1->kind, model::LinkKind::cable);
    EXPECT_EQ(cb1->level, "TR");
    EXPECT_EQ(cb1->capacity, 144);
    EXPECT_DOUBLE_EQ(cb1->length_m, 101.5); // cb_lgreel, decimal comma
    EXPECT_EQ(cb1->geometry.size(), 2U);
    ASSERT_TRUE(cb1->life.built && cb1->life.in_service);
    EXPECT_EQ(cb1->life.built->iso(), "2019-10-28");      // hyphens in the time
    EXPECT_EQ(cb1->life.in_service->iso(), "2023-06-14"); // with a time
    const auto* cb2 = by_code(links, "CB2");
    EXPECT_TRUE(cb2->geometry.empty());
    EXPECT_EQ(cb2->life.statut, "XXX"); // unknown code kept as delivered
    EXPECT_EQ(cb2->life.built->iso(), "2020-01-15");
    EXPECT_FALSE(cb2->life.in_service.has_value());
    const auto* cb3 = by_code(links, "CB3");
    EXPECT_EQ(cb3->life.built->iso(), "2021-01-15");
    const auto* cb4 = by_code(links, "CB4");
    EXPECT_EQ(cb4->node1, "ND1");                    // from its rack at the NRO
    EXPECT_EQ(cb4->life.built->iso(), "2019-10-09"); // YYYYMMDDhhmmss

    const auto sites = store::read_sites(db);
    ASSERT_EQ(sites.size(), 2U); // the client sites are buildings, neither NRO nor PM
    const auto* pm = by_code(sites, "LCPM");
    ASSERT_NE(pm, nullptr);
    EXPECT_EQ(pm->type, "SRO");
    EXPECT_EQ(pm->node_code, "ND2");
    EXPECT_EQ(pm->ref_pm, "PM_17_001");
    EXPECT_EQ(pm->position, (model::Point{400100, 6500000}));

    const auto boxes = store::read_boxes(db);
    ASSERT_EQ(boxes.size(), 4U);
    EXPECT_EQ(by_code(boxes, "BP1")->node_code, "ND3");
    EXPECT_EQ(by_code(boxes, "BPE1")->node_code, "ND2"); // through its local's site
    EXPECT_EQ(by_code(boxes, "BP1")->life.in_service->iso(), "2021-05-01");
    // Neither a technical point nor a local: at the end of the cable that names it, whose
    // end node the delivery lacks.
    EXPECT_EQ(by_code(boxes, "BP3")->node_code, "");
    EXPECT_EQ(by_code(boxes, "BP3")->position, (model::Point{400200, 6500050}));

    const auto premises = store::read_premises(db);
    ASSERT_EQ(premises.size(), 3U); // LC3's building has no address and no node
    const auto* lc1 = by_code(premises, "LC1");
    EXPECT_EQ(lc1->declared_pbo, "BP1");
    EXPECT_EQ(lc1->address_code, "AD1"); // through its building site
    EXPECT_EQ(lc1->insee, "17001");
    EXPECT_EQ(lc1->position, (model::Point{400210, 6500010}));
    EXPECT_EQ(by_code(premises, "LC2")->address_code, "AD1"); // one building, two locaux
    EXPECT_EQ(by_code(premises, "LC2")->declared_pbo, "BP9"); // kept, pointing nowhere

    const auto addresses = store::read_addresses(db);
    ASSERT_EQ(addresses.size(), 2U);
    EXPECT_EQ(by_code(addresses, "AD1")->number, "12 bis");
    EXPECT_EQ(by_code(addresses, "AD1")->street, "Rue de l'Église");
    EXPECT_EQ(by_code(addresses, "AD1")->logements, 2); // ad_nblres
    EXPECT_EQ(by_code(addresses, "AD2")->logements, 1); // ad_nbfotth, without counts by kind

    const auto zones = store::read_zones(db);
    ASSERT_EQ(zones.size(), 4U);
    const auto* zs = by_code(zones, "ZS1");
    EXPECT_EQ(zs->owner_code, "LCPM");
    EXPECT_EQ(zs->state, "DP");
    EXPECT_EQ(zs->declared_logements, 3);
    const auto& zp2 = by_code(zones, "ZP2")->geometry;
    ASSERT_EQ(zp2.size(), 1U);
    for (const auto& pt : zp2[0].rings.at(0)) {
        EXPECT_LT(pt.y, 6500001); // the spike's tip (at 6 500 050) is gone
    }

    EXPECT_EQ(store::read_cable_paths(db).size(), 2U);

    const auto rejects = store::read_rejects(db);
    EXPECT_TRUE(has_reject(rejects, "t_cheminement", "CM3", "cm_ndcode2", "kept"));
    EXPECT_TRUE(has_reject(rejects, "t_local", "LC2", "lc_bp_codf", "kept"));
    EXPECT_TRUE(has_reject(rejects, "t_local", "LC3", "lc_st_code", "rejected"));
    EXPECT_TRUE(has_reject(rejects, "t_zpbo", "ZP2", "geometry", "repaired"));
    EXPECT_TRUE(has_reject(rejects, "t_cable", "CB2", "cb_statut", "kept"));
    EXPECT_TRUE(has_reject(rejects, "t_cable", "CB2", "geometry", "kept"));
    EXPECT_TRUE(has_reject(rejects, "t_cable", "CB4", "cb_nd1", "kept"));
    EXPECT_TRUE(has_reject(rejects, "t_ebp", "BP3", "bp_pt_code", "kept"));
    EXPECT_TRUE(has_reject(rejects, "t_adresse", "AD2", "ad_ietat", "kept"));

    const auto& counts = outcomes[0].counts;
    EXPECT_EQ(counts.at("t_local").read, 6);
    EXPECT_EQ(counts.at("t_local").rejected, 1);
    EXPECT_EQ(counts.at("t_zpbo").repaired, 1);
    EXPECT_EQ(counts.at("t_noeud").imported, 4);
    EXPECT_EQ(counts.at("t_baie").imported, 1);
}

TEST(GracethdReader, RealV2DemoOfLesAixDAngillon) {
    FIBRE_REQUIRE_SHARED_DATA();
    TempDir dir;
    auto db = store::Database::create(dir / "s.sqlite");
    const auto sample = (shared_data_dir() / "gracethd-demo-18003").string();
    const auto outcomes = import(db, sample);
    ASSERT_EQ(outcomes.size(), 1U);
    // The counts the sample's README gives, and what the files hold.
    EXPECT_EQ(store::read_nodes(db).size(), 27U);
    const auto links = store::read_links(db);
    const auto paths = std::count_if(links.begin(), links.end(),
                                     [](const model::Link& l) { return l.kind == model::LinkKind::path; });
    EXPECT_EQ(paths, 25);
    EXPECT_EQ(static_cast<long long>(links.size()) - paths, 49);
    EXPECT_EQ(store::read_addresses(db).size(), 16U);
    const auto premises = store::read_premises(db);
    EXPECT_EQ(premises.size(), 21U);
    const auto sites = store::read_sites(db);
    ASSERT_EQ(sites.size(), 2U);
    const auto* pm = by_code(sites, "ST200180030008");
    ASSERT_NE(pm, nullptr);
    EXPECT_EQ(pm->type, "SRO");
    EXPECT_EQ(pm->ref_pm, "PM7");
    const auto boxes = store::read_boxes(db);
    EXPECT_EQ(std::count_if(boxes.begin(), boxes.end(), [](const model::Box& b) { return b.type == "PBO"; }),
              3);
    // Premises in a PBO zone get the PBO standing on the zone's node.
    const auto with_pbo = std::count_if(premises.begin(), premises.end(),
                                        [](const model::Premise& p) { return !p.declared_pbo.empty(); });
    const auto in_zone = std::count_if(premises.begin(), premises.end(),
                                       [](const model::Premise& p) { return !p.pbo_zone.empty(); });
    EXPECT_EQ(with_pbo, in_zone);
    const auto zones = store::read_zones(db);
    for (const auto& z : zones) {
        if (z.kind == "zsro") {
            EXPECT_EQ(z.owner_code, "ST200180030008");
        }
    }
    EXPECT_FALSE(store::read_cable_paths(db).empty());
    // Counts in the store are counts in the files minus reported rejects.
    for (const auto& [layer, c] : outcomes[0].counts) {
        if (layer != "t_cab_cond") { // one row per conduit, one cable path per path the conduit runs along
            EXPECT_EQ(c.read, c.imported + c.rejected) << layer;
        }
    }
}

} // namespace
} // namespace fibre::testing
