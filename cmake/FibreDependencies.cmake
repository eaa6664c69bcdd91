# Finds every library fibre builds on, and stops with one readable line naming
# the Debian package to install when one is missing.

include(FindPackageMessage)

macro(fibre_require found what package)
    if(NOT ${found})
        message(FATAL_ERROR
            "fibre needs ${what}, which was not found.\n"
            "On Debian 12: apt-get install ${package}  (or run scripts/install-deps.sh)")
    endif()
endmacro()

find_package(GDAL 3.6 CONFIG QUIET)
if(NOT GDAL_FOUND)
    find_package(GDAL 3.6 QUIET)
endif()
fibre_require(GDAL_FOUND "GDAL >= 3.6" libgdal-dev)

find_package(GEOS 3.11 CONFIG QUIET)
fibre_require(GEOS_FOUND "the GEOS C API >= 3.11" libgeos-dev)

find_package(PROJ 9.1 CONFIG QUIET)
fibre_require(PROJ_FOUND "PROJ >= 9.1" libproj-dev)

find_package(SQLite3 QUIET)
fibre_require(SQLite3_FOUND "SQLite 3" libsqlite3-dev)

find_package(PkgConfig QUIET)
fibre_require(PKG_CONFIG_FOUND "pkg-config" pkg-config)
pkg_check_modules(SPATIALITE QUIET IMPORTED_TARGET spatialite>=5.0)
fibre_require(SPATIALITE_FOUND "SpatiaLite >= 5.0" "libspatialite-dev libsqlite3-mod-spatialite")

# The fibre command runs on jemalloc, for its transparent huge pages (engine/cli/allocator.cpp).
pkg_check_modules(JEMALLOC QUIET IMPORTED_TARGET jemalloc>=5.0)
fibre_require(JEMALLOC_FOUND "jemalloc >= 5.0" libjemalloc-dev)

find_package(Boost 1.74 QUIET)
fibre_require(Boost_FOUND "Boost (Boost.Graph) >= 1.74" libboost-graph-dev)
if(NOT EXISTS "${Boost_INCLUDE_DIRS}/boost/graph/adjacency_list.hpp")
    message(FATAL_ERROR "fibre needs Boost.Graph headers.\nOn Debian 12: apt-get install libboost-graph-dev")
endif()

find_package(CLI11 CONFIG QUIET)
fibre_require(CLI11_FOUND "CLI11" libcli11-dev)

find_package(nlohmann_json 3.10 CONFIG QUIET)
fibre_require(nlohmann_json_FOUND "nlohmann-json" nlohmann-json3-dev)

find_package(fmt CONFIG QUIET)
fibre_require(fmt_FOUND "fmt" libfmt-dev)

find_package_message(fibre_deps
    "fibre: GDAL ${GDAL_VERSION}, GEOS ${GEOS_VERSION}, PROJ ${PROJ_VERSION}, SQLite ${SQLite3_VERSION}, SpatiaLite ${SPATIALITE_VERSION}, Boost ${Boost_VERSION}"
    "${GDAL_VERSION}${GEOS_VERSION}${PROJ_VERSION}")
