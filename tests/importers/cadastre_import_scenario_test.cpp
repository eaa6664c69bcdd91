// `fibre import` as a user runs it, on the real cadastre, ARCEP and commune samples, and on a
// malformed IPE file: detection, counts on stdout, exit codes, errors naming where.

#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace fibre {
namespace {

using fibre::testing::run_fibre;

/// The line of the summary table for @p layer, or "" when absent.
std::string summary_line(const std::string& out, const std::string& layer) {
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find(" " + layer + " ") != std::string::npos) {
            return line;
        }
    }
    return {};
}

TEST(CadastreImportScenario, RealSamplesAreDetectedAndImported) {
    FIBRE_REQUIRE_SHARED_DATA();
    fibre::testing::TempDir dir;
    const auto db = (dir / "fibre.sqlite").string();
    const auto data = fibre::testing::shared_data_dir();
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);

    auto r = run_fibre({"import", "-v", "--db", db, (data / "cadastre-edigeo-25354").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto line = summary_line(r.out, "E000AK01/BATIMENT_id");
    EXPECT_NE(line.find("cadastre"), std::string::npos) << r.out;
    EXPECT_NE(line.find(" 134 "), std::string::npos) << line;

    r = run_fibre({"import", "-v", "--db", db, "--all-territory",
                   (data / "arcep-observatoire-2018t1" / "ftthDepartements.csv").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    line = summary_line(r.out, "ftthDepartements.csv");
    EXPECT_NE(line.find("arcep"), std::string::npos) << r.out;
    EXPECT_NE(line.find(" 208 "), std::string::npos) << line; // 104 départements, two lines each
}

TEST(CadastreImportScenario, AnUnknownProjectionStopsTheImportAndWritesNothing) {
    fibre::testing::TempDir dir;
    const auto db = (dir / "fibre.sqlite").string();
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    const auto ipe = (dir / "IPE_OP_17_PM_IPEZMD_V30_20240115.csv").string();
    std::ofstream(ipe) << "IdentifiantImmeuble;EtatImmeuble;CodeInseeImmeuble;CoordonneeImmeubleX;"
                          "CoordonneeImmeubleY;TypeProjectionGeographique\n"
                          "IMB/1;DEPLOYE;17300;380000;6570000;2154\n"
                          "IMB/2;DEPLOYE;17300;1;2;Mercator maison\n";
    const auto r = run_fibre({"import", "--db", db, ipe});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("IMB/2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("TypeProjectionGeographique"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--srs"), std::string::npos) << r.err;
    // Nothing was written: the same file imports once the projection is given.
    const auto again = run_fibre({"import", "-v", "--db", db, "--srs", "EPSG:2154", ipe});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(summary_line(again.out, "IPE_OP_17_PM_IPEZMD_V30_20240115.csv").find(" 2 "), std::string::npos)
        << again.out;
}

} // namespace
} // namespace fibre
