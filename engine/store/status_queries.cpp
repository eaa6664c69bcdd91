#include "engine/store/status_queries.hpp"

#include "engine/model/departements.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/support/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace fibre::store {
namespace {

struct CommuneRef {
    std::string name;
    std::string departement;
    std::string epci_siren;
    std::string epci_name;
    long long reference = 0; ///< logements + etablissements
};

struct Cell {
    long long locaux = 0;
    long long raccordables = 0;
    long long raccordes = 0;
};

bool has_raccorde_since(Database& db) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info('premise_status') WHERE name = 'raccorde_since'");
    return st.step();
}

} // namespace

StatusGrouping status_grouping_from_string(const std::string& text) {
    if (text == "departement") {
        return StatusGrouping::departement;
    }
    if (text == "epci") {
        return StatusGrouping::epci;
    }
    if (text == "commune") {
        return StatusGrouping::commune;
    }
    if (text == "pm") {
        return StatusGrouping::pm;
    }
    if (text == "nro") {
        return StatusGrouping::nro;
    }
    throw UsageError(
        fmt::format("unknown grouping '{}': expected departement, epci, commune, pm or nro", text));
}

Quarter last_complete_quarter(Date at) {
    const Quarter q = Quarter::of(at);
    return q.last_day() <= at ? q : q.prev();
}

namespace {

// ARCEP's figure of @p level and @p code beside fibre's @p raccordables, or nothing.
std::optional<ArcepBeside> beside(const model::ArcepFigureIndex& arcep, const char* level,
                                  const std::string& code, const std::string& quarter,
                                  long long raccordables) {
    const auto* f = arcep.at(level, code, quarter);
    if (f == nullptr) {
        return std::nullopt;
    }
    return ArcepBeside{f->quarter, f->raccordables, f->locaux,
                       f->band,    f->zone,         raccordables - f->raccordables};
}

} // namespace

StatusFigures status_at(Database& db, Date at, StatusGrouping by, long long analysis_run) {
    const auto latest = latest_analysis(db);
    const bool earlier = analysis_run > 0 && (!latest || latest->id != analysis_run);
    if (earlier) {
        // Only the latest analysis keeps its per-premise results: an earlier one answers from
        // its summary.
        if (!find_analysis(db, analysis_run)) {
            throw DataError(fmt::format("the store keeps no analysis {}", analysis_run));
        }
        if (!has_status_summary(db, analysis_run)) {
            throw DataError(fmt::format("analysis {} wrote no status summary (a store analysed by an older "
                                        "version): only the latest analysis can answer",
                                        analysis_run));
        }
    }
    const long long run = analysis_run > 0 ? analysis_run : (latest ? latest->id : 0);
    std::unordered_map<std::string, CommuneRef> communes;
    {
        auto st =
            db.prepare("SELECT insee, name, departement, epci_siren, epci_name, logements + etablissements "
                       "FROM commune");
        while (st.step()) {
            communes.emplace(st.text(0),
                             CommuneRef{st.text(1), st.text(2), st.text(3), st.text(4), st.integer(5)});
        }
    }

    const bool by_site = by == StatusGrouping::pm || by == StatusGrouping::nro;
    // Aggregated per commune (and per site when grouping by site): the commune is the unit on
    // which the reference denominator applies. The analysis writes its results summed per
    // (commune, PM, NRO, date), a few thousand rows that answer any date; a store analysed
    // without that summary is read premise by premise, with the same result.
    const std::string site = by == StatusGrouping::pm ? "pm_code" : "nro_code";
    const std::string sql =
        has_status_summary(db, run)
            ? fmt::format("SELECT insee, {}, sum(locaux), "
                          "sum(CASE WHEN raccordable_since <= ?1 THEN locaux ELSE 0 END) FROM status_summary "
                          "WHERE analysis_run = {} GROUP BY 1, 2",
                          by_site ? site : std::string("''"), run)
            : fmt::format("SELECT p.insee, {}, sum(p.locaux), "
                          "sum(CASE WHEN ps.raccordable_since <= ?1 THEN p.locaux ELSE 0 END) "
                          "FROM premise p LEFT JOIN premise_status ps ON ps.premise_id = p.id GROUP BY 1, 2",
                          by_site ? "ps." + site : std::string("''"));
    auto st = db.prepare(sql);
    st.bind(1, at.iso());

    std::map<std::string, Cell> per_commune;
    std::map<std::string, StatusGroup> groups;
    while (st.step()) {
        const std::string insee = st.text(0);
        const Cell cell{st.integer(2), st.integer(3)};
        auto& c = per_commune[insee];
        c.locaux += cell.locaux;
        c.raccordables += cell.raccordables;
        if (by_site) {
            auto& g = groups[st.text(1)];
            g.code = st.text(1);
            g.locaux += cell.locaux;
            g.raccordables += cell.raccordables;
            g.denominator += cell.locaux;
        }
    }

    // Every commune of the territory counts in the denominators, those without a premise too
    // (their locaux are yet to be covered), as in every rollout figure.
    for (const auto& [insee, ref] : communes) {
        per_commune.try_emplace(insee);
    }
    const auto figures = read_arcep_figures(db);
    const auto estimates = model::arcep_best_estimates(figures);
    const model::ArcepFigureIndex arcep(figures);
    const std::string quarter = last_complete_quarter(at).str();

    // Raccordés are kept per premise, for the latest analysis only.
    const bool raccordes_known = !earlier && has_raccorde_since(db);
    if (raccordes_known) {
        auto r =
            db.prepare(fmt::format("SELECT p.insee, {}, sum(p.locaux) FROM premise_status ps JOIN premise p "
                                   "ON p.id = ps.premise_id WHERE ps.raccorde_since <= ?1 GROUP BY 1, 2",
                                   by_site ? "ps." + site : std::string("''")));
        r.bind(1, at.iso());
        while (r.step()) {
            const long long n = r.integer(2);
            per_commune[r.text(0)].raccordes += n;
            if (by_site) {
                auto& g = groups[r.text(1)];
                g.code = r.text(1);
                g.raccordes += n;
            }
        }
    }

    StatusFigures out;
    out.at = at;
    out.raccordes_known = raccordes_known;
    model::Denominator total;
    std::map<std::string, model::Denominator> group_denominators;
    for (const auto& [insee, cell] : per_commune) {
        const auto it = communes.find(insee);
        const auto estimate = estimates.find(insee);
        const auto denominator = model::commune_denominator(
            cell.locaux, it == communes.end() ? 0 : it->second.reference,
            estimate == estimates.end() ? std::nullopt : std::optional<long long>(estimate->second));
        out.total.locaux += cell.locaux;
        out.total.raccordables += cell.raccordables;
        out.total.raccordes += cell.raccordes;
        total.add(denominator);
        if (by_site) {
            continue;
        }
        std::string code;
        std::string name;
        if (it != communes.end()) {
            switch (by) {
            case StatusGrouping::departement:
                code = it->second.departement;
                name =
                    model::departement_name(code).empty() ? code : std::string(model::departement_name(code));
                break;
            case StatusGrouping::epci:
                code = it->second.epci_siren;
                name = it->second.epci_name;
                break;
            default:
                code = insee;
                name = it->second.name;
                break;
            }
        } else if (by == StatusGrouping::commune) {
            code = insee;
        }
        auto& g = groups[code];
        g.code = code;
        if (g.name.empty()) {
            g.name = name;
        }
        g.locaux += cell.locaux;
        g.raccordables += cell.raccordables;
        g.raccordes += cell.raccordes;
        group_denominators[code].add(denominator);
    }
    out.total.denominator = total.locaux;
    out.total.basis = total.basis;
    for (auto& [code, g] : groups) {
        if (const auto d = group_denominators.find(code); d != group_denominators.end()) {
            g.denominator = d->second.locaux;
            g.basis = d->second.basis;
        }
    }
    if (by_site) {
        // A PM is best known by its ARCEP reference; an NRO by its code.
        auto names = db.prepare("SELECT code, coalesce(nullif(ref_pm, ''), code) FROM site");
        std::unordered_map<std::string, std::string> site_name;
        while (names.step()) {
            site_name.emplace(names.text(0), names.text(1));
        }
        for (auto& [code, g] : groups) {
            if (auto it = site_name.find(code); it != site_name.end()) {
                g.name = by == StatusGrouping::pm ? it->second : code;
            }
        }
    }
    // ARCEP beside: each group its own level's figure; the total the sum of the figures of the
    // store's départements (those of the groups, when grouped by département).
    const char* level = by == StatusGrouping::epci          ? "epci"
                        : by == StatusGrouping::departement ? "departement"
                        : by == StatusGrouping::commune     ? "commune"
                                                            : nullptr;
    if (level != nullptr) {
        for (auto& [code, g] : groups) {
            g.arcep = beside(arcep, level, code, quarter, g.raccordables);
        }
    }
    {
        std::set<std::string> departements;
        for (const auto& [insee, ref] : communes) {
            if (!ref.departement.empty()) {
                departements.insert(ref.departement);
            }
        }
        std::optional<ArcepBeside> sum;
        for (const auto& dep : departements) {
            const auto b = beside(arcep, "departement", dep, quarter, 0);
            if (!b) {
                continue;
            }
            if (!sum) {
                sum = ArcepBeside{b->quarter, 0, std::nullopt, std::nullopt, "", 0};
            } else if (sum->quarter != b->quarter) {
                sum->quarter = std::min(sum->quarter, b->quarter); // the total is as old as its oldest part
            }
            sum->raccordables += b->raccordables;
        }
        if (sum) {
            sum->difference = out.total.raccordables - sum->raccordables;
            out.total.arcep = sum;
        }
    }
    out.total.code = "total";
    out.total.name = "Total";
    for (auto& [code, g] : groups) {
        out.groups.push_back(std::move(g));
    }
    return out;
}

} // namespace fibre::store
