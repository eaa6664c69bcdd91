#include "engine/report/quarterly_report.hpp"

#include "engine/model/coverage.hpp"
#include "engine/report/assets.hpp"
#include "engine/report/figures_output.hpp"
#include "engine/rollout/progress.hpp"
#include "engine/rollout/remaining.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/store/entities.hpp"
#include "engine/support/atomic_file.hpp"
#include "engine/support/error.hpp"
#include "engine/support/proj_transform.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

namespace fibre::report {
namespace {

using Labels = std::map<std::string, std::string>;

const Labels& labels(const std::string& lang) {
    static const Labels fr{
        {"title", "Déploiement de la fibre optique (FttH) : rapport du trimestre"},
        {"figures_at", "Chiffres au"},
        {"data_date", "données les plus récentes du"},
        {"unknown", "inconnue"},
        {"beyond_data", "au-delà des données : rien n'est connu après leur date"},
        {"coverage", "Taux de couverture"},
        {"arcep", "ARCEP"},
        {"difference", "Écart avec l'ARCEP"},
        {"raccordables", "Locaux raccordables"},
        {"locaux", "Locaux"},
        {"new", "Nouveaux locaux raccordables dans le trimestre"},
        {"remaining", "Reste pour atteindre l'objectif"},
        {"target", "Objectif"},
        {"projected", "Objectif atteint (au rythme observé)"},
        {"expected", "Raccordable attendu (fin prévue des chantiers, sinon rythme observé)"},
        {"no_date", "sans date"},
        {"nothing_to_build", "rien à construire"},
        {"not_reached", "non atteint"},
        {"reached", "atteint"},
        {"pace", "Rythme observé (4 derniers trimestres)"},
        {"pace_needed", "Rythme nécessaire"},
        {"per_quarter", "locaux par trimestre"},
        {"chart", "Locaux raccordables par trimestre et trajectoire de l'objectif"},
        {"trajectory", "trajectoire de l'objectif"},
        {"map", "Taux de couverture par commune"},
        {"communes", "Communes (les plus en retard d'abord)"},
        {"commune", "Commune"},
        {"insee", "INSEE"},
        {"worksites", "Chantiers en cours et en retard"},
        {"code", "Code"},
        {"name", "Nom"},
        {"state", "État"},
        {"planned_end", "Fin prévue"},
        {"on_completion", "Locaux raccordables à l'achèvement"},
        {"shortfall", "Manque à la date de l'objectif"},
        {"quarter", "Trimestre"},
        {"files", "Les mêmes chiffres : quarters.csv, communes.csv, worksites.csv, report.json."},
        {"planned", "prévu"},
        {"active", "en cours"},
        {"suspended", "suspendu"},
        {"overdue", "en retard"},
        {"completed", "achevé"},
        {"abandoned", "abandonné"},
        {"none", "aucun"},
        {"raccordes", "Locaux raccordés"},
        {"take_up", "taux de pénétration"},
    };
    static const Labels en{
        {"title", "Fibre to the home rollout: quarterly report"},
        {"figures_at", "Figures at"},
        {"data_date", "newest data of"},
        {"unknown", "unknown"},
        {"beyond_data", "beyond the data: nothing after their date is known"},
        {"coverage", "Coverage"},
        {"arcep", "ARCEP"},
        {"difference", "Difference from ARCEP"},
        {"raccordables", "Locaux raccordables"},
        {"locaux", "Locaux"},
        {"new", "New locaux raccordables in the quarter"},
        {"remaining", "Remaining to reach the target"},
        {"target", "Target"},
        {"projected", "Target reached (at the observed pace)"},
        {"expected", "Expected raccordable (worksites' planned end, else the observed pace)"},
        {"no_date", "no date"},
        {"nothing_to_build", "nothing to build"},
        {"not_reached", "not reached"},
        {"reached", "reached"},
        {"pace", "Observed pace (last four quarters)"},
        {"pace_needed", "Pace needed"},
        {"per_quarter", "locaux per quarter"},
        {"chart", "Locaux raccordables per quarter and the target trajectory"},
        {"trajectory", "target trajectory"},
        {"map", "Coverage by commune"},
        {"communes", "Communes (latest first)"},
        {"commune", "Commune"},
        {"insee", "INSEE"},
        {"worksites", "Active and overdue worksites"},
        {"code", "Code"},
        {"name", "Name"},
        {"state", "State"},
        {"planned_end", "Planned end"},
        {"on_completion", "Locaux raccordables on completion"},
        {"shortfall", "Shortfall at the target date"},
        {"quarter", "Quarter"},
        {"files", "The same figures: quarters.csv, communes.csv, worksites.csv, report.json."},
        {"planned", "planned"},
        {"active", "active"},
        {"suspended", "suspended"},
        {"overdue", "overdue"},
        {"completed", "completed"},
        {"abandoned", "abandoned"},
        {"none", "none"},
        {"raccordes", "Locaux raccordés"},
        {"take_up", "take-up"},
    };
    if (lang == "fr") {
        return fr;
    }
    if (lang == "en") {
        return en;
    }
    throw UsageError(fmt::format("--lang: unknown language '{}' (fr or en)", lang));
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

std::string number(double v, bool french, int decimals) {
    auto s = fmt::format("{:.{}f}", v, decimals);
    if (french) {
        std::replace(s.begin(), s.end(), '.', ',');
    }
    return s;
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
    std::string projected;
    std::string expected;  ///< expected date (docs/rollout-figures.md), or why there is none
    std::string worksites; ///< the worksites bringing the remainder, space-separated
    model::CoverageBasis basis = model::CoverageBasis::premises; ///< what locaux rest on
    /// ARCEP's declared figure, of the latest ARCEP quarter at or before the report's.
    const model::ArcepFigure* arcep = nullptr;
};

} // namespace

std::vector<std::filesystem::path> write_report(store::Database& db, const rollout::RolloutData& data,
                                                const ReportOptions& options) {
    const Labels& L = labels(options.lang);
    const bool french = options.lang == "fr";
    const Date at = options.quarter.last_day();
    std::error_code ec;
    std::filesystem::create_directories(options.out, ec);
    if (ec) {
        throw DataError(fmt::format("cannot create the folder: {}", describe_errno(ec.value())),
                        ErrorContext::in_file(options.out.string()));
    }

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

    const model::ArcepFigureIndex arcep_index(data.arcep);
    std::vector<CommuneRow> communes;
    for (std::size_t i = 0; i < by_commune.areas.size(); ++i) {
        const auto& a = by_commune.areas[i];
        const auto& q = a.quarters.back();
        const auto& r = remaining_by[i].figures;
        std::string worksites;
        for (const auto& code : r.expected.worksites) {
            worksites += (worksites.empty() ? "" : " ") + code;
        }
        communes.push_back({a.code, a.name, q.locaux, q.raccordables, q.added, q.coverage, r.remaining,
                            r.projected_quarter ? r.projected_quarter->str() : L.at("not_reached"),
                            r.expected.nothing_to_build ? L.at("nothing_to_build")
                            : r.expected.date           ? r.expected.date->iso()
                                                        : L.at("no_date"),
                            worksites, q.basis, arcep_index.at("commune", a.code, options.quarter.str())});
    }
    std::stable_sort(communes.begin(), communes.end(), [](const CommuneRow& x, const CommuneRow& y) {
        return x.coverage < y.coverage || (x.coverage == y.coverage && x.remaining > y.remaining);
    });

    // Target trajectory: a straight line from the first quarter's figure to the target
    // figure at the target's quarter, flat after.
    const Quarter target_quarter = Quarter::of(options.target.date);
    const double start_value = static_cast<double>(progress.quarters.front().raccordables);
    const int span_quarters = std::max(1, target_quarter.minus(first));
    nlohmann::json chart_values = nlohmann::json::array();
    for (const auto& q : progress.quarters) {
        const int k = q.quarter.minus(first);
        const double t = std::clamp(static_cast<double>(k) / span_quarters, 0.0, 1.0);
        const double trajectory =
            start_value + t * (static_cast<double>(remaining.target_locaux) - start_value);
        chart_values.push_back(
            {{"quarter", q.quarter.str()}, {"series", L.at("raccordables")}, {"value", q.raccordables}});
        chart_values.push_back({{"quarter", q.quarter.str()},
                                {"series", L.at("trajectory")},
                                {"value", std::round(trajectory)}});
    }

    std::map<std::string, nlohmann::json> props;
    for (const auto& c : communes) {
        props[c.insee] = {{"coverage_pct", std::round(c.coverage * 1000.0) / 10.0},
                          {"raccordables", c.raccordables},
                          {"locaux", c.locaux}};
    }
    const auto geojson = communes_geojson(db, props);

    const nlohmann::json chart_spec = {
        {"width", "container"},
        {"height", 300},
        {"data", {{"values", chart_values}}},
        {"mark", {{"type", "line"}, {"point", true}}},
        {"encoding",
         {{"x", {{"field", "quarter"}, {"type", "ordinal"}, {"title", L.at("quarter")}}},
          {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", L.at("raccordables")}}},
          {"color", {{"field", "series"}, {"type", "nominal"}, {"title", nullptr}}},
          {"strokeDash", {{"field", "series"}, {"type", "nominal"}, {"legend", nullptr}}}}}};
    const nlohmann::json map_spec = {
        {"width", 560},
        {"height", 460},
        {"data", {{"values", geojson}, {"format", {{"type", "json"}, {"property", "features"}}}}},
        {"projection", {{"type", "mercator"}}},
        {"mark", {{"type", "geoshape"}, {"stroke", "#444"}, {"strokeWidth", 0.5}}},
        {"encoding",
         {{"color",
           {{"field", "properties.coverage_pct"},
            {"type", "quantitative"},
            {"title", L.at("coverage") + " (%)"},
            {"scale", {{"domain", {0, 100}}, {"scheme", "redyellowgreen"}}}}},
          {"tooltip",
           {{{"field", "properties.name"}, {"type", "nominal"}, {"title", L.at("commune")}},
            {{"field", "properties.coverage_pct"},
             {"type", "quantitative"},
             {"title", L.at("coverage")}}}}}}};

    // ---- the HTML page ----
    auto fmt_int = [&](long long n) { return group_digits(n, french); };
    std::string html;
    html += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>{} {}</title>\n",
                        options.lang, escape_html(L.at("title")), options.quarter.str());
    html += R"(<style>
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1200px;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
.cards{display:flex;flex-wrap:wrap;gap:1em}.card{flex:1 1 220px;border:1px solid #ccc;border-radius:6px;padding:.8em}
.card .v{font-size:1.8em;font-weight:600}.card .l{color:#555}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}#chart{width:100%}
#script-errors{color:#b00;white-space:pre-wrap}
</style>
<script>
// Any script error is written into the page, where a reader (or a test) sees it.
window.fibreErrors = [];
function fibreShowErrors() {
  var el = document.getElementById('script-errors');
  if (el) { el.textContent = window.fibreErrors.join('\n'); el.setAttribute('data-count', window.fibreErrors.length); }
}
function fibreRecord(message) { window.fibreErrors.push(String(message)); fibreShowErrors(); }
window.addEventListener('error', function (e) { fibreRecord(e.message || 'error'); });
window.addEventListener('unhandledrejection', function (e) { fibreRecord('unhandled: ' + e.reason); });
(function () { var original = console.error; console.error = function () {
  fibreRecord(Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); }; })();
</script>
)";
    for (const char* lib : {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}) {
        html += "<script>";
        html += library_safe(asset(lib));
        html += "</script>\n";
    }
    html += "</head>\n<body>\n";
    html += fmt::format("<h1>{} &mdash; {}</h1>\n", escape_html(L.at("title")), options.quarter.str());
    // The date the figures stand at, and that of the newest data (docs/rollout-figures.md).
    html += fmt::format(
        "<p id=\"dates\">{} {} &middot; {} {}{}</p>\n", escape_html(L.at("figures_at")), at.iso(),
        escape_html(L.at("data_date")), data.data_date ? data.data_date->iso() : escape_html(L.at("unknown")),
        rollout::beyond_data(data.data_date, at) ? " &middot; " + escape_html(L.at("beyond_data"))
                                                 : std::string());
    html += "<div class=\"cards\" id=\"summary\">\n";
    auto card = [&](const std::string& label, const std::string& value, const std::string& id) {
        html += fmt::format(
            "<div class=\"card\" id=\"{}\"><div class=\"v\">{}</div><div class=\"l\">{}</div></div>\n", id,
            escape_html(value), escape_html(label));
    };
    card(L.at("coverage") + " (" + fmt_int(current.raccordables) + " / " + fmt_int(current.locaux) + ")",
         number(current.coverage * 100.0, french, 1) + " %", "card-coverage");
    card(L.at("new"), fmt_int(current.added), "card-new");
    card(L.at("raccordes") + " (" + L.at("take_up") + " " + number(current.take_up * 100.0, french, 1) +
             " %)",
         fmt_int(current.raccordes), "card-raccordes");
    card(L.at("remaining") + " (" + L.at("target") + " " + number(options.target.share, french, 0) + " % " +
             options.target.date.iso() + ")",
         fmt_int(remaining.remaining), "card-remaining");
    card(L.at("projected") + ", " + L.at("pace") + " " + number(remaining.observed_per_quarter, french, 0) +
             " " + L.at("per_quarter"),
         remaining.projected_quarter ? remaining.projected_quarter->str() : L.at("not_reached"),
         "card-projected");
    html += "</div>\n";
    if (remaining.shortfall_at_target) {
        html += fmt::format("<p>{} ({}) : {}</p>\n", escape_html(L.at("shortfall")),
                            options.target.date.iso(), fmt_int(*remaining.shortfall_at_target));
    }
    html += fmt::format("<h2>{}</h2>\n<div id=\"chart\"></div>\n", escape_html(L.at("chart")));
    html += fmt::format("<h2>{}</h2>\n<div id=\"map\"></div>\n", escape_html(L.at("map")));

    html += fmt::format(
        "<h2>{}</h2>\n<table id=\"communes\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "</tr></thead><tbody>\n",
        escape_html(L.at("communes")), L.at("insee"), escape_html(L.at("commune")),
        escape_html(L.at("locaux")), escape_html(L.at("raccordables")), escape_html(L.at("coverage")),
        escape_html(L.at("new")), escape_html(L.at("remaining")), escape_html(L.at("projected")),
        escape_html(L.at("expected")), escape_html(L.at("arcep")), escape_html(L.at("difference")));
    for (const auto& c : communes) {
        html += fmt::format(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
            "<td class=\"n\">{} %</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td>"
            "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            escape_html(c.insee), escape_html(c.name), fmt_int(c.locaux), fmt_int(c.raccordables),
            number(c.coverage * 100.0, french, 1), fmt_int(c.added), fmt_int(c.remaining),
            escape_html(c.projected), escape_html(c.expected),
            c.arcep ? fmt_int(c.arcep->raccordables) + " (" + c.arcep->quarter + ")" : std::string("-"),
            c.arcep ? fmt_int(c.raccordables - c.arcep->raccordables) : std::string("-"));
    }
    html += "</tbody></table>\n";

    html += fmt::format("<h2>{}</h2>\n<table id=\"worksites\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
                        "<th>{}</th><th>{}</th></tr></thead><tbody>\n",
                        escape_html(L.at("worksites")), escape_html(L.at("code")), escape_html(L.at("name")),
                        escape_html(L.at("state")), escape_html(L.at("planned_end")),
                        escape_html(L.at("on_completion")));
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
    for (const auto* w : shown) {
        const auto& ws = data.worksites[w->worksite];
        html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                            escape_html(ws.code), escape_html(ws.name),
                            escape_html(L.at(rollout::to_string(w->state))),
                            ws.planned_end ? ws.planned_end->iso() : "", fmt_int(w->locaux_on_completion));
    }
    if (shown.empty()) {
        html += fmt::format("<tr><td colspan=\"5\">{}</td></tr>\n", escape_html(L.at("none")));
    }
    html += "</tbody></table>\n";
    html += fmt::format("<p>{}</p>\n", escape_html(L.at("files")));
    html += "<pre id=\"script-errors\" data-count=\"0\"></pre>\n<div id=\"render-status\">pending</div>\n";
    html += "<script type=\"application/json\" id=\"chart-spec\">" + script_safe(chart_spec.dump()) +
            "</script>\n";
    html +=
        "<script type=\"application/json\" id=\"map-spec\">" + script_safe(map_spec.dump()) + "</script>\n";
    html += R"(<script>
(function () {
  fibreShowErrors();
  var status = document.getElementById('render-status');
  if (typeof vegaEmbed !== 'function') { fibreRecord('the chart library did not load'); status.textContent = 'failed'; return; }
  var opts = { actions: false, renderer: 'svg' };
  var chart = JSON.parse(document.getElementById('chart-spec').textContent);
  var map = JSON.parse(document.getElementById('map-spec').textContent);
  Promise.all([vegaEmbed('#chart', chart, opts), vegaEmbed('#map', map, opts)]).then(function () {
    status.textContent = 'rendered';
    document.body.setAttribute('data-rendered', 'yes');
  }).catch(function (e) { fibreRecord(e); status.textContent = 'failed'; });
})();
</script>
</body>
</html>
)";

    // ---- the same figures as files ----
    // Every file is written under its temporary name first, and all are renamed into place
    // only when all are written: a failure leaves the earlier report as it was.
    std::vector<std::unique_ptr<AtomicFile>> staged;
    auto put = [&](const std::string& name, const std::string& content) {
        staged.push_back(std::make_unique<AtomicFile>(options.out / name));
        staged.back()->write(content);
    };
    put("report.html", html);
    put("quarters.csv", to_csv(progress_table(progress), french_csv));
    Table commune_table;
    commune_table.header = {"insee",        "name", "locaux",    "raccordables",
                            "coverage_pct", "new",  "remaining", "projected_quarter"};
    commune_table.header.emplace_back("expected_date");
    commune_table.header.emplace_back("worksites");
    for (const char* column : {"denominator_basis", "arcep_quarter", "arcep_raccordables", "difference"}) {
        commune_table.header.emplace_back(column);
    }
    for (const auto& c : communes) {
        commune_table.rows.push_back(
            {c.insee, c.name, std::to_string(c.locaux), std::to_string(c.raccordables), percent(c.coverage),
             std::to_string(c.added), std::to_string(c.remaining), c.projected, c.expected, c.worksites});
        auto& row = commune_table.rows.back();
        row.emplace_back(model::to_string(c.basis));
        row.push_back(c.arcep ? c.arcep->quarter : "");
        row.push_back(c.arcep ? std::to_string(c.arcep->raccordables) : "");
        row.push_back(c.arcep ? std::to_string(c.raccordables - c.arcep->raccordables) : "");
    }
    put("communes.csv", to_csv(commune_table, french_csv));
    put("worksites.csv", to_csv(worksites_table(data, works), french_csv));
    nlohmann::json json;
    json["quarter"] = options.quarter.str();
    json["at"] = at.iso();
    json["data_date"] = data.data_date ? nlohmann::json(data.data_date->iso()) : nlohmann::json();
    json["beyond_data_date"] = rollout::beyond_data(data.data_date, at);
    json["summary"] = {{"locaux", current.locaux},
                       {"raccordables", current.raccordables},
                       {"new", current.added},
                       {"coverage", current.coverage},
                       {"denominator_basis", model::to_string(current.basis)},
                       {"raccordes", current.raccordes},
                       {"take_up", current.take_up}};
    json["remaining"] = remaining_json(remaining, {});
    json["progress"] = progress_json(progress);
    json["communes"] = nlohmann::json::array();
    for (const auto& c : communes) {
        json["communes"].push_back({{"insee", c.insee},
                                    {"name", c.name},
                                    {"locaux", c.locaux},
                                    {"raccordables", c.raccordables},
                                    {"coverage", c.coverage},
                                    {"new", c.added},
                                    {"remaining", c.remaining},
                                    {"projected_quarter", c.projected},
                                    {"expected_date", c.expected},
                                    {"worksites", c.worksites}});
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
