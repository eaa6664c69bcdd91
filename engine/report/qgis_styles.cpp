#include "engine/report/qgis_styles.hpp"

#include <fmt/format.h>

namespace fibre::report {
namespace {

// QGIS writes colours as "r,g,b,a"; the palette follows a common colour-blind safe scheme.
struct Class {
    std::string value_or_lower; ///< category value, or lower bound of a range
    std::string upper;          ///< upper bound of a range (empty for a category)
    std::string label;
    std::string colour;
};

std::string symbol(const std::string& kind, int index, const std::string& colour) {
    std::string layer;
    if (kind == "marker") {
        layer =
            fmt::format(R"(<layer class="SimpleMarker" enabled="1" pass="0" locked="0"><Option type="Map">)"
                        R"(<Option type="QString" name="name" value="circle"/>)"
                        R"(<Option type="QString" name="color" value="{}"/>)"
                        R"(<Option type="QString" name="size" value="1.8"/>)"
                        R"(<Option type="QString" name="size_unit" value="MM"/>)"
                        R"(<Option type="QString" name="outline_style" value="no"/>)"
                        R"(</Option></layer>)",
                        colour);
    } else if (kind == "line") {
        layer = fmt::format(R"(<layer class="SimpleLine" enabled="1" pass="0" locked="0"><Option type="Map">)"
                            R"(<Option type="QString" name="line_color" value="{}"/>)"
                            R"(<Option type="QString" name="line_width" value="0.6"/>)"
                            R"(<Option type="QString" name="line_width_unit" value="MM"/>)"
                            R"(<Option type="QString" name="line_style" value="solid"/>)"
                            R"(</Option></layer>)",
                            colour);
    } else {
        layer = fmt::format(R"(<layer class="SimpleFill" enabled="1" pass="0" locked="0"><Option type="Map">)"
                            R"(<Option type="QString" name="color" value="{}"/>)"
                            R"(<Option type="QString" name="style" value="solid"/>)"
                            R"(<Option type="QString" name="outline_color" value="80,80,80,255"/>)"
                            R"(<Option type="QString" name="outline_width" value="0.2"/>)"
                            R"(<Option type="QString" name="outline_style" value="solid"/>)"
                            R"(</Option></layer>)",
                            colour);
    }
    return fmt::format(
        R"(<symbol type="{}" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">{}</symbol>)", kind, index,
        layer);
}

std::string document(const std::string& renderer) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">\n" +
           renderer + "\n<blendMode>0</blendMode>\n<featureBlendMode>0</featureBlendMode>\n</qgis>\n";
}

std::string categorized(const std::string& attribute, const std::string& kind,
                        const std::vector<Class>& classes) {
    std::string categories;
    std::string symbols;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        categories += fmt::format(R"(<category value="{}" symbol="{}" label="{}" render="true"/>)",
                                  classes[i].value_or_lower, i, classes[i].label);
        symbols += symbol(kind, static_cast<int>(i), classes[i].colour);
    }
    return document(fmt::format(R"(<renderer-v2 type="categorizedSymbol" attr="{}" symbollevels="0" )"
                                R"(forceraster="0" enableorderby="0"><categories>{}</categories>)"
                                R"(<symbols>{}</symbols></renderer-v2>)",
                                attribute, categories, symbols));
}

std::string graduated(const std::string& attribute, const std::string& kind,
                      const std::vector<Class>& classes) {
    std::string ranges;
    std::string symbols;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        ranges += fmt::format(R"(<range lower="{}" upper="{}" symbol="{}" label="{}" render="true"/>)",
                              classes[i].value_or_lower, classes[i].upper, i, classes[i].label);
        symbols += symbol(kind, static_cast<int>(i), classes[i].colour);
    }
    return document(
        fmt::format(R"(<renderer-v2 type="graduatedSymbol" attr="{}" graduatedMethod="GraduatedColor" )"
                    R"(symbollevels="0" forceraster="0" enableorderby="0"><ranges>{}</ranges>)"
                    R"(<symbols>{}</symbols></renderer-v2>)",
                    attribute, ranges, symbols));
}

const std::vector<Class> coverage_classes{{"0", "20", "0 - 20 %", "215,25,28,255"},
                                          {"20", "40", "20 - 40 %", "253,174,97,255"},
                                          {"40", "60", "40 - 60 %", "255,255,191,255"},
                                          {"60", "80", "60 - 80 %", "166,217,106,255"},
                                          {"80", "100.0001", "80 - 100 %", "26,150,65,255"}};

const std::vector<Class> worksite_classes{
    {"planned", "", "planned", "171,217,233,180"},    {"active", "", "active", "44,123,182,180"},
    {"suspended", "", "suspended", "253,174,97,180"}, {"overdue", "", "overdue", "215,25,28,180"},
    {"completed", "", "completed", "26,150,65,180"},  {"abandoned", "", "abandoned", "150,150,150,180"}};

} // namespace

std::vector<LayerStyle> coverage_styles() {
    return {
        {"premises", "geom", "premises by status", "Premises raccordable or not at the export date",
         categorized("status", "marker",
                     {{"raccordable", "", "raccordable", "26,150,65,255"},
                      {"not_raccordable", "", "not raccordable", "215,25,28,255"}})},
        {"communes", "geom", "communes by coverage", "Coverage rate of each commune (percent)",
         graduated("coverage_pct", "fill", coverage_classes)},
        {"pm_zones", "geom", "PM zones by coverage", "Coverage rate of each PM zone (percent)",
         graduated("coverage_pct", "fill", coverage_classes)},
        {"network_links", "geom", "network by state", "Links in service, to build, or dropped",
         categorized("state", "line",
                     {{"in_service", "", "in service", "44,123,182,255"},
                      {"to_build", "", "to build", "253,174,97,255"},
                      {"not_in_service", "", "not in service", "150,150,150,255"}})},
        {"worksites", "geom", "worksites by state", "State of each worksite at the export date",
         categorized("state", "fill", worksite_classes)},
    };
}

} // namespace fibre::report
