// The CSV reading real deliveries need: separators, BOM, quotes, Windows-1252, title lines, and
// the recovery from malformed records (docs/formats.md).

#include "engine/support/error.hpp"
#include "importers/csv_table.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace fibre::importers {
namespace {

std::string write(const fibre::testing::TempDir& dir, const std::string& name, const std::string& bytes) {
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
}

std::vector<std::vector<std::string>> all_rows(CsvTable& t) {
    std::vector<std::vector<std::string>> out;
    CsvRow row;
    while (t.next(row)) {
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            cells.emplace_back(row.get(i));
        }
        out.push_back(cells);
    }
    return out;
}

TEST(CsvTable, ReadsSemicolonsWithBomAndQuotes) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "a.csv",
                            "\xEF\xBB\xBF"
                            "code;nom;note\r\n"
                            "1;\"Rue \"\"du\"\" Port; bis\";x\r\n"
                            "\r\n"
                            "2;\"deux\nlignes\";\r\n");
    CsvTable t(path, "a.csv");
    EXPECT_EQ(t.separator(), ';');
    EXPECT_EQ(t.encoding(), TextEncoding::utf8);
    ASSERT_EQ(t.header(), (std::vector<std::string>{"code", "nom", "note"}));
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0][1], "Rue \"du\" Port; bis");
    EXPECT_EQ(rows[1][1], "deux\nlignes");
    EXPECT_EQ(rows[1][2], "");
    EXPECT_EQ(t.column({"NOM"}), 1U);
    EXPECT_FALSE(t.column({"absent"}).has_value());
}

TEST(CsvTable, ConvertsWindows1252ToUtf8) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "b.csv", "nom,etat\nD\xE9ploy\xE9,\x80 1\n");
    CsvTable t(path, "b.csv");
    EXPECT_EQ(t.encoding(), TextEncoding::windows1252);
    EXPECT_EQ(t.separator(), ',');
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0][0], "D\xC3\xA9ploy\xC3\xA9");
    EXPECT_EQ(rows[0][1], "\xE2\x82\xAC 1");
}

TEST(CsvTable, FindsTheHeaderBelowTitleLines) {
    fibre::testing::TempDir dir;
    const auto path =
        write(dir, "c.csv", "Titre,,\nSous-titre,,\n,,\nCode commune,Champ,T1 2018\n01004,X,12\n");
    CsvTable t(path, "c.csv");
    ASSERT_TRUE(t.find_header({"Code commune"}));
    EXPECT_EQ(t.header().front(), "Code commune");
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0][0], "01004");
    EXPECT_FALSE(t.find_header({"nowhere"}));
}

TEST(CsvTable, MissingColumnNamesFileLayerAndField) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "d.csv", "a;b\n1;2\n");
    CsvTable t(path, "source.zip");
    try {
        (void)t.require({"code_insee"});
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().file, "source.zip");
        EXPECT_EQ(e.context().layer, "d.csv");
        EXPECT_EQ(e.context().field, "code_insee");
        EXPECT_NE(std::string(e.what()).find("a, b"), std::string::npos) << e.what();
    }
}

TEST(CsvTable, UnclosedQuoteIsADataErrorWithItsLine) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "e.csv", "a;b\n1;2\n3;\"open\n");
    CsvTable t(path, "e.csv");
    CsvRow row;
    ASSERT_TRUE(t.next(row));
    try {
        t.next(row);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().feature, "line 3");
    }
}

TEST(CsvTable, Utf16IsADataErrorThatSaysSo) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "u.csv",
                            std::string("\xFF\xFE"
                                        "a\0;\0b\0\n\0",
                                        10));
    try {
        CsvTable t(path, "u.csv");
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().layer, "u.csv");
        EXPECT_NE(std::string(e.what()).find("UTF-16"), std::string::npos) << e.what();
    }
}

/// The malformed records of a table, as "line N|field|reason", read to its end.
struct Reading {
    std::vector<std::vector<std::string>> rows;
    std::vector<long long> lines;
    std::vector<std::string> malformed;
};

Reading read_recovering(CsvTable& t) {
    Reading r;
    t.on_malformed([&](const DataError& e) {
        EXPECT_EQ(e.context().layer, t.layer());
        r.malformed.push_back(e.context().feature + "|" + e.context().field + "|" + e.reason());
    });
    CsvRow row;
    while (t.next(row)) {
        r.rows.emplace_back(row.cells.begin(), row.cells.end());
        r.lines.push_back(row.line);
    }
    return r;
}

TEST(CsvTableRecovery, AStrayQuoteRejectsItsLineAloneAndTheNextLinesAreRead) {
    fibre::testing::TempDir dir;
    // Line 3 opens a quote that nothing closes into a record of three fields: it is one
    // malformed record, and lines 4 and 5 are read as they are.
    const auto path =
        write(dir, "stray.csv", "code;etiquette;nd\r\nA;x;N1\r\nB;\"y;N2\r\nC;z;N3\r\nD;w;N4\r\n");
    CsvTable t(path, "delivery.zip");
    const auto r = read_recovering(t);
    ASSERT_EQ(r.rows.size(), 3U);
    EXPECT_EQ(r.rows[0][0], "A");
    EXPECT_EQ(r.rows[1], (std::vector<std::string>{"C", "z", "N3"}));
    EXPECT_EQ(r.rows[2][0], "D");
    EXPECT_EQ(r.lines, (std::vector<long long>{2, 4, 5}));
    ASSERT_EQ(r.malformed.size(), 1U);
    EXPECT_EQ(r.malformed[0], "line 3|etiquette|unbalanced quote (column 2)");
}

TEST(CsvTableRecovery, AStrayQuoteThatAQuoteFurtherDownClosesDoesNotSwallowTheLinesBetween) {
    fibre::testing::TempDir dir;
    // The stray quote of line 2 meets the one of line 4: read together they would make one
    // record of four fields, swallowing line 3. Line 2 alone is malformed, line 3 is read,
    // and line 4, of four fields, is malformed too.
    const auto path = write(dir, "two.csv", "a;b;c\n1;\"x;y\n2;p;q\n3;r\";s;t\n4;t;u\n");
    CsvTable t(path, "two.csv");
    const auto r = read_recovering(t);
    ASSERT_EQ(r.rows.size(), 2U);
    EXPECT_EQ(r.rows[0], (std::vector<std::string>{"2", "p", "q"}));
    EXPECT_EQ(r.rows[1][0], "4");
    EXPECT_EQ(r.lines, (std::vector<long long>{3, 5}));
    ASSERT_EQ(r.malformed.size(), 2U);
    EXPECT_EQ(r.malformed[0], "line 2|b|unbalanced quote (column 2)");
    EXPECT_EQ(r.malformed[1], "line 4||4 fields where the header has 3 (column 4)");
}

TEST(CsvTableRecovery, AQuotedFieldMaySpanLinesWhenItGivesTheHeadersFields) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "multi.csv", "a;b;c\n1;\"two\nlines\";x\n2;y;z\n");
    CsvTable t(path, "multi.csv");
    const auto r = read_recovering(t);
    EXPECT_TRUE(r.malformed.empty());
    ASSERT_EQ(r.rows.size(), 2U);
    EXPECT_EQ(r.rows[0][1], "two\nlines");
    EXPECT_EQ(r.lines, (std::vector<long long>{2, 4}));
}

TEST(CsvTableRecovery, AQuoteOpenOnTheLastLineIsOneMalformedRecord) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "end.csv", "a;b\n1;2\n3;\"open");
    CsvTable t(path, "end.csv");
    const auto r = read_recovering(t);
    ASSERT_EQ(r.rows.size(), 1U);
    ASSERT_EQ(r.malformed.size(), 1U);
    EXPECT_EQ(r.malformed[0], "line 3|b|unbalanced quote (column 2)");
}

TEST(CsvTableRecovery, ANulByteRejectsItsRecordOnly) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "nul.csv", std::string("code;nom\nLC1;a\nLC") + '\0' + "2;b\nLC3;c\n");
    CsvTable t(path, "nul.csv");
    const auto r = read_recovering(t);
    ASSERT_EQ(r.rows.size(), 2U);
    EXPECT_EQ(r.rows[0][0], "LC1");
    EXPECT_EQ(r.rows[1][0], "LC3");
    ASSERT_EQ(r.malformed.size(), 1U);
    EXPECT_EQ(r.malformed[0], "line 3|code|NUL byte (column 1)");
}

TEST(CsvTableRecovery, ARecordOfAnotherNumberOfFieldsIsMalformed) {
    fibre::testing::TempDir dir;
    // Line 3 lacks its last field, line 4 has one too many; line 5 ends with empty fields
    // past the header's (trailing separators), which is harmless.
    const auto path = write(dir, "count.csv", "a;b;c\n1;2;3\n4;5\n6;7;8;9\n10;11;12;;\n");
    CsvTable t(path, "count.csv");
    const auto r = read_recovering(t);
    ASSERT_EQ(r.rows.size(), 2U);
    EXPECT_EQ(r.rows[0][0], "1");
    EXPECT_EQ(r.rows[1][0], "10");
    ASSERT_EQ(r.malformed.size(), 2U);
    EXPECT_EQ(r.malformed[0], "line 3|c|2 fields where the header has 3 (column 3)");
    EXPECT_EQ(r.malformed[1], "line 4||4 fields where the header has 3 (column 4)");
}

TEST(CsvTableRecovery, AHandlerThatThrowsStopsTheReading) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "stop.csv", "a;b\n1;2\n3;\"x\n5;6\n");
    CsvTable t(path, "the user's path.csv");
    t.on_malformed([](const DataError& e) { throw e; });
    CsvRow row;
    ASSERT_TRUE(t.next(row));
    try {
        t.next(row);
        FAIL() << "expected a DataError";
    } catch (const DataError& e) {
        EXPECT_EQ(e.context().file, "the user's path.csv");
        EXPECT_EQ(e.context().feature, "line 3");
        EXPECT_EQ(e.context().field, "b");
        EXPECT_NE(std::string(e.what()).find("unbalanced quote"), std::string::npos) << e.what();
    }
}

TEST(CsvTable, NulBytesInTheFirstLineAreNotACsvFile) {
    fibre::testing::TempDir dir;
    const auto path = write(dir, "bin.csv",
                            std::string("\x7F"
                                        "ELF\0\0;\n1;2\n",
                                        12));
    EXPECT_THROW(CsvTable(path, "bin.csv"), DataError);
}

TEST(CsvTable, Windows1252IsConvertedFieldByField) {
    fibre::testing::TempDir dir;
    // One field re-saved in UTF-8 in a Windows-1252 file stays as written.
    const auto path = write(dir, "mixed.csv", "nom;autre\nD\xE9ploy\xE9;D\xC3\xA9ploy\xC3\xA9\n");
    CsvTable t(path, "mixed.csv");
    EXPECT_EQ(t.encoding(), TextEncoding::windows1252);
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0][0], "D\xC3\xA9ploy\xC3\xA9");
    EXPECT_EQ(rows[0][1], "D\xC3\xA9ploy\xC3\xA9");
}

TEST(CsvTable, MissingFileIsADataError) {
    EXPECT_THROW(CsvTable("/nonexistent/x.csv", "x.csv"), DataError);
}

TEST(CsvValues, CountsWithThousandsSeparatorsAndDashes) {
    EXPECT_EQ(parse_count(" 1\xC2\xA0"
                          "362\xC2\xA0"
                          "182    "),
              1362182);
    EXPECT_EQ(parse_count("47 573"), 47573);
    EXPECT_EQ(parse_count("12,0"), 12);
    EXPECT_FALSE(parse_count(" -    ").has_value());
    EXPECT_FALSE(parse_count("").has_value());
    EXPECT_THROW((void)parse_count("douze"), DataError);
}

TEST(CsvValues, FoldsAccentsAndCase) {
    EXPECT_EQ(fold_accents("Termin\xC3\xA9"), "termine");
    EXPECT_EQ(fold_accents("\xC3\x89tablissements"), "etablissements");
    EXPECT_EQ(fold_accents("ABANDONN\xC3\x89"), "abandonne");
}

TEST(CsvValues, DepartementOfInseeCodes) {
    EXPECT_EQ(departement_of("17300"), "17");
    EXPECT_EQ(departement_of("2A004"), "2A");
    EXPECT_EQ(departement_of("97101"), "971");
    EXPECT_EQ(join_codes({"33", "17", "33", ""}), "17,33");
}

} // namespace
} // namespace fibre::importers
