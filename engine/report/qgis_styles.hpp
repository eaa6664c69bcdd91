#pragma once
/// @file qgis_styles.hpp
/// Default QGIS 3 styles (QML) of the exported layers, stored in a GeoPackage's
/// `layer_styles` table so that the layers open styled.

#include <string>
#include <vector>

namespace fibre::report {

/// A layer's default style.
struct LayerStyle {
    std::string layer;           ///< the layer (table) name
    std::string geometry_column; ///< "geom"
    std::string name;            ///< the style's name shown in QGIS
    std::string description;
    std::string qml; ///< QGIS style document
};

/// The styles of the coverage GeoPackage's layers: premises by status, communes graduated by
/// coverage, PM zones by coverage, network links and worksites by state.
std::vector<LayerStyle> coverage_styles();

} // namespace fibre::report
