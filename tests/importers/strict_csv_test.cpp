// A malformed CSV record through the real `fibre import`: a stray quote, a NUL byte, a record
// of the wrong number of fields, in GraceTHD tables (t_cable.csv, t_local.csv), a BAN file and
// an IPE file, each imported over an earlier good one of the same perimeter.
//
// Without --strict only that record is rejected (the reject names its line and field) and every
// other row is kept; with --strict the import stops at it: exit 1, a message naming the file,
// the line and the field, and the store exactly as it was.
//
// The delivery:
//
//   ND1 (NRO, LC01) --CB1 (TR)-- ND2 (PM, LC02) --CB2..CB5 (DI)--> ND12..ND15
//                                                                  PBO BP2..BP5 on PT2..PT5
//   LC1..LC5: FTTH locals at AD1..AD5, served by BP2..BP5 (LC1 and LC2 by BP2)
//
// t_cable.csv holds CB1..CB5 on lines 2..6 (CB3 on line 4); t_local.csv holds LC01, LC02,
// then LC1..LC5 on lines 4..8 (LC3 on line 6).

#include "engine/store/database.hpp"
#include "tests/support/gracethd_v3_writer.hpp"
#include "tests/support/test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace fibre::testing {
namespace {

namespace fs = std::filesystem;

void write_delivery(const fs::path& dir) {
    GracethdV3Writer w;
    w.row("t_noeud", {{"nd_code", "ND1"}}, "POINT (380000 6560000)");
    w.row("t_noeud", {{"nd_code", "ND2"}}, "POINT (380100 6560000)");
    for (int i = 2; i <= 5; ++i) {
        w.row("t_noeud", {{"nd_code", "ND1" + std::to_string(i)}},
              "POINT (" + std::to_string(380100 + 50 * i) + " 6560100)");
    }
    w.row("t_site", {{"st_code", "ST1"}, {"st_nd_code", "ND1"}, {"st_typelog", "RESEAU"}});
    w.row("t_site", {{"st_code", "ST2"}, {"st_nd_code", "ND2"}, {"st_typelog", "RESEAU"}});
    for (const auto& [code, type, site] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"LC01", "NRO", "ST1"}, {"LC02", "SRO", "ST2"}}) {
        w.row("t_local", {{"lc_code", code},
                          {"lc_st_code", site},
                          {"lc_typelog", type},
                          {"lc_statut", "REC"},
                          {"lc_avct", "E"},
                          {"lc_datemes", "2020-01-01"}});
    }
    for (int i = 1; i <= 5; ++i) {
        const auto n = std::to_string(i);
        const bool transport = i == 1;
        w.row("t_cable", {{"cb_code", "CB" + n},
                          {"cb_etiquet", "E" + n},
                          {"cb_nd1", transport ? "ND1" : "ND2"},
                          {"cb_nd2", transport ? "ND2" : "ND1" + n},
                          {"cb_typelog", transport ? "TR" : "DI"},
                          {"cb_statut", "REC"},
                          {"cb_avct", "E"},
                          {"cb_datemes", "2020-01-01"}});
        if (!transport) {
            w.row("t_ptech", {{"pt_code", "PT" + n}, {"pt_nd_code", "ND1" + n}});
            w.row("t_ebp", {{"bp_code", "BP" + n},
                            {"bp_pt_code", "PT" + n},
                            {"bp_typelog", "PBO"},
                            {"bp_statut", "REC"},
                            {"bp_avct", "E"}});
        }
    }
    for (int i = 1; i <= 5; ++i) {
        const auto n = std::to_string(i);
        w.row("t_adresse", {{"ad_code", "AD" + n}, {"ad_insee", "17300"}, {"ad_nblres", "1"}},
              "POINT (" + std::to_string(380100 + 50 * i) + " 6560110)");
        w.row("t_site", {{"st_code", "ST3" + n}, {"st_typelog", "CLIENT"}, {"st_ad_code", "AD" + n}});
    }
    for (int i = 1; i <= 5; ++i) {
        const auto n = std::to_string(i);
        w.row("t_local", {{"lc_code", "LC" + n},
                          {"lc_etiquet", "L" + n},
                          {"lc_st_code", "ST3" + n},
                          {"lc_bp_codf", "BP" + std::to_string(std::max(i, 2))},
                          {"lc_typelog", "FTTH"}});
    }
    w.write(dir);
}

void write_text(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

/// Replaces the one occurrence of @p from in @p path.
void replace_once(const fs::path& path, const std::string& from, const std::string& to) {
    auto text = read_file(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << path;
    ASSERT_EQ(text.find(from, at + 1), std::string::npos) << from << " twice in " << path;
    text.replace(at, from.size(), to);
    write_text(path, text);
}

/// What a store holds: the row count of every table an import writes, and the codes of the
/// main ones, so that "unchanged" means unchanged.
using Snapshot = std::map<std::string, std::vector<std::string>>;

std::vector<std::string> query(const fs::path& db_path, const std::string& sql) {
    auto db = store::Database::open(db_path, store::Database::Mode::read_only);
    auto st = db.prepare(sql);
    std::vector<std::string> out;
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

Snapshot snapshot(const fs::path& db) {
    Snapshot s;
    for (const char* table : {"import_run", "reject", "node", "link", "cable_path", "site", "box", "zone",
                              "premise", "address", "declaration"}) {
        s[table] = query(db, std::string("SELECT count(*) FROM ") + table);
    }
    s["import_run ids"] = query(db, "SELECT id || ' ' || checksum FROM import_run ORDER BY id");
    s["link codes"] = query(db, "SELECT code || ' ' || import_run FROM link ORDER BY 1");
    s["premise codes"] = query(db, "SELECT code || ' ' || import_run FROM premise ORDER BY 1");
    s["address codes"] = query(db, "SELECT code || ' ' || import_run FROM address ORDER BY 1");
    s["declarations"] = query(db, "SELECT building_id || ' ' || import_run FROM declaration ORDER BY 1");
    return s;
}

/// One malformed record and what the import must say about it.
struct Expected {
    std::string file;              ///< the file the message names ("t_cable.csv")
    std::string layer;             ///< the reject's layer
    std::string line;              ///< "line 4"
    std::string field;             ///< the column at fault
    std::string what;              ///< "unbalanced quote"
    std::string codes;             ///< SQL listing the codes of the table read, for the newest import
    std::vector<std::string> kept; ///< those codes after the import without --strict
};

/// Imports @p good, then @p bad over it: with --strict (refused, store unchanged), then without
/// (only the malformed record rejected).
void expect_one_malformed_record(const fs::path& good, const fs::path& bad, const Expected& e) {
    TempDir dir;
    const auto db = dir / "store.sqlite";
    const auto first = run_fibre({"import", "--db", db.string(), good.string()});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    ASSERT_EQ(first.err.find("rejected"), std::string::npos) << "the good source must import cleanly\n"
                                                             << first.err;
    const auto before = snapshot(db);

    const auto strict = run_fibre({"import", "--strict", "--db", db.string(), bad.string()});
    EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;
    for (const auto& part : {e.file, e.line, "field '" + e.field + "'", e.what}) {
        EXPECT_NE(strict.err.find(part), std::string::npos) << "'" << part << "' missing from:\n"
                                                            << strict.err;
    }
    EXPECT_EQ(strict.err.find("/vsi"), std::string::npos) << strict.err;
    EXPECT_EQ(snapshot(db), before) << "the store changed after a refused --strict import";

    const auto lenient = run_fibre({"import", "--db", db.string(), bad.string()});
    EXPECT_EQ(lenient.exit_code, 0) << lenient.out << lenient.err;
    EXPECT_NE(lenient.err.find("1 feature(s) rejected"), std::string::npos) << lenient.err;
    const auto rejects =
        query(db, "SELECT layer || '|' || feature_id || '|' || coalesce(field, '') || '|' || "
                  "reason FROM reject WHERE action = 'rejected' AND import_run = "
                  "(SELECT max(id) FROM import_run)");
    ASSERT_EQ(rejects.size(), 1U) << ::testing::PrintToString(rejects);
    const auto expected_start = e.layer + "|" + e.line + "|" + e.field + "|" + e.what;
    EXPECT_EQ(rejects[0].substr(0, expected_start.size()), expected_start) << rejects[0];
    EXPECT_EQ(query(db, e.codes), e.kept);
}

const std::string cables = "SELECT code FROM link WHERE kind = 'cable' AND import_run = "
                           "(SELECT max(id) FROM import_run) ORDER BY code";
const std::string premises = "SELECT code FROM premise WHERE import_run = (SELECT max(id) FROM import_run) "
                             "ORDER BY code";

TEST(StrictCsv, StrayQuoteInTCable) {
    TempDir dir;
    write_delivery(dir / "good" / "delivery");
    fs::copy(dir / "good", dir / "bad", fs::copy_options::recursive);
    replace_once(dir / "bad" / "delivery" / "t_cable.csv", ";E3;", ";\"E3;");
    expect_one_malformed_record(dir / "good" / "delivery", dir / "bad" / "delivery",
                                {"t_cable.csv",
                                 "t_cable",
                                 "line 4",
                                 "cb_etiquet",
                                 "unbalanced quote",
                                 cables,
                                 {"CB1", "CB2", "CB4", "CB5"}});
}

TEST(StrictCsv, StrayQuoteInTLocal) {
    TempDir dir;
    write_delivery(dir / "good" / "delivery");
    fs::copy(dir / "good", dir / "bad", fs::copy_options::recursive);
    replace_once(dir / "bad" / "delivery" / "t_local.csv", ";L3;", ";\"L3;");
    expect_one_malformed_record(dir / "good" / "delivery", dir / "bad" / "delivery",
                                {"t_local.csv",
                                 "t_local",
                                 "line 6",
                                 "lc_etiquet",
                                 "unbalanced quote",
                                 premises,
                                 {"LC1", "LC2", "LC4", "LC5"}});
}

TEST(StrictCsv, NulByteInACodeOfTLocal) {
    TempDir dir;
    write_delivery(dir / "good" / "delivery");
    fs::copy(dir / "good", dir / "bad", fs::copy_options::recursive);
    replace_once(dir / "bad" / "delivery" / "t_local.csv", "\nLC3;", std::string("\nLC") + '\0' + "3;");
    expect_one_malformed_record(
        dir / "good" / "delivery", dir / "bad" / "delivery",
        {"t_local.csv", "t_local", "line 6", "lc_code", "NUL byte", premises, {"LC1", "LC2", "LC4", "LC5"}});
}

TEST(StrictCsv, RecordOfTheWrongNumberOfFieldsInTCable) {
    TempDir dir;
    write_delivery(dir / "good" / "delivery");
    fs::copy(dir / "good", dir / "bad", fs::copy_options::recursive);
    const auto header = GracethdV3Writer().columns("t_cable");
    const auto n = header.size();
    // "CB3;;..." loses one separator: one field short.
    replace_once(dir / "bad" / "delivery" / "t_cable.csv", "\nCB3;", "\nCB3");
    expect_one_malformed_record(dir / "good" / "delivery", dir / "bad" / "delivery",
                                {"t_cable.csv",
                                 "t_cable",
                                 "line 4",
                                 header.back(),
                                 std::to_string(n - 1) + " fields where the header has " + std::to_string(n),
                                 cables,
                                 {"CB1", "CB2", "CB4", "CB5"}});
}

// BAN and IPE files go through the same reader.

const std::string ban_header = "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;x;y\n";

std::string ban_rows() {
    std::string out = ban_header;
    for (int i = 1; i <= 5; ++i) {
        out += "17300_0001_0000" + std::to_string(i) + ";" + std::to_string(i) +
               ";;Rue du Port;17000;17300;La " + "Rochelle;" + std::to_string(380000 + i) + ";6570000\n";
    }
    return out;
}

const std::string addresses = "SELECT code FROM address WHERE import_run = (SELECT max(id) FROM import_run) "
                              "ORDER BY code";
const std::vector<std::string> ban_kept = {"17300_0001_00001", "17300_0001_00002", "17300_0001_00004",
                                           "17300_0001_00005"};

void ban_case(const std::string& from, const std::string& to, const std::string& field,
              const std::string& what) {
    TempDir dir;
    write_text(dir / "good" / "adresses-17.csv", ban_rows());
    write_text(dir / "bad" / "adresses-17.csv", ban_rows());
    replace_once(dir / "bad" / "adresses-17.csv", from, to);
    expect_one_malformed_record(
        dir / "good" / "adresses-17.csv", dir / "bad" / "adresses-17.csv",
        {"adresses-17.csv", "adresses-17.csv", "line 4", field, what, addresses, ban_kept});
}

TEST(StrictCsv, BanStrayQuote) {
    ban_case("3;;Rue du Port", "3;;\"Rue du Port", "nom_voie", "unbalanced quote");
}

TEST(StrictCsv, BanNulByte) {
    ban_case("17300_0001_00003", std::string("17300_0001") + '\0' + "_00003", "id", "NUL byte");
}

TEST(StrictCsv, BanWrongNumberOfFields) {
    ban_case("380003;6570000", "380003", "y", "8 fields where the header has 9");
}

const std::string ipe_header = "IdentifiantImmeuble;EtatImmeuble;CodeInseeImmeuble;NomVoieImmeuble;"
                               "CoordonneeImmeubleX;CoordonneeImmeubleY;TypeProjectionGeographique\r\n";

std::string ipe_rows() {
    std::string out = ipe_header;
    for (int i = 1; i <= 5; ++i) {
        out += "IMB/17300/X/000" + std::to_string(i) + ";DEPLOYE;17300;Rue du Port;" +
               std::to_string(380000 + i) + ";6570000;2154\r\n";
    }
    return out;
}

const std::string declarations =
    "SELECT building_id FROM declaration WHERE import_run = (SELECT max(id) FROM "
    "import_run) ORDER BY building_id";
const std::vector<std::string> ipe_kept = {"IMB/17300/X/0001", "IMB/17300/X/0002", "IMB/17300/X/0004",
                                           "IMB/17300/X/0005"};

void ipe_case(const std::string& from, const std::string& to, const std::string& field,
              const std::string& what) {
    TempDir dir;
    const std::string name = "IPE_OPERATEUR_17_PM_IPEZMD_V30_20240115.csv";
    write_text(dir / "good" / name, ipe_rows());
    write_text(dir / "bad" / name, ipe_rows());
    replace_once(dir / "bad" / name, from, to);
    expect_one_malformed_record(dir / "good" / name, dir / "bad" / name,
                                {name, name, "line 4", field, what, declarations, ipe_kept});
}

TEST(StrictCsv, IpeStrayQuote) {
    ipe_case("0003;DEPLOYE", "0003;\"DEPLOYE", "EtatImmeuble", "unbalanced quote");
}

TEST(StrictCsv, IpeNulByte) {
    ipe_case("0003;DEPLOYE;17300", std::string("0003;DEPLOYE;17") + '\0' + "300", "CodeInseeImmeuble",
             "NUL byte");
}

TEST(StrictCsv, IpeWrongNumberOfFields) {
    ipe_case("380003;6570000;2154", "380003;6570000", "TypeProjectionGeographique",
             "6 fields where the header has 7");
}

} // namespace
} // namespace fibre::testing
