#pragma once
/// @file tiny_rollout_store.hpp
/// A tiny store for the rollout figures, built in code through the store's writers:
///
///   y=6501000 +------------------+------------------+
///             | 17001 Alpha      | 17002 Beta       |      B4 (outside, no PBO)
///             | A1..A8 (PM FI-A) | B1..B3 (PM FI-B) |        x
///             | worksite W1      | worksite W2      |
///   y=6500000 +------------------+------------------+
///           x=400000          401000             402000     403500
///
/// Alpha's reference counts 12 locaux (10 logements + 2 établissements) but only 10 are
/// known as premises (A8 stands for 3). W1 started 2019-02-01, planned to end 2020-12-31,
/// suspended 2020-03-17..2020-05-11 (the spring-2020 lockdown), never finished. W2 is
/// planned for 2023-2024 and not started. W3 ran through 2019 and has no perimeter.

#include "engine/model/analysis.hpp"
#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace fibre::testing {

/// One premise of the tiny store and the truth about it.
struct TinyPremise {
    std::string code;
    std::string insee;
    int locaux;
    double x;
    double y;
    std::string pbo;   ///< empty: no PBO near it
    std::string pm;    ///< PM site code, empty when not fed
    std::string since; ///< raccordable since, empty: never
};

inline const std::vector<TinyPremise>& tiny_premises() {
    static const std::vector<TinyPremise> premises{
        {"A1", "17001", 1, 400100, 6500100, "PBO-1", "PM-A", "2019-05-10"},
        {"A2", "17001", 1, 400200, 6500200, "PBO-1", "PM-A", "2019-11-20"},
        {"A3", "17001", 1, 400300, 6500300, "PBO-2", "PM-A", "2020-02-01"},
        {"A4", "17001", 1, 400400, 6500400, "PBO-2", "PM-A", "2020-08-15"},
        {"A5", "17001", 1, 400500, 6500500, "PBO-3", "PM-A", "2021-03-31"},
        {"A6", "17001", 1, 400600, 6500600, "PBO-3", "PM-A", "2022-12-31"},
        {"A7", "17001", 1, 400700, 6500700, "PBO-4", "PM-A", ""},
        {"A8", "17001", 3, 400800, 6500800, "", "", ""},
        {"B1", "17002", 1, 401100, 6500100, "PBO-B1", "PM-B", "2021-06-30"},
        {"B2", "17002", 1, 401200, 6500200, "PBO-B2", "PM-B", ""},
        {"B3", "17002", 1, 401300, 6500300, "", "", ""},
        {"B4", "17002", 1, 403500, 6500500, "", "", ""},
    };
    return premises;
}

inline model::MultiPolygon square(double x0, double y0, double side) {
    model::Polygon p;
    p.rings.push_back({{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}});
    return {p};
}

/// Builds the tiny store at @p path.
inline void build_tiny_rollout_store(const std::filesystem::path& path) {
    auto db = store::Database::create(path);
    {
        store::Transaction tx(db);
        model::ImportRun run;
        run.kind = "test";
        run.source = "tiny";
        run.checksum = "tiny";
        run.label = "tiny";
        const long long id = store::begin_import_run(db, run);
        store::EntityWriter w(db, id);
        model::Commune alpha;
        alpha.insee = "17001";
        alpha.name = "Alpha";
        alpha.departement = "17";
        alpha.epci_siren = "200000001";
        alpha.epci_name = "CC Test";
        alpha.logements = 10;
        alpha.etablissements = 2;
        alpha.geometry = square(400000, 6500000, 1000);
        w.add(alpha);
        model::Commune beta = alpha;
        beta.insee = "17002";
        beta.name = "Beta";
        beta.logements = 0;
        beta.etablissements = 0;
        beta.geometry = square(401000, 6500000, 1000);
        w.add(beta);
        for (const auto& t : tiny_premises()) {
            model::Premise p;
            p.code = t.code;
            p.insee = t.insee;
            p.locaux = t.locaux;
            p.position = {t.x, t.y};
            p.address_code = "AD-" + t.code;
            w.add(p);
            model::Address a;
            a.code = "AD-" + t.code;
            a.insee = t.insee;
            a.hexacle = "HX" + t.code;
            a.position = p.position;
            w.add(a);
        }
        model::Declaration decl;
        decl.hexacle = "HXA1";
        decl.insee = "17001";
        decl.state = "DEPLOYE";
        w.add(decl);
        model::Site pma;
        pma.code = "PM-A";
        pma.type = "SRO";
        pma.ref_pm = "FI-A";
        pma.position = {400050, 6500050};
        w.add(pma);
        model::Site pmb = pma;
        pmb.code = "PM-B";
        pmb.ref_pm = "FI-B";
        pmb.position = {401050, 6500050};
        w.add(pmb);
        model::Zone za;
        za.code = "ZS-A";
        za.kind = "zsro";
        za.owner_code = "PM-A";
        za.ref_pm = "FI-A";
        za.geometry = square(400000, 6500000, 1000);
        w.add(za);
        // Links in W1's perimeter: 300 m in service since 2019, 200 m still to build.
        model::Link built;
        built.code = "CB-1";
        built.kind = model::LinkKind::cable;
        built.level = "DI";
        built.life.avct = "E";
        built.life.in_service = Date::from_ymd(2019, 3, 1);
        built.length_m = 300;
        built.geometry = {{400100, 6500100}, {400400, 6500100}};
        w.add(built);
        model::Link todo = built;
        todo.code = "CB-2";
        todo.life.avct = "C";
        todo.life.in_service.reset();
        todo.length_m = 200;
        todo.geometry = {{400400, 6500100}, {400600, 6500100}};
        w.add(todo);
        model::Link beta_todo = todo;
        beta_todo.code = "CB-3";
        beta_todo.length_m = 500;
        beta_todo.geometry = {{401100, 6500100}, {401600, 6500100}};
        w.add(beta_todo);

        model::Worksite w1;
        w1.code = "W1";
        w1.name = "Alpha PM FI-A";
        w1.kind = "distribution";
        w1.perimeter_ref = "FI-A";
        w1.planned_start = Date::from_ymd(2019, 1, 1);
        w1.planned_end = Date::from_ymd(2020, 12, 31);
        w1.actual_start = Date::from_ymd(2019, 2, 1);
        w1.suspensions.push_back({Date::from_ymd(2020, 3, 17), Date::from_ymd(2020, 5, 11), "lockdown"});
        w1.perimeter = square(400000, 6500000, 1000);
        w.add(w1);
        model::Worksite w2;
        w2.code = "W2";
        w2.name = "Beta PM FI-B";
        w2.kind = "distribution";
        w2.perimeter_ref = "FI-B";
        w2.planned_start = Date::from_ymd(2023, 1, 1);
        w2.planned_end = Date::from_ymd(2024, 6, 30);
        w2.perimeter = square(401000, 6500000, 1000);
        w.add(w2);
        model::Worksite w3;
        w3.code = "W3";
        w3.name = "Transport";
        w3.kind = "transport";
        w3.planned_start = Date::from_ymd(2019, 1, 1);
        w3.planned_end = Date::from_ymd(2019, 12, 31);
        w3.actual_start = Date::from_ymd(2019, 1, 1);
        w3.actual_end = Date::from_ymd(2019, 12, 31);
        w.add(w3);
        w.add(model::ArcepFigure{"departement", "17", "2022Q4", 8});
        w.add(model::ArcepFigure{"commune", "17001", "2022Q4", 7});
        store::finish_import_run(db, id, "{}");
        tx.commit();
    }
    std::vector<model::PremiseStatus> statuses;
    auto premise_id = db.prepare("SELECT id FROM premise WHERE code = ?");
    auto pm_ref = db.prepare("SELECT ref_pm FROM site WHERE code = ?");
    for (const auto& t : tiny_premises()) {
        model::PremiseStatus s;
        s.premise_code = t.code;
        premise_id.bind(1, t.code);
        s.premise_id = premise_id.step() ? premise_id.integer(0) : 0;
        premise_id.reset();
        s.delivery = "tiny";
        s.pbo_code = t.pbo;
        s.pm_code = t.pm;
        pm_ref.bind(1, t.pm);
        s.pm_ref = pm_ref.step() ? pm_ref.text(0) : std::string();
        pm_ref.reset();
        s.nro_code = t.pm.empty() ? "" : "NRO-1";
        if (!t.since.empty()) {
            s.raccordable_since = *parse_date(t.since);
            s.optical_m = 1234.5;
        }
        s.assignment = t.pbo.empty() ? model::Assignment::none : model::Assignment::declared;
        statuses.push_back(s);
    }
    store::AnalysisRun run;
    run.computed_at = "2023-01-01T00:00:00Z";
    run.parameters_json = "{}";
    store::write_analysis(db, run, statuses, {});
}

/// Locaux raccordables at @p day by the truth table (not by the code under test).
inline long long tiny_raccordables_at(Date day) {
    long long n = 0;
    for (const auto& t : tiny_premises()) {
        if (!t.since.empty() && *parse_date(t.since) <= day) {
            n += t.locaux;
        }
    }
    return n;
}

} // namespace fibre::testing
