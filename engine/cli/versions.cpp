#include "engine/cli/versions.hpp"

#include "engine/cli/allocator.hpp"
#include "engine/store/database.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/geos_context.hpp"
#include "engine/support/proj_transform.hpp"

#include <boost/version.hpp>
#include <fmt/format.h>

namespace fibre::cli {

std::string versions_text() {
    return fmt::format(
        "fibre {}\nGDAL {}\nGEOS {}\nPROJ {}\nSQLite {}\nSpatiaLite {}\nBoost {}.{}.{}\njemalloc {}\n",
        FIBRE_VERSION, gdal::version(), geos::Context::version(), ProjTransform::version(),
        store::Database::sqlite_version(), store::Database::spatialite_version(), BOOST_VERSION / 100000,
        BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100, allocator_version());
}

} // namespace fibre::cli
