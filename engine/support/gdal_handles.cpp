#include "engine/support/gdal_handles.hpp"

#include "engine/support/error.hpp"
#include "engine/support/log.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <mutex>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace fibre::gdal {
namespace {

struct StringList {
    explicit StringList(const std::vector<std::string>& items) {
        for (const auto& s : items) {
            pointers.push_back(s.c_str());
        }
        pointers.push_back(nullptr);
    }
    [[nodiscard]] const char* const* get() const { return items_empty() ? nullptr : pointers.data(); }
    [[nodiscard]] char** mutable_get() const { return const_cast<char**>(get()); }
    [[nodiscard]] bool items_empty() const { return pointers.size() == 1; }
    std::vector<const char*> pointers;
};

} // namespace

void DatasetCloser::operator()(GDALDataset* ds) const noexcept {
    GDALClose(ds);
}
void FeatureDestroyer::operator()(OGRFeature* f) const noexcept {
    OGRFeature::DestroyFeature(f);
}
void GeometryDestroyer::operator()(OGRGeometry* g) const noexcept {
    OGRGeometryFactory::destroyGeometry(g);
}
void SpatialReferenceReleaser::operator()(OGRSpatialReference* srs) const noexcept {
    if (srs != nullptr) {
        srs->Release();
    }
}

void initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        log::capture_gdal_messages();
    });
}

std::string last_error() {
    const char* msg = CPLGetLastErrorMsg();
    return msg != nullptr && *msg != '\0' ? std::string(msg) : std::string("unknown error");
}

DatasetPtr open_vector(const std::string& path, const std::vector<std::string>& open_options,
                       const std::vector<std::string>& allowed_drivers) {
    initialise();
    CPLErrorReset();
    const StringList options(open_options);
    const StringList drivers(allowed_drivers);
    auto* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers.get(),
                                 options.get(), nullptr);
    if (ds == nullptr) {
        throw DataError(fmt::format("cannot open as a vector source: {}", last_error()),
                        ErrorContext::in_file(path));
    }
    return DatasetPtr(ds);
}

DatasetPtr create_vector(const std::string& path, const std::string& driver_name,
                         const std::vector<std::string>& creation_options) {
    initialise();
    CPLErrorReset();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    if (driver == nullptr) {
        throw DataError(fmt::format("GDAL has no '{}' driver", driver_name), ErrorContext::in_file(path));
    }
    const StringList options(creation_options);
    auto* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, options.mutable_get());
    if (ds == nullptr) {
        throw DataError(fmt::format("cannot create {} file: {}", driver_name, last_error()),
                        ErrorContext::in_file(path));
    }
    return DatasetPtr(ds);
}

std::string version() {
    return GDALVersionInfo("RELEASE_NAME");
}

} // namespace fibre::gdal
