// EDIGÉO sheets add up: a commune's sheets give the same store imported one by one, together or
// in any order; a sheet imported again unchanged is a no-op, a newer delivery of a sheet
// replaces that sheet's rows and no other sheet's.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/gdal_handles.hpp"
#include "importers/cadastre_reader.hpp"
#include "importers/import_job.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <set>

namespace fibre::importers {
namespace {

namespace fs = std::filesystem;

TEST(CadastreNames, EdigeoSheetIdentifiers) {
    // The feuille's own IDU (commune3 + prefixe3 + section2 + feuille2), as GDAL reads SUBDSECT_id.
    EXPECT_EQ(edigeo_sheet_id("25354", "354000AB01", "e000ab01.thf"), "25354000AB01");
    EXPECT_EQ(edigeo_sheet_id("2A004", " 004000ab01 ", "x.thf"), "2A004000AB01");
    // No usable IDU (none, or another commune's): the .THF name, E + prefixe3 + section2 + feuille2.
    EXPECT_EQ(edigeo_sheet_id("25354", "", "E000AK01.THF"), "25354000AK01");
    EXPECT_EQ(edigeo_sheet_id("25354", "355000AB01", "e0000A02.thf"), "253540000A02");
    EXPECT_EQ(edigeo_sheet_id("25354", "354000AB", "sheet.thf"), "");
    EXPECT_EQ(edigeo_sheet_id("", "354000AB01", "e000ab01.thf"), "");
}

TEST(CadastreSheets, UnpackedSheetsOfOneFolderAreSplitByTheirLot) {
    fibre::testing::TempDir dir;
    const auto folder = dir / "25354";
    fs::create_directories(folder);
    for (const char* name : {"E000AB01.THF", "EDAB01SE.GEN", "EDAB01T1.VEC", "E000AK01.THF", "EDAK01SE.GEN",
                             "EDAK01T1.VEC", "LISEZMOI.TXT"}) {
        std::ofstream(folder / name) << name; // content enough to tell the checksums apart
    }
    const auto source = resolve_source(folder.string());
    const auto parts = edigeo_sheets(source);
    ASSERT_EQ(parts.size(), 2U); // the text file is nothing the cadastre reader reads
    std::vector<std::set<std::string>> names;
    for (const auto& part : parts) {
        std::set<std::string> n;
        for (const auto& f : part.files) {
            n.insert(f.name);
        }
        names.push_back(n);
    }
    EXPECT_EQ(names[0], (std::set<std::string>{"e000ab01.thf", "edab01se.gen", "edab01t1.vec"}));
    EXPECT_EQ(names[1], (std::set<std::string>{"e000ak01.thf", "edak01se.gen", "edak01t1.vec"}));
    EXPECT_NE(parts[0].checksum, parts[1].checksum);
    EXPECT_NE(parts[0].checksum, source.checksum);
    EXPECT_EQ(fs::path(parts[1].path).filename(), "E000AK01.THF"); // as the folder spells it
    // One sheet is no split.
    fs::remove(folder / "E000AK01.THF");
    EXPECT_EQ(edigeo_sheets(resolve_source(folder.string())).size(), 1U);
}

fs::path sample_sheet(const std::string& id) {
    return fibre::testing::shared_data_dir() / "cadastre-edigeo-25354" / ("edigeo-" + id + ".tar.bz2");
}

/// The IDU of every feature of @p layer in a sheet's archive, read by GDAL from the file itself.
std::vector<std::string> idus_in_sheet(const fs::path& archive, const char* layer_name) {
    const auto source = resolve_source(archive.string());
    std::vector<std::string> out;
    for (const auto& f : source.files) {
        if (f.name.size() > 4 && f.name.compare(f.name.size() - 4, 4, ".thf") == 0) {
            auto ds = gdal::open_vector(f.gdal_path, {}, {"EDIGEO"});
            auto* layer = ds->GetLayerByName(layer_name);
            if (layer == nullptr) {
                return out;
            }
            const int idu = layer->GetLayerDefn()->GetFieldIndex("IDU");
            for (auto& feature : *layer) {
                out.emplace_back(idu < 0 ? "" : feature->GetFieldAsString(idu));
            }
            return out;
        }
    }
    ADD_FAILURE() << "no .THF in " << archive;
    return out;
}

/// What the cadastre put in a store, sorted by id.
struct Cadastre {
    std::vector<model::Parcel> parcels;
    std::vector<model::Building> buildings;
    std::vector<model::Commune> communes;
    friend bool operator==(const Cadastre&, const Cadastre&) = default;
};

Cadastre cadastre_of(store::Database& db) {
    Cadastre c{store::read_parcels(db), store::read_buildings(db), store::read_communes(db)};
    const auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(c.parcels.begin(), c.parcels.end(), by_id);
    std::sort(c.buildings.begin(), c.buildings.end(), by_id);
    std::sort(c.communes.begin(), c.communes.end(),
              [](const auto& a, const auto& b) { return a.insee < b.insee; });
    return c;
}

/// One `fibre import` of @p sources.
std::vector<SourceOutcome> import(store::Database& db, const std::vector<fs::path>& sources) {
    ImportRequest request;
    for (const auto& s : sources) {
        request.sources.push_back(s.string());
    }
    return run_import(db, request);
}

struct StoreDir {
    fibre::testing::TempDir dir;
    store::Database db = store::Database::create(dir / "fibre.sqlite");
};

TEST(CadastreSheets, OneByOneTogetherAndInAnyOrderGiveTheSameStore) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto ab = sample_sheet("25354000AB01");
    const auto ak = sample_sheet("25354000AK01");
    // What the two sheets hold together, counted from the files.
    std::set<std::string> parcel_idus;
    for (const auto& sheet : {ab, ak}) {
        for (const auto& idu : idus_in_sheet(sheet, "PARCELLE_id")) {
            parcel_idus.insert(idu);
        }
    }
    const auto buildings = idus_in_sheet(ab, "BATIMENT_id").size() + idus_in_sheet(ak, "BATIMENT_id").size();
    ASSERT_GT(parcel_idus.size(), idus_in_sheet(ak, "PARCELLE_id").size());

    StoreDir one_by_one;
    const auto first = import(one_by_one.db, {ab});
    const auto second = import(one_by_one.db, {ak});
    ASSERT_EQ(first.size(), 1U);
    ASSERT_EQ(second.size(), 1U);
    EXPECT_EQ(first[0].perimeter, "25354000AB01");
    EXPECT_EQ(second[0].perimeter, "25354000AK01");
    EXPECT_TRUE(second[0].replaced.empty()); // the second sheet adds to the first
    const auto expected = cadastre_of(one_by_one.db);
    EXPECT_EQ(expected.parcels.size(), parcel_idus.size());
    EXPECT_EQ(expected.buildings.size(), buildings);
    ASSERT_EQ(expected.communes.size(), 1U);
    EXPECT_EQ(expected.communes[0].insee, "25354");
    EXPECT_EQ(store::read_import_runs(one_by_one.db).size(), 2U);

    StoreDir folder; // both sheets in one command, as their folder
    const auto together = import(folder.db, {ab.parent_path()});
    ASSERT_EQ(together.size(), 2U);
    EXPECT_EQ(together[0].perimeter, "25354000AB01");
    EXPECT_EQ(together[1].perimeter, "25354000AK01");
    EXPECT_EQ(together[0].checksum, first[0].checksum); // each sheet is its archive's bytes
    EXPECT_TRUE(cadastre_of(folder.db) == expected);

    StoreDir reversed;
    import(reversed.db, {ak});
    import(reversed.db, {ab});
    EXPECT_TRUE(cadastre_of(reversed.db) == expected);

    StoreDir reversed_together;
    import(reversed_together.db, {ak, ab});
    EXPECT_TRUE(cadastre_of(reversed_together.db) == expected);
}

TEST(CadastreSheets, ASheetImportedAgainChangesNothing) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto ab = sample_sheet("25354000AB01");
    StoreDir s;
    import(s.db, {ab.parent_path()});
    const auto before = cadastre_of(s.db);
    const auto runs = store::read_import_runs(s.db).size();
    const auto again = import(s.db, {ab});
    ASSERT_EQ(again.size(), 1U);
    EXPECT_TRUE(again[0].unchanged);
    EXPECT_TRUE(again[0].replaced.empty());
    const auto folder_again = import(s.db, {ab.parent_path()});
    ASSERT_EQ(folder_again.size(), 2U);
    EXPECT_TRUE(folder_again[0].unchanged && folder_again[1].unchanged);
    EXPECT_TRUE(cadastre_of(s.db) == before);
    EXPECT_EQ(store::read_import_runs(s.db).size(), runs);
}

/// Runs @p command through the shell; fails the test when it fails.
void shell(const std::string& command) {
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(CadastreSheets, ANewerSheetReplacesThatSheetOnly) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto ab = sample_sheet("25354000AB01");
    const auto ak = sample_sheet("25354000AK01");
    fibre::testing::TempDir dir;
    // A later millésime of sheet AB01: parcel AB 1 measured 1 m² more, same archive name.
    const auto unpacked = dir / "unpacked";
    fs::create_directories(unpacked);
    ASSERT_NO_FATAL_FAILURE(shell("tar -xjf '" + ab.string() + "' -C '" + unpacked.string() + "'"));
    const auto vec = unpacked / "EDAB01T1.VEC";
    auto bytes = fibre::testing::read_file(vec);
    const std::string was = "ATVSR08:+226060.", now = "ATVSR08:+226061.";
    const auto at = bytes.find(was);
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(bytes.find(was, at + 1), std::string::npos);
    bytes.replace(at, was.size(), now);
    std::ofstream(vec, std::ios::binary | std::ios::trunc) << bytes;
    const auto newer = dir / "2025" / "edigeo-25354000AB01.tar.bz2";
    fs::create_directories(newer.parent_path());
    ASSERT_NO_FATAL_FAILURE(shell("cd '" + unpacked.string() + "' && tar -cjf '" + newer.string() + "' *"));

    StoreDir s;
    const auto first = import(s.db, {ab, ak});
    ASSERT_EQ(first.size(), 2U);
    const auto before = cadastre_of(s.db);
    const auto outcome = import(s.db, {newer});
    ASSERT_EQ(outcome.size(), 1U);
    EXPECT_FALSE(outcome[0].unchanged);
    EXPECT_EQ(outcome[0].perimeter, "25354000AB01");
    EXPECT_EQ(outcome[0].replaced, std::vector<long long>{first[0].import_run});
    const auto after = cadastre_of(s.db);
    ASSERT_EQ(after.parcels.size(), before.parcels.size());
    for (std::size_t i = 0; i < after.parcels.size(); ++i) {
        const auto& p = after.parcels[i];
        ASSERT_EQ(p.id, before.parcels[i].id);
        if (p.id == "25354000AB0001") {
            EXPECT_DOUBLE_EQ(p.contenance_m2, 226061);
            EXPECT_DOUBLE_EQ(before.parcels[i].contenance_m2, 226060);
        } else {
            EXPECT_TRUE(p == before.parcels[i]) << p.id;
        }
    }
    EXPECT_TRUE(after.buildings == before.buildings); // all on sheet AK01
    EXPECT_TRUE(after.communes == before.communes);
    // Sheet AK01's import is still there, untouched; AB01's is the newer one.
    const auto runs = store::read_import_runs(s.db);
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].id, first[1].import_run);
    EXPECT_EQ(runs[1].id, outcome[0].import_run);
}

TEST(CadastreSheets, AParcelOfAnotherSectionIsLeftToItsOwnSheets) {
    FIBRE_REQUIRE_SHARED_DATA();
    const auto ab = sample_sheet("25354000AB01");
    fibre::testing::TempDir dir;
    // Sheet AB01 drawing, beside its own, a parcel of section AK (its IDU changed).
    const auto unpacked = dir / "unpacked";
    fs::create_directories(unpacked);
    ASSERT_NO_FATAL_FAILURE(shell("tar -xjf '" + ab.string() + "' -C '" + unpacked.string() + "'"));
    const auto vec = unpacked / "EDAB01T1.VEC";
    auto bytes = fibre::testing::read_file(vec);
    const std::string was = "ATVST12:354000AB0001", now = "ATVST12:354000AK0001";
    const auto at = bytes.find(was);
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, was.size(), now);
    std::ofstream(vec, std::ios::binary | std::ios::trunc) << bytes;
    const auto drawn = dir / "edigeo-25354000AB01.tar.bz2";
    ASSERT_NO_FATAL_FAILURE(shell("cd '" + unpacked.string() + "' && tar -cjf '" + drawn.string() + "' *"));

    StoreDir s;
    const auto outcome = import(s.db, {drawn});
    ASSERT_EQ(outcome.size(), 1U);
    const auto& c = outcome[0].counts.at("E000AB01/PARCELLE_id");
    const auto read = static_cast<long long>(idus_in_sheet(ab, "PARCELLE_id").size());
    EXPECT_EQ(c.read, read);
    EXPECT_EQ(c.imported, read - 1);
    EXPECT_EQ(c.rejected, 1);
    const auto parcels = store::read_parcels(s.db);
    EXPECT_EQ(static_cast<long long>(parcels.size()), read - 1);
    EXPECT_TRUE(
        std::none_of(parcels.begin(), parcels.end(), [](const auto& p) { return p.id == "25354000AK0001"; }));
    const auto rejects = store::read_rejects(s.db);
    ASSERT_EQ(rejects.size(), 1U);
    EXPECT_EQ(rejects[0].feature_id, "25354000AK0001");
    EXPECT_NE(rejects[0].reason.find("section 000AK on sheet 25354000AB01"), std::string::npos)
        << rejects[0].reason;
}

} // namespace
} // namespace fibre::importers
