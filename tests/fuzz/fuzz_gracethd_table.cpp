// libFuzzer target: the GraceTHD table mapping. The input's first byte picks one CSV table of
// a GraceTHD v3 delivery, the rest of it replaces that table's file in an otherwise small,
// valid delivery, and the GraceTHD reader imports the delivery into a store, rolled back. A
// fibre::Error is the expected answer to a bad table; a crash, a sanitizer report or any other
// exception is a finding. Seeds: corpus/gracethd_table/, each a table byte and a real table.

#include "engine/support/error.hpp"
#include "importers/gracethd_reader.hpp"
#include "importers/source.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/support/gracethd_v3_writer.hpp"
#include "tests/support/test_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace {

// The CSV tables of a v3 delivery the reader maps; the input's first byte modulo their number
// picks one (0 t_cable, 1 t_ebp, 2 t_local, 3 t_ptech, 4 t_site, 5 t_cab_chem, 6 t_baie).
constexpr std::array<const char*, 7> tables{"t_cable", "t_ebp",      "t_local", "t_ptech",
                                            "t_site",  "t_cab_chem", "t_baie"};

// One NRO, one PM, two PBO and three premises, linked by cables along cable paths:
//
//   ND1 (NRO) ==CB1== ND2 (PM) --CB2-- ND3 (PBO BP1) --CB3-- ND4 (PBO BP2)
//                                       LC1, LC2              LC3
void write_delivery(const std::filesystem::path& dir) {
    fibre::testing::GracethdV3Writer w;
    w.row("t_noeud", {{"nd_code", "ND1"}}, "POINT (400000 6500000)")
        .row("t_noeud", {{"nd_code", "ND2"}}, "POINT (400100 6500000)")
        .row("t_noeud", {{"nd_code", "ND3"}}, "POINT (400200 6500000)")
        .row("t_noeud", {{"nd_code", "ND4"}}, "POINT (400300 6500000)");
    const std::map<std::string, std::string> path{
        {"cm_statut", "REC"}, {"cm_avct", "E"}, {"cm_typ_imp", "7"}};
    auto cm = [&](const char* code, const char* nd1, const char* nd2, const char* wkt) {
        auto values = path;
        values.insert({{"cm_code", code}, {"cm_ndcode1", nd1}, {"cm_ndcode2", nd2}});
        w.row("t_cheminement", values, wkt);
    };
    cm("CM1", "ND1", "ND2", "LINESTRING (400000 6500000,400100 6500000)");
    cm("CM2", "ND2", "ND3", "LINESTRING (400100 6500000,400200 6500000)");
    cm("CM3", "ND3", "ND4", "LINESTRING (400200 6500000,400300 6500000)");
    w.row("t_adresse",
          {{"ad_code", "AD1"},
           {"ad_insee", "17001"},
           {"ad_numero", "12"},
           {"ad_nomvoie", "Rue de l'Église"},
           {"ad_nbfotth", "2"},
           {"ad_ietat", "DE"}},
          "POINT (400210 6500010)")
        .row("t_adresse",
             {{"ad_code", "AD2"},
              {"ad_insee", "17001"},
              {"ad_numero", "3"},
              {"ad_nomvoie", "Chemin des Prés"},
              {"ad_nbfotth", "1"},
              {"ad_ietat", "DE"}},
             "POINT (400310 6500010)");
    w.row("t_zsro",
          {{"zs_code", "ZS1"}, {"zs_lc_code", "LCPM"}, {"zs_refpm", "PM_17_001"}, {"zs_etatpm", "DP"}},
          "POLYGON ((399500 6499500,400500 6499500,400500 6500500,399500 6500500,399500 6499500))");
    w.row("t_cable", {{"cb_code", "CB1"},
                      {"cb_nd1", "ND1"},
                      {"cb_nd2", "ND2"},
                      {"cb_typelog", "TR"},
                      {"cb_statut", "REC"},
                      {"cb_avct", "E"},
                      {"cb_capafo", "144"},
                      {"cb_lgreel", "101,5"},
                      {"cb_datemes", "2023-06-14 00:00:00"}})
        .row("t_cable", {{"cb_code", "CB2"},
                         {"cb_nd1", "ND2"},
                         {"cb_nd2", "ND3"},
                         {"cb_bp2", "BP1"},
                         {"cb_typelog", "DI"},
                         {"cb_statut", "REC"},
                         {"cb_avct", "E"},
                         {"cb_capafo", "24"},
                         {"cb_dateins", "20200115"}})
        .row("t_cable", {{"cb_code", "CB3"},
                         {"cb_nd1", "ND3"},
                         {"cb_nd2", "ND4"},
                         {"cb_bp1", "BP1"},
                         {"cb_bp2", "BP2"},
                         {"cb_typelog", "DI"},
                         {"cb_statut", "REC"},
                         {"cb_avct", "E"},
                         {"cb_dateins", "15/01/2021"}});
    w.row("t_cab_chem", {{"cc_cb_code", "CB1"}, {"cc_cm_code", "CM1"}})
        .row("t_cab_chem", {{"cc_cb_code", "CB2"}, {"cc_cm_code", "CM2"}})
        .row("t_cab_chem", {{"cc_cb_code", "CB3"}, {"cc_cm_code", "CM3"}});
    w.row("t_site",
          {{"st_code", "ST1"}, {"st_nd_code", "ND1"}, {"st_typelog", "RESEAU"}, {"st_statut", "REC"}})
        .row("t_site",
             {{"st_code", "ST2"}, {"st_nd_code", "ND2"}, {"st_typelog", "RESEAU"}, {"st_statut", "REC"}})
        .row("t_site", {{"st_code", "ST3"}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD1"}})
        .row("t_site", {{"st_code", "ST4"}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD2"}});
    w.row("t_local", {{"lc_code", "LCNRO"},
                      {"lc_st_code", "ST1"},
                      {"lc_typelog", "NRO"},
                      {"lc_statut", "REC"},
                      {"lc_avct", "E"},
                      {"lc_datemes", "2020-03-01"}})
        .row("t_local", {{"lc_code", "LCPM"},
                         {"lc_st_code", "ST2"},
                         {"lc_typelog", "SRO"},
                         {"lc_statut", "REC"},
                         {"lc_avct", "E"},
                         {"lc_datemes", "2020-03-02"}})
        .row("t_local",
             {{"lc_code", "LC1"}, {"lc_st_code", "ST3"}, {"lc_bp_codf", "BP1"}, {"lc_typelog", "FTTH"}})
        .row("t_local",
             {{"lc_code", "LC2"}, {"lc_st_code", "ST3"}, {"lc_bp_codf", "BP1"}, {"lc_typelog", "FTTH"}})
        .row("t_local",
             {{"lc_code", "LC3"}, {"lc_st_code", "ST4"}, {"lc_bp_codf", "BP2"}, {"lc_typelog", "FTTH"}});
    w.row("t_ptech", {{"pt_code", "PT3"}, {"pt_nd_code", "ND3"}})
        .row("t_ptech", {{"pt_code", "PT4"}, {"pt_nd_code", "ND4"}});
    w.row("t_ebp", {{"bp_code", "BP1"},
                    {"bp_pt_code", "PT3"},
                    {"bp_typelog", "PBO"},
                    {"bp_statut", "REC"},
                    {"bp_avct", "E"},
                    {"bp_datemes", "2021-05-01"}})
        .row("t_ebp", {{"bp_code", "BP2"},
                       {"bp_pt_code", "PT4"},
                       {"bp_typelog", "PBO"},
                       {"bp_statut", "REC"},
                       {"bp_avct", "E"}});
    w.row("t_baie", {{"ba_code", "BA1"}, {"ba_lc_code", "LCNRO"}});
    w.write(dir);
    // The shapefiles without rows go: opening one costs a look-up of its CRS in PROJ's database,
    // most of an input's time, and the reader does without them.
    const std::set<std::string> kept{"t_noeud", "t_cheminement", "t_adresse", "t_zsro"};
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const auto ext = entry.path().extension().string();
        if (ext != ".csv" && kept.count(entry.path().stem().string()) == 0) {
            std::filesystem::remove(entry.path());
        }
    }
}

struct Target {
    std::filesystem::path dir = fibre::fuzz::scratch_dir() / "delivery";
    std::map<std::string, std::string> original; // each fuzzed table's file as written
    fibre::importers::Source source;
    fibre::fuzz::ScratchStore store;
    fibre::importers::GracethdReader reader;

    Target() {
        write_delivery(dir);
        for (const char* t : tables) {
            original[t] = fibre::testing::read_file(dir / (std::string(t) + ".csv"));
        }
        // FIBRE_FUZZ_WRITE_SEEDS=DIR writes the tables of this delivery as seeds
        // (corpus/gracethd_table/fixture-*).
        if (const char* seeds = std::getenv("FIBRE_FUZZ_WRITE_SEEDS")) {
            for (std::size_t i = 0; i < tables.size(); ++i) {
                fibre::fuzz::write_file(std::filesystem::path(seeds) / ("fixture-" + std::string(tables[i])),
                                        std::string(1, static_cast<char>(i)) + original[tables[i]]);
            }
        }
        // Resolved once: the files stay the same, only their bytes change.
        source = fibre::importers::resolve_source(dir.string());
    }
};

std::unique_ptr<Target> target;

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    fibre::fuzz::initialise();
    target = std::make_unique<Target>();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string table = tables[data[0] % tables.size()];
    const auto file = target->dir / (table + ".csv");
    fibre::fuzz::write_file(file, fibre::fuzz::as_text(data + 1, size - 1));
    (void)target->reader.detect(target->source); // must not throw, whatever the table holds
    try {
        (void)target->reader.perimeter(target->source);
    } catch (const fibre::Error&) {
    }
    target->store.import_and_roll_back(target->reader, target->source);
    fibre::fuzz::write_file(file, target->original.at(table));
    return 0;
}
