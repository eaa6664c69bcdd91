#include "engine/report/quarterly_report.hpp"

#include "engine/model/coverage.hpp"
#include "engine/model/departements.hpp"
#include "engine/report/assets.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/report/print_format.hpp"
#include "engine/rollout/progress.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "engine/support/atomic_file.hpp"
#include "engine/support/error.hpp"
#include "engine/support/proj_transform.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

namespace fibre::report {
namespace {

using Labels = std::map<std::string, std::string>;

// The words of the page. The figures' definitions are in docs/figures.md.
const Labels& labels(Lang lang) {
    static const Labels fr{
        {"title", "Déploiement de la fibre optique"},
        {"report_of", "Rapport du"},
        {"figures_at", "chiffres au"},
        {"data_date", "Données au"},
        {"unknown", "date inconnue"},
        {"beyond_data", "au-delà des données : rien n'est connu après leur date"},
        {"sources", "Sources"},
        {"deliveries", "livraisons"},
        {"kind.communes", "communes (INSEE)"},
        {"kind.cadastre", "cadastre"},
        {"kind.ban", "BAN"},
        {"kind.gracethd", "GraceTHD"},
        {"kind.ipe", "IPE"},
        {"kind.worksites", "chantiers"},
        {"kind.arcep", "ARCEP"},
        {"card_raccordables", "locaux raccordables"},
        {"card_raccordables_of", "sur {} locaux, soit {}"},
        {"card_new", "nouveaux locaux raccordables dans le trimestre"},
        {"card_remaining", "locaux restent à rendre raccordables pour l'objectif de {} au {}"},
        {"card_reached_value", "Atteint"},
        {"card_reached", "objectif de {} atteint le {}"},
        {"card_reached_undated", "objectif de {} atteint"},
        {"card_projected", "objectif atteint ce trimestre-là, au rythme observé de {} locaux par trimestre"},
        {"card_planned",
         "objectif atteint ce trimestre-là si les chantiers finissent à leur date prévue ; au "
         "rythme observé ({} locaux par trimestre), il ne l'est pas"},
        {"card_out_of_reach_value", "Hors d'atteinte"},
        {"card_out_of_reach", "au rythme observé de {} locaux par trimestre, l'objectif n'est pas atteint"},
        {"raccordes", "Locaux raccordés (abonnés) : {}, taux de pénétration {}."},
        {"shortfall", "Manque à la date de l'objectif ({}) : {} locaux."},
        {"chart", "Locaux raccordables par trimestre"},
        {"series_raccordables", "Locaux raccordables"},
        {"series_trajectory", "Trajectoire de l'objectif"},
        {"quarter", "Trimestre"},
        {"locaux", "Locaux"},
        {"map", "Taux de couverture par commune"},
        {"coverage", "Couverture"},
        {"late", "Les dix communes les plus en retard"},
        {"commune", "Commune"},
        {"remaining", "Reste"},
        {"expected", "Raccordable attendu"},
        {"no_date", "sans date"},
        {"nothing_to_build", "rien à construire"},
        {"overdue_mark", "chantier en retard"},
        {"no_late", "Aucune commune en retard."},
        {"annex_title", "Annexe : toutes les communes"},
        {"annex_note", "Annexe (toutes les communes, chantiers) : annex.html. Les mêmes chiffres : "
                       "quarters.csv, communes.csv, worksites.csv, report.json."},
        {"insee", "INSEE"},
        {"raccordables", "Raccordables"},
        {"new", "Nouveaux"},
        {"projected", "Objectif atteint"},
        {"arcep", "ARCEP"},
        {"difference", "Écart ARCEP"},
        {"not_reached", "non atteint"},
        {"worksites", "Chantiers en cours, suspendus et en retard"},
        {"code", "Code"},
        {"name", "Nom"},
        {"state", "État"},
        {"planned_end", "Fin prévue"},
        {"on_completion", "Locaux raccordables à l'achèvement"},
        {"planned", "prévu"},
        {"active", "en cours"},
        {"suspended", "suspendu"},
        {"overdue", "en retard"},
        {"completed", "achevé"},
        {"abandoned", "abandonné"},
        {"none", "aucun"},
    };
    static const Labels en{
        {"title", "Fibre to the home rollout"},
        {"report_of", "Report for"},
        {"figures_at", "figures at"},
        {"data_date", "Data as at"},
        {"unknown", "unknown date"},
        {"beyond_data", "beyond the data: nothing after their date is known"},
        {"sources", "Sources"},
        {"deliveries", "deliveries"},
        {"kind.communes", "communes (INSEE)"},
        {"kind.cadastre", "cadastre"},
        {"kind.ban", "BAN"},
        {"kind.gracethd", "GraceTHD"},
        {"kind.ipe", "IPE"},
        {"kind.worksites", "worksites"},
        {"kind.arcep", "ARCEP"},
        {"card_raccordables", "premises connectable (raccordables)"},
        {"card_raccordables_of", "of {} premises, that is {}"},
        {"card_new", "premises made connectable in the quarter"},
        {"card_remaining", "premises still to make connectable for the target of {} by {}"},
        {"card_reached_value", "Reached"},
        {"card_reached", "target of {} reached on {}"},
        {"card_reached_undated", "target of {} reached"},
        {"card_projected", "quarter the target is reached, at the observed pace of {} premises a quarter"},
        {"card_planned", "quarter the target is reached if the worksites end on their planned dates; at the "
                         "observed pace ({} premises a quarter) it is not"},
        {"card_out_of_reach_value", "Out of reach"},
        {"card_out_of_reach", "at the observed pace of {} premises a quarter, the target is not reached"},
        {"raccordes", "Premises connected (subscribers): {}, take-up {}."},
        {"shortfall", "Shortfall at the target date ({}): {} premises."},
        {"chart", "Connectable premises per quarter"},
        {"series_raccordables", "Connectable premises"},
        {"series_trajectory", "Target trajectory"},
        {"quarter", "Quarter"},
        {"locaux", "Premises"},
        {"map", "Coverage by commune"},
        {"coverage", "Coverage"},
        {"late", "The ten communes furthest behind"},
        {"commune", "Commune"},
        {"remaining", "Remaining"},
        {"expected", "Expected connectable"},
        {"no_date", "no date"},
        {"nothing_to_build", "nothing to build"},
        {"overdue_mark", "overdue worksite"},
        {"no_late", "No commune is behind."},
        {"annex_title", "Annex: every commune"},
        {"annex_note", "Annex (every commune, worksites): annex.html. The same figures: "
                       "quarters.csv, communes.csv, worksites.csv, report.json."},
        {"insee", "INSEE"},
        {"raccordables", "Connectable"},
        {"new", "New"},
        {"projected", "Target reached"},
        {"arcep", "ARCEP"},
        {"difference", "ARCEP difference"},
        {"not_reached", "not reached"},
        {"worksites", "Active, suspended and overdue worksites"},
        {"code", "Code"},
        {"name", "Name"},
        {"state", "State"},
        {"planned_end", "Planned end"},
        {"on_completion", "Connectable on completion"},
        {"planned", "planned"},
        {"active", "active"},
        {"suspended", "suspended"},
        {"overdue", "overdue"},
        {"completed", "completed"},
        {"abandoned", "abandoned"},
        {"none", "none"},
    };
    return lang == Lang::fr ? fr : en;
}

std::string escape_html(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// Only "</script" would close an inline script early; the libraries hold none, and in their
// strings and regular expressions "<\/" means the same as "</".
std::string library_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && s.substr(i + 1, 7) == "/script") {
            out += "<\\";
        } else {
            out += s[i];
        }
    }
    return out;
}

// JSON inlined in a <script> element: "</" never appears outside strings, where "<\/" is
// the same text.
std::string script_safe(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
            out += "<\\/";
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Communes in WGS84 as a GeoJSON FeatureCollection, with their figures as properties.
nlohmann::json communes_geojson(store::Database& db, const std::map<std::string, nlohmann::json>& props) {
    ProjTransform to_wgs84("EPSG:2154", "EPSG:4326");
    nlohmann::json features = nlohmann::json::array();
    for (const auto& c : store::read_communes(db)) {
        if (c.geometry.empty()) {
            continue;
        }
        nlohmann::json polygons = nlohmann::json::array();
        for (const auto& poly : c.geometry) {
            nlohmann::json rings = nlohmann::json::array();
            for (std::size_t r = 0; r < poly.rings.size(); ++r) {
                nlohmann::json ring = nlohmann::json::array();
                // d3's spherical geometry wants exterior rings clockwise; reverse the
                // counter-clockwise (OGC) ones so that communes are not drawn inside out.
                std::vector<model::Point> pts = poly.rings[r];
                double area2 = 0;
                for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
                    area2 += pts[i].x * pts[i + 1].y - pts[i + 1].x * pts[i].y;
                }
                const bool ccw = area2 > 0;
                if ((r == 0 && ccw) || (r > 0 && !ccw)) {
                    std::reverse(pts.begin(), pts.end());
                }
                for (auto p : pts) {
                    to_wgs84.transform(p.x, p.y);
                    ring.push_back({std::round(p.x * 1e5) / 1e5, std::round(p.y * 1e5) / 1e5});
                }
                rings.push_back(std::move(ring));
            }
            polygons.push_back(std::move(rings));
        }
        nlohmann::json properties = {{"insee", c.insee}, {"name", c.name}};
        if (auto it = props.find(c.insee); it != props.end()) {
            properties.update(it->second);
        }
        features.push_back({{"type", "Feature"},
                            {"properties", properties},
                            {"geometry", {{"type", "MultiPolygon"}, {"coordinates", polygons}}}});
    }
    return {{"type", "FeatureCollection"}, {"features", features}};
}

struct CommuneRow {
    std::string insee;
    std::string name;
    long long locaux = 0;
    long long raccordables = 0;
    long long added = 0;
    double coverage = 0;
    long long remaining = 0;
    std::optional<Quarter> projected; ///< the target's quarter at the observed pace
    rollout::ExpectedDate expected;   ///< docs/rollout-figures.md
    model::CoverageBasis basis = model::CoverageBasis::premises; ///< what locaux rest on
    /// ARCEP's declared figure, of the latest ARCEP quarter at or before the report's.
    const model::ArcepFigure* arcep = nullptr;
};

/// The départements the store's communes belong to, by code.
std::vector<std::string> departement_codes(const std::vector<model::Commune>& communes) {
    std::vector<std::string> codes;
    for (const auto& c : communes) {
        // Overseas départements have three-digit codes (971...), the others two (17, 2A).
        const auto code = c.insee.substr(0, c.insee.rfind("97", 0) == 0 ? 3 : 2);
        if (std::find(codes.begin(), codes.end(), code) == codes.end()) {
            codes.push_back(code);
        }
    }
    std::sort(codes.begin(), codes.end());
    return codes;
}

/// What was imported, by kind, in the order a reader expects them.
struct SourceKind {
    std::string kind;
    long long imports = 0;
    std::string latest; ///< ISO date of the newest import
};

std::vector<SourceKind> source_kinds(const std::vector<model::ImportRun>& runs) {
    static const std::vector<std::string> order{"communes", "cadastre",  "ban",  "gracethd",
                                                "ipe",      "worksites", "arcep"};
    std::vector<SourceKind> out;
    for (const auto& run : runs) {
        auto it =
            std::find_if(out.begin(), out.end(), [&](const SourceKind& k) { return k.kind == run.kind; });
        if (it == out.end()) {
            out.push_back({run.kind, 0, {}});
            it = std::prev(out.end());
        }
        ++it->imports;
        const auto when = (run.finished_at.empty() ? run.started_at : run.finished_at).substr(0, 10);
        it->latest = std::max(it->latest, when);
    }
    auto rank = [&](const std::string& kind) {
        return std::find(order.begin(), order.end(), kind) - order.begin();
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const SourceKind& a, const SourceKind& b) { return rank(a.kind) < rank(b.kind); });
    return out;
}

std::string expected_text(const rollout::ExpectedDate& e, const Labels& L, Lang lang) {
    if (e.nothing_to_build) {
        return L.at("nothing_to_build");
    }
    if (!e.date) {
        return L.at("no_date");
    }
    return format_date(*e.date, lang);
}

nlohmann::json expected_json(const rollout::ExpectedDate& e) {
    return {{"status", e.nothing_to_build ? "nothing_to_build"
                       : e.date           ? "dated"
                                          : "no_date"},
            {"date", e.date ? nlohmann::json(e.date->iso()) : nlohmann::json()},
            {"overdue", e.overdue},
            {"by_worksites", e.by_worksites},
            {"by_pace", e.by_pace},
            {"worksites", e.worksites}};
}

double pct(double share) {
    return std::round(share * 1000.0) / 10.0;
}

/// The annex: every commune, then the worksites under way, under @p heading. It stands alone
/// in annex.html, and follows the page in report.html with --with-annex.
std::string annex_html(const std::vector<CommuneRow>& communes, const rollout::RolloutData& data,
                       const std::vector<rollout::WorksiteFigures>& works, const Labels& L, Lang lang,
                       const std::string& heading) {
    auto num = [&](long long n) { return format_integer(n, lang); };
    std::string html = "<section class=\"annex\">\n";
    html += fmt::format("<h2>{}</h2>\n", escape_html(heading));
    html += fmt::format("<table class=\"all-communes\" id=\"communes\"><thead><tr><th>{}</th><th>{}</th>"
                        "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
                        "<th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th>"
                        "<th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                        L.at("insee"), escape_html(L.at("commune")), escape_html(L.at("locaux")),
                        escape_html(L.at("raccordables")), escape_html(L.at("coverage")),
                        escape_html(L.at("new")), escape_html(L.at("remaining")),
                        escape_html(L.at("projected")), escape_html(L.at("expected")),
                        escape_html(L.at("arcep")), escape_html(L.at("difference")));
    for (const auto& c : communes) {
        html += fmt::format(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>"
            "<td class=\"n\">{}</td></tr>\n",
            escape_html(c.insee), escape_html(c.name), num(c.locaux), num(c.raccordables),
            format_percent(c.coverage, 1, lang), num(c.added), num(c.remaining),
            c.projected ? format_quarter(*c.projected, lang) : escape_html(L.at("not_reached")),
            escape_html(expected_text(c.expected, L, lang)),
            c.arcep ? num(c.arcep->raccordables) : std::string("-"),
            c.arcep ? num(c.raccordables - c.arcep->raccordables) : std::string("-"));
    }
    html += "</tbody></table>\n";

    std::vector<const rollout::WorksiteFigures*> shown;
    for (const auto& w : works) {
        if (w.state == rollout::WorksiteState::active || w.state == rollout::WorksiteState::overdue ||
            w.state == rollout::WorksiteState::suspended) {
            shown.push_back(&w);
        }
    }
    // Overdue first: they are what an assembly asks about.
    std::stable_sort(shown.begin(), shown.end(), [](const auto* x, const auto* y) {
        return (x->state == rollout::WorksiteState::overdue) > (y->state == rollout::WorksiteState::overdue);
    });
    html += fmt::format("<h2>{}</h2>\n<table id=\"worksites\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
                        "<th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
                        escape_html(L.at("worksites")), escape_html(L.at("code")), escape_html(L.at("name")),
                        escape_html(L.at("state")), escape_html(L.at("planned_end")),
                        escape_html(L.at("on_completion")));
    for (const auto* w : shown) {
        const auto& ws = data.worksites[w->worksite];
        html += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
            escape_html(ws.code), escape_html(ws.name), escape_html(L.at(rollout::to_string(w->state))),
            ws.planned_end ? format_date(*ws.planned_end, lang) : "", num(w->locaux_on_completion));
    }
    if (shown.empty()) {
        html += fmt::format("<tr><td colspan=\"5\">{}</td></tr>\n", escape_html(L.at("none")));
    }
    html += "</tbody></table>\n</section>\n";
    return html;
}

std::string page_head(Lang lang, const std::string& title, bool with_scripts) {
    std::string html =
        fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>{}</title>\n<style>\n{}</style>\n",
                    to_string(lang), escape_html(title), asset("report.css"));
    if (with_scripts) {
        // report.js first: it records any error of the libraries that follow.
        for (const char* lib : {"report.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}) {
            html += "<script>";
            html += library_safe(asset(lib));
            html += "</script>\n";
        }
    }
    return html + "</head>\n";
}

} // namespace

std::vector<std::filesystem::path> write_report(store::Database& db, const rollout::RolloutData& data,
                                                const ReportOptions& options) {
    const Lang lang = parse_lang(options.lang);
    const Labels& L = labels(lang);
    const Date at = options.quarter.last_day();
    std::error_code ec;
    std::filesystem::create_directories(options.out, ec);
    if (ec) {
        throw DataError(fmt::format("cannot create the folder: {}", describe_errno(ec.value())),
                        ErrorContext::in_file(options.out.string()));
    }
    auto num = [&](long long n) { return format_integer(n, lang); };

    // The figures, computed by the same functions as the progress, remaining and
    // worksites commands, so that every output agrees.
    const auto span = rollout::raccordable_span(data);
    const Quarter first = span ? std::min(span->first, options.quarter) : options.quarter;
    const auto progress = rollout::compute_progress(data, first, options.quarter, rollout::Grouping::none);
    const auto by_commune =
        rollout::compute_progress(data, options.quarter, options.quarter, rollout::Grouping::commune);
    const auto remaining = rollout::compute_remaining(data, options.target, at);
    const auto remaining_by =
        rollout::compute_remaining_by(data, options.target, at, rollout::Grouping::commune);
    const auto works = rollout::compute_worksites(data, at);
    const auto& current = progress.quarters.back();
    const auto store_communes = store::read_communes(db);
    const auto departements = departement_codes(store_communes);
    const auto sources = source_kinds(store::read_import_runs(db));

    const model::ArcepFigureIndex arcep_index(data.arcep);
    std::vector<CommuneRow> communes;
    for (std::size_t i = 0; i < by_commune.areas.size(); ++i) {
        const auto& a = by_commune.areas[i];
        const auto& q = a.quarters.back();
        const auto& r = remaining_by[i].figures;
        communes.push_back({a.code, a.name, q.locaux, q.raccordables, q.added, q.coverage, r.remaining,
                            r.projected_quarter, r.expected, q.basis,
                            arcep_index.at("commune", a.code, options.quarter.str())});
    }
    // Furthest behind first: the lowest coverage, then the most left to do.
    std::stable_sort(communes.begin(), communes.end(), [](const CommuneRow& x, const CommuneRow& y) {
        return x.coverage < y.coverage || (x.coverage == y.coverage && x.remaining > y.remaining);
    });

    // ---- the chart: raccordables per quarter and the target trajectory, a straight line
    // from the first quarter's figure to the target figure at the target's quarter, flat after.
    const Quarter target_quarter = Quarter::of(options.target.date);
    const double start_value = static_cast<double>(progress.quarters.front().raccordables);
    const int span_quarters = std::max(1, target_quarter.minus(first));
    nlohmann::json chart_values = nlohmann::json::array();
    nlohmann::json quarter_labels = nlohmann::json::array();
    for (const auto& q : progress.quarters) {
        const int k = q.quarter.minus(first);
        const double t = std::clamp(static_cast<double>(k) / span_quarters, 0.0, 1.0);
        const double trajectory =
            start_value + t * (static_cast<double>(remaining.target_locaux) - start_value);
        const auto label = format_quarter(q.quarter, lang);
        quarter_labels.push_back(label);
        chart_values.push_back(
            {{"quarter", label}, {"series", L.at("series_raccordables")}, {"value", q.raccordables}});
        chart_values.push_back(
            {{"quarter", label}, {"series", L.at("series_trajectory")}, {"value", std::round(trajectory)}});
    }
    const nlohmann::json series = {L.at("series_raccordables"), L.at("series_trajectory")};
    const nlohmann::json chart_spec = {
        {"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
        {"width", "container"},
        {"height", 170},
        {"autosize", {{"type", "fit-x"}, {"contains", "padding"}}},
        {"data", {{"values", chart_values}}},
        {"mark", {{"type", "line"}, {"point", {{"size", 18}}}, {"strokeWidth", 2}}},
        {"encoding",
         {{"x",
           {{"field", "quarter"},
            {"type", "ordinal"},
            {"sort", quarter_labels},
            {"title", nullptr},
            {"axis", {{"labelAngle", -45}, {"labelOverlap", true}}}}},
          {"y",
           {{"field", "value"},
            {"type", "quantitative"},
            {"title", L.at("locaux")},
            {"axis", {{"format", ",d"}}}}},
          {"color",
           {{"field", "series"},
            {"type", "nominal"},
            {"scale", {{"domain", series}, {"range", {"#1565c0", "#c62828"}}}},
            {"legend",
             {{"orient", "top"}, {"title", nullptr}, {"symbolStrokeWidth", 3}, {"labelFontSize", 12}}}}},
          {"strokeDash",
           {{"field", "series"},
            {"type", "nominal"},
            {"scale",
             {{"domain", series}, {"range", {nlohmann::json::array({1, 0}), nlohmann::json::array({6, 4})}}}},
            {"legend",
             {{"orient", "top"}, {"title", nullptr}, {"symbolStrokeWidth", 3}, {"labelFontSize", 12}}}}}}}};

    std::map<std::string, nlohmann::json> props;
    for (const auto& c : communes) {
        props[c.insee] = {{"coverage_pct", pct(c.coverage)},
                          {"coverage_text", format_percent(c.coverage, 1, lang)},
                          {"raccordables", c.raccordables},
                          {"locaux", c.locaux}};
    }
    const nlohmann::json map_spec = {
        {"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
        {"width", 330},
        {"height", 330},
        {"data",
         {{"values", communes_geojson(db, props)}, {"format", {{"type", "json"}, {"property", "features"}}}}},
        {"projection", {{"type", "mercator"}}},
        {"mark", {{"type", "geoshape"}, {"stroke", "#555"}, {"strokeWidth", 0.3}}},
        {"encoding",
         {{"color",
           {{"field", "properties.coverage_pct"},
            {"type", "quantitative"},
            {"title", L.at("coverage") + " (%)"},
            {"scale", {{"domain", {0, 100}}, {"scheme", "redyellowgreen"}}},
            {"legend", {{"orient", "bottom"}, {"direction", "horizontal"}, {"gradientLength", 200}}}}},
          {"tooltip",
           {{{"field", "properties.name"}, {"type", "nominal"}, {"title", L.at("commune")}},
            {{"field", "properties.coverage_text"}, {"type", "nominal"}, {"title", L.at("coverage")}}}}}}};

    // ---- the page ----
    std::vector<std::string> departement_names;
    for (const auto& code : departements) {
        const auto name = model::departement_name(code);
        departement_names.push_back(name.empty() ? code : fmt::format("{} ({})", name, code));
    }
    const std::string territory = fmt::format("{}", fmt::join(departement_names, ", "));
    const std::string quarter_text = format_quarter(options.quarter, lang);
    const std::string title =
        territory.empty() ? L.at("title") : fmt::format("{} — {}", L.at("title"), territory);

    std::string body;
    body += "<header>\n";
    body += fmt::format("<h1>{}</h1>\n", escape_html(title));
    body += fmt::format("<p class=\"subtitle\">{} {} &middot; {} {}</p>\n", escape_html(L.at("report_of")),
                        quarter_text, escape_html(L.at("figures_at")), escape_html(format_date(at, lang)));
    std::vector<std::string> source_texts;
    for (const auto& k : sources) {
        const auto name_it = L.find("kind." + k.kind);
        auto text = name_it == L.end() ? k.kind : name_it->second;
        if (k.imports > 1) {
            text += fmt::format(" ({} {})", k.imports, L.at("deliveries"));
        }
        source_texts.push_back(escape_html(text));
    }
    body += fmt::format(
        "<p class=\"meta\" id=\"dates\">{} {}{} &middot; {} : {}</p>\n", escape_html(L.at("data_date")),
        data.data_date ? escape_html(format_date(*data.data_date, lang)) : escape_html(L.at("unknown")),
        rollout::beyond_data(data.data_date, at) ? " (" + escape_html(L.at("beyond_data")) + ")"
                                                 : std::string(),
        escape_html(L.at("sources")), fmt::join(source_texts, ", "));
    body += "</header>\n";

    const std::string target_share = format_percent(options.target.share / 100.0, 0, lang);
    const std::string target_date = format_date(options.target.date, lang);
    const std::string pace = num(std::llround(remaining.observed_per_quarter));
    body += "<section class=\"cards\" id=\"summary\">\n";
    auto card = [&](const std::string& id, const std::string& value, const std::string& label) {
        body += fmt::format(
            "<div class=\"card\" id=\"{}\"><div class=\"v\">{}</div><div class=\"l\">{}</div></div>\n", id,
            escape_html(value), escape_html(label));
    };
    card("card-raccordables", num(current.raccordables),
         L.at("card_raccordables") + " " +
             fmt::format(fmt::runtime(L.at("card_raccordables_of")), num(current.locaux),
                         format_percent(current.coverage, 1, lang)));
    card("card-new", (current.added > 0 ? "+" : "") + num(current.added), L.at("card_new"));
    card("card-remaining", num(remaining.remaining),
         fmt::format(fmt::runtime(L.at("card_remaining")), target_share, target_date));
    if (remaining.reached) {
        card("card-projected", L.at("card_reached_value"),
             remaining.met_on ? fmt::format(fmt::runtime(L.at("card_reached")), target_share,
                                            format_date(*remaining.met_on, lang))
                              : fmt::format(fmt::runtime(L.at("card_reached_undated")), target_share));
    } else if (remaining.projected_quarter) {
        card("card-projected", format_quarter(*remaining.projected_quarter, lang),
             fmt::format(fmt::runtime(L.at("card_projected")), pace));
    } else if (remaining.planned_quarter) {
        card("card-projected", format_quarter(*remaining.planned_quarter, lang),
             fmt::format(fmt::runtime(L.at("card_planned")), pace));
    } else {
        card("card-projected", L.at("card_out_of_reach_value"),
             fmt::format(fmt::runtime(L.at("card_out_of_reach")), pace));
    }
    body += "</section>\n";
    body += "<p class=\"note\">" +
            escape_html(fmt::format(fmt::runtime(L.at("raccordes")), num(current.raccordes),
                                    format_percent(current.take_up, 1, lang)));
    if (remaining.shortfall_at_target && *remaining.shortfall_at_target > 0) {
        body += " " + escape_html(fmt::format(fmt::runtime(L.at("shortfall")), target_date,
                                              num(*remaining.shortfall_at_target)));
    }
    body += "</p>\n";
    body += fmt::format("<section class=\"chart\"><h2>{}</h2><div id=\"chart\"></div></section>\n",
                        escape_html(L.at("chart")));
    body += "<section class=\"two\">\n";
    body +=
        fmt::format("<div class=\"map\"><h2>{}</h2><div id=\"map\"></div></div>\n", escape_html(L.at("map")));
    body += fmt::format("<div class=\"late\"><h2>{}</h2>\n", escape_html(L.at("late")));
    std::vector<const CommuneRow*> late;
    for (const auto& c : communes) {
        if (late.size() < 10 && c.locaux > 0 && c.remaining > 0) {
            late.push_back(&c);
        }
    }
    if (late.empty()) {
        body += fmt::format("<p>{}</p>\n", escape_html(L.at("no_late")));
    } else {
        body += fmt::format(
            "<table id=\"late\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>"
            "<th>{}</th></tr></thead><tbody>\n",
            escape_html(L.at("commune")), escape_html(L.at("coverage")), escape_html(L.at("remaining")),
            escape_html(L.at("expected")));
        for (const auto* c : late) {
            body += fmt::format(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}{}</td></tr>\n",
                escape_html(c->name), format_percent(c->coverage, 1, lang), num(c->remaining),
                escape_html(expected_text(c->expected, L, lang)),
                c->expected.overdue
                    ? " <span class=\"overdue\" title=\"" + escape_html(L.at("overdue_mark")) + "\">(" +
                          escape_html(L.at("overdue")) + ")</span>"
                    : std::string());
        }
        body += "</tbody></table>\n";
    }
    body += "</div>\n</section>\n";
    body += fmt::format("<footer>{}</footer>\n", escape_html(L.at("annex_note")));
    // Where a script fails, the reason shows here (hidden while empty).
    body += "<pre id=\"script-errors\" data-count=\"0\"></pre>\n";
    body += "<script type=\"application/json\" id=\"chart-spec\">" + script_safe(chart_spec.dump()) +
            "</script>\n";
    body +=
        "<script type=\"application/json\" id=\"map-spec\">" + script_safe(map_spec.dump()) + "</script>\n";
    body += fmt::format(
        "<script type=\"application/json\" id=\"format-locale\">{}</script>\n",
        lang == Lang::fr ? R"({"decimal":",","thousands":"\u202f","grouping":[3],"currency":["","\u00a0€"]})"
                         : R"({"decimal":".","thousands":",","grouping":[3],"currency":["$",""]})");

    const std::string annex = annex_html(communes, data, works, L, lang, L.at("annex_title"));
    std::string html = page_head(lang, fmt::format("{} — {}", title, quarter_text), true);
    html += "<body>\n<main class=\"page\">\n" + body + "</main>\n";
    if (options.with_annex) {
        html += annex;
    }
    html += "</body>\n</html>\n";
    std::string annex_page =
        page_head(lang, fmt::format("{} — {} — {}", title, quarter_text, L.at("annex_title")), false);
    annex_page +=
        fmt::format("<body>\n<header><h1>{}</h1><p class=\"subtitle\">{} {} &middot; {} {}</p></header>\n",
                    escape_html(title), escape_html(L.at("report_of")), quarter_text,
                    escape_html(L.at("figures_at")), escape_html(format_date(at, lang)));
    annex_page += annex + "</body>\n</html>\n";

    // ---- the same figures as files ----
    // Every file is written under its temporary name first, and all are renamed into place
    // only when all are written: a failure leaves the earlier report as it was.
    std::vector<std::unique_ptr<AtomicFile>> staged;
    auto put = [&](const std::string& name, const std::string& content) {
        staged.push_back(std::make_unique<AtomicFile>(options.out / name));
        staged.back()->write(content);
    };
    put("report.html", html);
    put("annex.html", annex_page);
    put("quarters.csv", to_csv(progress_table(progress), french_csv));
    Table commune_table;
    commune_table.header = {"insee",        "name", "locaux",    "raccordables",
                            "coverage_pct", "new",  "remaining", "projected_quarter"};
    for (const char* column : {"expected_status", "expected_date", "expected_overdue", "worksites",
                               "denominator_basis", "arcep_quarter", "arcep_raccordables", "difference"}) {
        commune_table.header.emplace_back(column);
    }
    for (const auto& c : communes) {
        commune_table.rows.push_back(
            {c.insee, c.name, std::to_string(c.locaux), std::to_string(c.raccordables), percent(c.coverage),
             std::to_string(c.added), std::to_string(c.remaining), c.projected ? c.projected->str() : ""});
        auto& row = commune_table.rows.back();
        row.emplace_back(c.expected.nothing_to_build ? "nothing_to_build"
                         : c.expected.date           ? "dated"
                                                     : "no_date");
        row.push_back(c.expected.date ? c.expected.date->iso() : "");
        row.emplace_back(c.expected.overdue ? "true" : "false");
        row.push_back(fmt::format("{}", fmt::join(c.expected.worksites, " ")));
        row.emplace_back(model::to_string(c.basis));
        row.push_back(c.arcep ? c.arcep->quarter : "");
        row.push_back(c.arcep ? std::to_string(c.arcep->raccordables) : "");
        row.push_back(c.arcep ? std::to_string(c.raccordables - c.arcep->raccordables) : "");
    }
    put("communes.csv", to_csv(commune_table, french_csv));
    put("worksites.csv", to_csv(worksites_table(data, works), french_csv));

    // report.json: the same figures whatever the language (codes, ISO dates, numbers).
    nlohmann::json json;
    json["quarter"] = options.quarter.str();
    json["at"] = at.iso();
    json["data_date"] = data.data_date ? nlohmann::json(data.data_date->iso()) : nlohmann::json();
    json["beyond_data_date"] = rollout::beyond_data(data.data_date, at);
    json["departements"] = nlohmann::json::array();
    for (const auto& code : departements) {
        json["departements"].push_back(
            {{"code", code}, {"name", std::string(model::departement_name(code))}});
    }
    json["sources"] = nlohmann::json::array();
    for (const auto& k : sources) {
        json["sources"].push_back({{"kind", k.kind}, {"imports", k.imports}, {"latest_import", k.latest}});
    }
    json["target"] = {{"share_pct", options.target.share}, {"date", options.target.date.iso()}};
    json["summary"] = {{"locaux", current.locaux},
                       {"raccordables", current.raccordables},
                       {"new", current.added},
                       {"coverage_pct", pct(current.coverage)},
                       {"denominator_basis", model::to_string(current.basis)},
                       {"raccordes", current.raccordes},
                       {"take_up_pct", pct(current.take_up)}};
    json["remaining"] = remaining_json(remaining, {});
    json["progress"] = progress_json(progress);
    json["communes"] = nlohmann::json::array();
    for (const auto& c : communes) {
        json["communes"].push_back(
            {{"insee", c.insee},
             {"name", c.name},
             {"locaux", c.locaux},
             {"raccordables", c.raccordables},
             {"coverage_pct", pct(c.coverage)},
             {"new", c.added},
             {"remaining", c.remaining},
             {"projected_quarter", c.projected ? nlohmann::json(c.projected->str()) : nlohmann::json()},
             {"expected", expected_json(c.expected)}});
        auto& row = json["communes"].back();
        row["denominator_basis"] = model::to_string(c.basis);
        if (c.arcep) {
            row["arcep"] = {{"quarter", c.arcep->quarter},
                            {"raccordables", c.arcep->raccordables},
                            {"difference", c.raccordables - c.arcep->raccordables}};
        }
    }
    json["worksites"] = worksites_json(data, works, at);
    put("report.json", json.dump(2) + "\n");
    std::vector<std::filesystem::path> files;
    for (auto& file : staged) {
        file->commit();
        files.push_back(file->path());
    }
    return files;
}

} // namespace fibre::report
