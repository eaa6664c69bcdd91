// Sources as users name them: folders, zip and tar archives (gz, bz2), single files;
// their checksum.

#include "engine/support/error.hpp"
#include "importers/source.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace fibre::testing {
namespace {
namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

void make_folder(const fs::path& dir) {
    write(dir / "T_NOEUD.csv", "nd_code\nN1\n");
    write(dir / "sub" / "t_cable.csv", "cb_code\nC1\n");
}

int sh(const std::string& cmd) {
    return std::system(cmd.c_str());
}

TEST(Source, FolderListsFilesRecursivelyWithLowerCaseNames) {
    TempDir dir;
    make_folder(dir / "d");
    const auto s = importers::resolve_source((dir / "d").string());
    EXPECT_TRUE(s.is_container);
    ASSERT_EQ(s.files.size(), 2U);
    ASSERT_NE(s.find("t_noeud.csv"), nullptr);
    EXPECT_NE(s.find("T_Cable.CSV"), nullptr);
    EXPECT_EQ(s.find("t_ebp.csv"), nullptr);
    EXPECT_EQ(s.checksum.size(), 64U);
}

TEST(Source, ChecksumFollowsContent) {
    TempDir dir;
    make_folder(dir / "a");
    make_folder(dir / "b");
    const auto a = importers::resolve_source((dir / "a").string()).checksum;
    EXPECT_EQ(importers::resolve_source((dir / "b").string()).checksum, a);
    write(dir / "b" / "sub" / "t_cable.csv", "cb_code\nC2\n");
    EXPECT_NE(importers::resolve_source((dir / "b").string()).checksum, a);
}

TEST(Source, ArchivesAreReadThroughGdalVirtualFiles) {
    TempDir dir;
    make_folder(dir / "d");
    const auto d = (dir / "d").string();
    ASSERT_EQ(sh("cd '" + d + "' && zip -q -r ../d.zip . && tar czf ../d.tar.gz . && tar cjf ../d.tar.bz2 ."),
              0);
    for (const char* name : {"d.zip", "d.tar.gz", "d.tar.bz2"}) {
        const auto s = importers::resolve_source((dir / name).string());
        EXPECT_TRUE(s.is_container) << name;
        ASSERT_NE(s.find("t_noeud.csv"), nullptr) << name;
        EXPECT_EQ(s.find("t_noeud.csv")->gdal_path.rfind("/vsi", 0), 0U) << name;
        EXPECT_NE(s.find("t_cable.csv"), nullptr) << name;
    }
}

TEST(Source, DamagedBzip2ArchiveIsADataError) {
    TempDir dir;
    write(dir / "bad.tar.bz2", "BZh9 this is not bzip2 data");
    EXPECT_THROW(importers::resolve_source((dir / "bad.tar.bz2").string()), DataError);
}

TEST(Source, MissingPathIsADataErrorNamingIt) {
    try {
        importers::resolve_source("/no/such/place");
        FAIL() << "no error";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("/no/such/place"), std::string::npos);
    }
}

TEST(Source, KindNamesRoundTrip) {
    for (const char* k : {"cadastre", "ban", "ipe", "gracethd", "worksites", "arcep", "communes"}) {
        const auto kind = importers::kind_from_string(k);
        ASSERT_TRUE(kind.has_value()) << k;
        EXPECT_STREQ(importers::to_string(*kind), k);
    }
    EXPECT_EQ(importers::kind_from_string("GraceTHD"), importers::SourceKind::gracethd);
    EXPECT_FALSE(importers::kind_from_string("shapefile").has_value());
}

} // namespace
} // namespace fibre::testing
