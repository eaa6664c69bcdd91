// The CSV reading real deliveries need: separators, BOM, quotes, Windows-1252, title lines.

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
