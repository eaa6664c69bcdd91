// A GraceTHD delivery as one GeoPackage or SpatiaLite database gives the same store as the
// same delivery as shapefiles and CSV files.

#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/support/gdal_handles.hpp"
#include "importers/import_job.hpp"
#include "tests/importers/gracethd_fixture_test.hpp"
#include "tests/support/test_support.hpp"

#include <algorithm>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

namespace fibre::testing {
namespace {

/// Copies every shapefile and CSV of @p folder into one database, one layer per file, as a
/// producer exporting its delivery from a GIS would (ogr2ogr -append, file by file).
void copy_into_database(const std::filesystem::path& folder, const std::filesystem::path& out,
                        const std::vector<std::string>& format_options) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        const auto ext = entry.path().extension().string();
        if (ext == ".shp" || ext == ".csv") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty());
    bool first = true;
    for (const auto& f : files) {
        const bool csv = f.extension() == ".csv";
        auto src =
            csv ? gdal::open_vector(f.string(), {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO"}, {"CSV"})
                : gdal::open_vector(f.string());
        std::vector<std::string> args =
            first ? format_options : std::vector<std::string>{"-update", "-append"};
        args.insert(args.end(), {"-nln", f.stem().string(), "-nlt", "PROMOTE_TO_MULTI"});
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
        ASSERT_NE(options, nullptr);
        GDALDatasetH source = GDALDataset::ToHandle(src.get());
        int usage_error = 0;
        GDALDatasetH dst =
            GDALVectorTranslate(out.string().c_str(), nullptr, 1, &source, options, &usage_error);
        GDALVectorTranslateOptionsFree(options);
        ASSERT_NE(dst, nullptr) << f << ": " << CPLGetLastErrorMsg();
        GDALClose(dst);
        first = false;
    }
}

template <typename T>
std::vector<T> sorted(std::vector<T> v) {
    std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.code < b.code; });
    return v;
}

void import(store::Database& db, const std::filesystem::path& source) {
    importers::ImportRequest request;
    request.sources = {source.string()};
    const auto outcomes = importers::run_import(db, request);
    ASSERT_EQ(outcomes.size(), 1U);
    EXPECT_EQ(outcomes[0].kind, importers::SourceKind::gracethd) << source;
}

void expect_same_store(const std::filesystem::path& folder, const std::filesystem::path& database,
                       const std::filesystem::path& work) {
    auto from_files = store::Database::create(work / (database.filename().string() + ".files.sqlite"));
    import(from_files, folder);
    auto from_db = store::Database::create(work / (database.filename().string() + ".store.sqlite"));
    import(from_db, database);
    const auto nodes = sorted(store::read_nodes(from_files));
    ASSERT_FALSE(nodes.empty());
    EXPECT_EQ(sorted(store::read_nodes(from_db)), nodes);
    const auto links = sorted(store::read_links(from_files));
    ASSERT_FALSE(links.empty());
    EXPECT_EQ(sorted(store::read_links(from_db)), links);
    EXPECT_EQ(sorted(store::read_sites(from_db)), sorted(store::read_sites(from_files)));
    EXPECT_EQ(sorted(store::read_boxes(from_db)), sorted(store::read_boxes(from_files)));
    const auto premises = sorted(store::read_premises(from_files));
    ASSERT_FALSE(premises.empty());
    EXPECT_EQ(sorted(store::read_premises(from_db)), premises);
    EXPECT_EQ(sorted(store::read_addresses(from_db)), sorted(store::read_addresses(from_files)));
    EXPECT_EQ(store::read_cable_paths(from_db).size(), store::read_cable_paths(from_files).size());
}

TEST(GracethdDatabase, GeoPackageAndSpatialiteGiveTheSameStoreAsFiles) {
    TempDir dir;
    write_v3_delivery(dir / "d");
    copy_into_database(dir / "d", dir / "delivery.gpkg", {"-f", "GPKG"});
    copy_into_database(dir / "d", dir / "delivery.sqlite", {"-f", "SQLite", "-dsco", "SPATIALITE=YES"});
    expect_same_store(dir / "d", dir / "delivery.gpkg", dir.path());
    expect_same_store(dir / "d", dir / "delivery.sqlite", dir.path());
}

TEST(GracethdDatabase, RealV2DemoAsGeoPackage) {
    FIBRE_REQUIRE_SHARED_DATA();
    TempDir dir;
    const auto sample = shared_data_dir() / "gracethd-demo-18003";
    copy_into_database(sample, dir / "demo.gpkg", {"-f", "GPKG"});
    expect_same_store(sample, dir / "demo.gpkg", dir.path());
}

} // namespace
} // namespace fibre::testing
