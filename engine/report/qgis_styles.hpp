#pragma once
/// @file qgis_styles.hpp
/// Default QGIS 3 styles (QML) of the exported layers, stored in a GeoPackage's
/// `layer_styles` table so that the layers open styled, with their legends in the export's
/// language.

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

/// The styles of the GeoPackage's layers: premises by status (small markers drawn above all),
/// communes graduated by coverage (semi-transparent fill, names labelled when zoomed in), PM
/// zones as outlines (references labelled when zoomed in), network links and worksites by
/// state, defects by severity, mismatches by kind. Legends in @p lang ("fr" or "en").
std::vector<LayerStyle> coverage_styles(const std::string& lang = "fr");

} // namespace fibre::report
