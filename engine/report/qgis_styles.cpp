#include "engine/report/qgis_styles.hpp"

#include <fmt/format.h>

namespace fibre::report {
namespace {

// QGIS writes colours as "r,g,b,a". The premises (the points users look for) are blue and
// dark grey, colours no other layer uses; communes are filled red to green at low opacity so
// that the points and lines above them show through.
struct Class {
    std::string value_or_lower; ///< category value, or lower bound of a range
    std::string upper;          ///< upper bound of a range (empty for a category)
    std::string label;
    std::string colour;
};

struct Words {
    bool fr;
    [[nodiscard]] std::string operator()(const char* fr_text, const char* en_text) const {
        return fr ? fr_text : en_text;
    }
};

std::string option(const char* name, const std::string& value) {
    return fmt::format(R"(<Option type="QString" name="{}" value="{}"/>)", name, value);
}

enum class Fill { solid, outline };

std::string marker(const std::string& colour, const char* size, const char* shape = "circle") {
    return R"(<layer class="SimpleMarker" enabled="1" pass="0" locked="0"><Option type="Map">)" +
           option("name", shape) + option("color", colour) + option("size", size) +
           option("size_unit", "MM") + option("outline_color", "255,255,255,255") +
           option("outline_style", "solid") + option("outline_width", "0.1") +
           option("outline_width_unit", "MM") + "</Option></layer>";
}

std::string line(const std::string& colour, const char* width, const char* style = "solid") {
    return R"(<layer class="SimpleLine" enabled="1" pass="0" locked="0"><Option type="Map">)" +
           option("line_color", colour) + option("line_width", width) + option("line_width_unit", "MM") +
           option("line_style", style) + option("capstyle", "round") + option("joinstyle", "round") +
           "</Option></layer>";
}

std::string fill(const std::string& colour, Fill kind, const std::string& outline, const char* width) {
    return R"(<layer class="SimpleFill" enabled="1" pass="0" locked="0"><Option type="Map">)" +
           option("color", colour) + option("style", kind == Fill::solid ? "solid" : "no") +
           option("outline_color", outline) + option("outline_width", width) +
           option("outline_width_unit", "MM") + option("outline_style", "solid") + "</Option></layer>";
}

std::string symbol(const char* kind, std::size_t index, const std::string& layers) {
    return fmt::format(
        R"(<symbol type="{}" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">{}</symbol>)", kind, index,
        layers);
}

// A label of @p field, shown only when the map is zoomed in beyond 1:@p min_scale.
std::string labels(const char* field, const char* size, const char* colour, int min_scale, bool polygon) {
    // QGIS keeps the most zoomed-out scale in "scaleMax" and the most zoomed-in in "scaleMin".
    return fmt::format(
        R"(<labeling type="simple"><settings calloutType="simple">)"
        R"(<text-style fieldName="{0}" isExpression="0" fontFamily="Sans Serif" fontSize="{1}" )"
        R"(fontSizeUnit="Point" textColor="{2}" textOpacity="1" fontWeight="50" fontItalic="0" )"
        R"(multilineAlign="3" namedStyle="Regular" blendMode="0" previewBkgrdColor="255,255,255,255">)"
        R"(<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" )"
        R"(bufferOpacity="0.8" bufferJoinStyle="128" bufferNoFill="1" bufferBlendMode="0"/>)"
        R"(</text-style><text-format wrapChar="" autoWrapLength="0" multilineHeight="1" )"
        R"(plussign="0" decimals="3" formatNumbers="0" reverseDirectionSymbol="0" placeDirectionSymbol="0" )"
        R"(addDirectionSymbol="0" leftDirectionSymbol="&lt;" rightDirectionSymbol="&gt;"/>)"
        R"(<placement placement="{3}" dist="0" distUnits="MM" priority="5" fitInPolygonOnly="0" )"
        R"(centroidWhole="0" centroidInside="1" offsetType="0" geometryGenerator="" )"
        R"(geometryGeneratorEnabled="0" geometryGeneratorType="PointGeometry" layerType="{4}"/>)"
        R"(<rendering scaleVisibility="1" scaleMin="1" scaleMax="{5}" obstacle="0" )"
        R"(displayAll="0" upsidedownLabels="0" limitNumLabels="0" maxNumLabels="2000" mergeLines="0" )"
        R"(minFeatureSize="0" labelPerPart="0" fontLimitPixelSize="0" drawLabels="1" zIndex="0"/>)"
        R"(</settings></labeling>)",
        field, size, colour, polygon ? 1 : 0, polygon ? "PolygonGeometry" : "PointGeometry", min_scale);
}

std::string document(const std::string& renderer, const std::string& labeling = {}) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" labelsEnabled=\"" +
           std::string(labeling.empty() ? "0" : "1") + "\">\n" + renderer + "\n" + labeling +
           "\n<blendMode>0</blendMode>\n<featureBlendMode>0</featureBlendMode>\n</qgis>\n";
}

template <class Draw>
std::string categorized(const std::string& attribute, const char* kind, const std::vector<Class>& classes,
                        Draw draw) {
    std::string categories;
    std::string symbols;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        categories += fmt::format(R"(<category value="{}" symbol="{}" label="{}" render="true"/>)",
                                  classes[i].value_or_lower, i, classes[i].label);
        symbols += symbol(kind, i, draw(classes[i].colour));
    }
    return fmt::format(R"(<renderer-v2 type="categorizedSymbol" attr="{}" symbollevels="0" )"
                       R"(forceraster="0" enableorderby="0"><categories>{}</categories>)"
                       R"(<symbols>{}</symbols></renderer-v2>)",
                       attribute, categories, symbols);
}

template <class Draw>
std::string graduated(const std::string& attribute, const char* kind, const std::vector<Class>& classes,
                      Draw draw) {
    std::string ranges;
    std::string symbols;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        ranges += fmt::format(R"(<range lower="{}" upper="{}" symbol="{}" label="{}" render="true"/>)",
                              classes[i].value_or_lower, classes[i].upper, i, classes[i].label);
        symbols += symbol(kind, i, draw(classes[i].colour));
    }
    return fmt::format(R"(<renderer-v2 type="graduatedSymbol" attr="{}" graduatedMethod="GraduatedColor" )"
                       R"(symbollevels="0" forceraster="0" enableorderby="0"><ranges>{}</ranges>)"
                       R"(<symbols>{}</symbols></renderer-v2>)",
                       attribute, ranges, symbols);
}

} // namespace

std::vector<LayerStyle> coverage_styles(const std::string& lang) {
    const Words w{lang != "en"};
    // Red to green, semi-transparent (alpha 110 of 255).
    const std::vector<Class> coverage{{"0", "20", "0 - 20 %", "215,25,28,110"},
                                      {"20", "40", "20 - 40 %", "253,174,97,110"},
                                      {"40", "60", "40 - 60 %", "255,255,150,110"},
                                      {"60", "80", "60 - 80 %", "166,217,106,110"},
                                      {"80", "100.0001", "80 - 100 %", "26,150,65,110"}};
    const auto commune_fill = [](const std::string& c) {
        return fill(c, Fill::solid, "90,90,90,200", "0.2");
    };
    const auto zone_outline = [](const std::string&) {
        return fill("0,0,0,0", Fill::outline, "106,61,154,255", "0.4");
    };
    const auto worksite_outline = [](const std::string& c) { return fill(c, Fill::outline, c, "0.5"); };
    const auto premise = [](const std::string& c) { return marker(c, "1.2"); };
    const auto link = [](const std::string& c) { return line(c, "0.35"); };
    const auto defect = [](const std::string& c) { return marker(c, "1.6", "triangle"); };
    const auto mismatch = [](const std::string& c) { return marker(c, "1.4", "diamond"); };
    return {
        {"premises", "geom", w("locaux par statut", "premises by status"),
         w("Locaux raccordables ou non à la date de l'export",
           "Premises raccordable or not at the export date"),
         document(
             categorized("status", "marker",
                         {{"raccordable", "", w("raccordable", "raccordable"), "33,102,172,255"},
                          {"not_raccordable", "", w("non raccordable", "not raccordable"), "64,64,64,255"}},
                         premise))},
        {"communes", "geom", w("communes par couverture", "communes by coverage"),
         w("Taux de couverture de chaque commune (%)", "Coverage rate of each commune (percent)"),
         document(graduated("coverage_pct", "fill", coverage, commune_fill),
                  labels("name", "8", "40,40,40,255", 150000, true))},
        {"pm_zones", "geom", w("zones PM (contours)", "PM zones (outlines)"),
         w("Contour de chaque zone arrière de PM", "Outline of each PM zone"),
         document(R"(<renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">)"
                  "<symbols>" +
                      symbol("fill", 0, zone_outline("")) + "</symbols></renderer-v2>",
                  labels("ref_pm", "7", "106,61,154,255", 60000, true))},
        {"network_links", "geom", w("réseau par état", "network by state"),
         w("Liens en service, à construire ou hors service", "Links in service, to build, or dropped"),
         document(
             categorized("state", "line",
                         {{"in_service", "", w("en service", "in service"), "0,139,139,255"},
                          {"to_build", "", w("à construire", "to build"), "230,120,20,255"},
                          {"not_in_service", "", w("hors service", "not in service"), "160,160,160,255"}},
                         link))},
        {"worksites", "geom", w("chantiers par état", "worksites by state"),
         w("État de chaque chantier à la date de l'export", "State of each worksite at the export date"),
         document(categorized("state", "fill",
                              {{"planned", "", w("prévu", "planned"), "120,170,210,255"},
                               {"active", "", w("en cours", "active"), "44,123,182,255"},
                               {"suspended", "", w("suspendu", "suspended"), "240,150,40,255"},
                               {"overdue", "", w("en retard", "overdue"), "215,25,28,255"},
                               {"completed", "", w("terminé", "completed"), "26,150,65,255"},
                               {"abandoned", "", w("abandonné", "abandoned"), "150,150,150,255"}},
                              worksite_outline))},
        {"defects", "geom", w("défauts par gravité", "defects by severity"),
         w("Défauts du réseau relevés par fibre check", "Network defects found by fibre check"),
         document(categorized("severity", "marker",
                              {{"error", "", w("erreur", "error"), "200,0,0,255"},
                               {"warning", "", w("avertissement", "warning"), "255,140,0,255"},
                               {"info", "", w("information", "info"), "120,120,120,255"}},
                              defect))},
        {"mismatches", "geom", w("écarts par type", "mismatches by kind"),
         w("Écarts entre l'état déclaré et l'état calculé", "Declared against computed state"),
         document(R"(<renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">)"
                  "<symbols>" +
                  symbol("marker", 0, mismatch("190,0,190,255")) + "</symbols></renderer-v2>")},
    };
}

} // namespace fibre::report
