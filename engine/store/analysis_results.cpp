#include "engine/store/analysis_results.hpp"

#include "engine/store/database.hpp"
#include "engine/store/wkb.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fibre::store {
namespace {

bool has_column(Database& db, const char* table, const char* column) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, table).bind(2, column);
    return st.step();
}

} // namespace

AnalysisWriter::AnalysisWriter(Database& db) : db_(db), tx_(std::make_unique<Transaction>(db)) {
    db_.exec("CREATE TABLE IF NOT EXISTS worksite_outcome (worksite_code TEXT NOT NULL PRIMARY KEY, "
             "premises INTEGER NOT NULL, locaux INTEGER NOT NULL, analysis_run INTEGER NOT NULL); "
             "DELETE FROM worksite_outcome;");
    // The per-premise results are kept for the latest analysis only; each analysis' run and
    // status summary stay, a few thousand rows, so that a date question can still be answered
    // as an earlier analysis did once a newer delivery replaced what it saw.
    db_.exec("DELETE FROM premise_status; DELETE FROM defect;");
    // A store made before mismatches were stored gets their table here (schema.cpp has it).
    db_.exec(
        "CREATE TABLE IF NOT EXISTS declaration_mismatch (analysis_run INTEGER NOT NULL, kind TEXT NOT "
        "NULL, premise_id INTEGER, premise_code TEXT, building_id TEXT, hexacle TEXT, declared_state "
        "TEXT, insee TEXT, pm_code TEXT, pm_ref TEXT, raccordable_since TEXT, commercial_date TEXT, cause "
        "TEXT, element_code TEXT, element_from TEXT, address_text TEXT, x REAL, y REAL); "
        "DELETE FROM declaration_mismatch;");
    // A store made before analyses were kept learns here which imports each one saw.
    if (!has_column(db_, "analysis_run", "last_import_run")) {
        db_.exec("ALTER TABLE analysis_run ADD COLUMN last_import_run INTEGER");
    }
    // A store made before premises could be raccordés gets the column here.
    if (!has_column(db_, "premise_status", "raccorde_since")) {
        db_.exec("ALTER TABLE premise_status ADD COLUMN raccorde_since TEXT");
    }
    // Stores made by earlier versions indexed premise_status by date; no query reads that
    // index, and keeping it up to date doubled the time spent writing the statuses.
    db_.exec("DROP INDEX IF EXISTS premise_status_since");
    // The run's row comes first, for the statuses to point to; finish() fills it in.
    db_.exec("INSERT INTO analysis_run (computed_at, parameters_json, last_import_run) VALUES "
             "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{}', (SELECT coalesce(max(id), 0) FROM import_run))");
    run_id_ = db_.last_insert_id();
}

AnalysisWriter::~AnalysisWriter() = default;

void AnalysisWriter::write_statuses(std::span<const model::PremiseStatus> statuses) {
    auto st =
        db_.prepare("INSERT INTO premise_status (premise_code, pbo_code, pm_code, nro_code, "
                    "raccordable_since, optical_m, assignment, analysis_run, premise_id, delivery, pm_ref, "
                    "date_basis, raccorde_since) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    // Premises share a few thousand dates: each one's text is made once.
    Date last_date = Date::never();
    std::string last_iso;
    for (const auto& s : statuses) {
        st.bind_static(1, s.premise_code);
        st.bind_static_or_null(2, s.pbo_code);
        st.bind_static_or_null(3, s.pm_code);
        st.bind_static_or_null(4, s.nro_code);
        if (s.raccordable_since.is_never()) {
            st.bind_null(5);
        } else {
            if (s.raccordable_since != last_date) {
                last_date = s.raccordable_since;
                last_iso = last_date.iso();
            }
            st.bind_static(5, last_iso);
        }
        if (s.optical_m < 0) {
            st.bind_null(6);
        } else {
            st.bind(6, s.optical_m);
        }
        st.bind_static(7, model::to_string(s.assignment));
        st.bind(8, run_id_);
        st.bind(9, static_cast<long long>(s.premise_id));
        st.bind_static(10, s.delivery);
        st.bind_static_or_null(11, s.pm_ref);
        if (s.raccordable_since.is_never()) {
            st.bind_null(12);
        } else {
            st.bind_static(12, model::to_string(s.date_basis));
        }
        if (s.raccorde_since.is_never()) {
            st.bind_null(13);
        } else {
            st.bind(13, s.raccorde_since.iso());
        }
        st.run();
    }
}

void AnalysisWriter::write_mismatches(const std::vector<model::DeclarationMismatch>& mismatches) {
    auto st = db_.prepare(
        "INSERT INTO declaration_mismatch (analysis_run, kind, premise_id, premise_code, building_id, "
        "hexacle, "
        "declared_state, insee, pm_code, pm_ref, raccordable_since, commercial_date, cause, element_code, "
        "element_from, address_text, x, y) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto date_or_null = [&](int i, Date d) {
        if (d.is_never()) {
            st.bind_null(i);
        } else {
            st.bind(i, d.iso());
        }
    };
    for (const auto& m : mismatches) {
        st.bind(1, run_id_);
        st.bind_static(2, model::to_string(m.kind));
        if (m.premise_id == 0) {
            st.bind_null(3);
        } else {
            st.bind(3, static_cast<long long>(m.premise_id));
        }
        st.bind_text_or_null(4, m.premise_code);
        st.bind_text_or_null(5, m.building_id);
        st.bind_text_or_null(6, m.hexacle);
        st.bind_text_or_null(7, m.declared_state);
        st.bind_text_or_null(8, m.insee);
        st.bind_text_or_null(9, m.pm_code);
        st.bind_text_or_null(10, m.pm_ref);
        date_or_null(11, m.raccordable_since);
        date_or_null(12, m.commercial_date ? *m.commercial_date : Date::never());
        if (m.cause == model::FeedCause::none) {
            st.bind_null(13);
        } else {
            st.bind_static(13, model::to_string(m.cause));
        }
        st.bind_text_or_null(14, m.element_code);
        date_or_null(15, m.element_from);
        st.bind_text_or_null(16, m.address_text);
        if (m.position) {
            st.bind(17, m.position->x);
            st.bind(18, m.position->y);
        } else {
            st.bind_null(17);
            st.bind_null(18);
        }
        st.run();
    }
}

long long AnalysisWriter::finish(const AnalysisRun& run, const std::vector<model::Defect>& defects,
                                 const std::vector<StatusSummaryRow>& summary,
                                 const std::vector<model::WorksiteOutcome>& outcomes) {
    auto run_st = db_.prepare("UPDATE analysis_run SET computed_at = coalesce(?, computed_at), "
                              "parameters_json = ?, link_source = ?, timings_json = ?, premises = ?, "
                              "raccordables = ? WHERE id = ?");
    run_st.bind_text_or_null(1, run.computed_at);
    run_st.bind(2, run.parameters_json.empty() ? std::string("{}") : run.parameters_json);
    run_st.bind_text_or_null(3, run.link_source);
    run_st.bind_text_or_null(4, run.timings_json);
    run_st.bind(5, run.premises);
    run_st.bind(6, run.raccordables);
    run_st.bind(7, run_id_);
    run_st.run();

    auto defect_st =
        db_.prepare("INSERT INTO defect (analysis_run, code, severity, element_code, message, geom) "
                    "VALUES (?,?,?,?,?,GeomFromWKB(?, 2154))");
    for (const auto& d : defects) {
        defect_st.bind(1, run_id_);
        defect_st.bind(2, d.code);
        defect_st.bind(3, model::to_string(d.severity));
        defect_st.bind_text_or_null(4, d.element_code);
        defect_st.bind(5, d.message);
        if (d.position) {
            const auto bytes = wkb::encode(*d.position);
            defect_st.bind_blob(6, bytes.data(), bytes.size());
        } else {
            defect_st.bind_null(6);
        }
        defect_st.run();
    }
    // A store made before the summary carried PBOs and worksites gets the two columns here.
    if (!has_column(db_, "status_summary", "has_pbo")) {
        db_.exec("ALTER TABLE status_summary ADD COLUMN has_pbo INTEGER NOT NULL DEFAULT 0; "
                 "ALTER TABLE status_summary ADD COLUMN worksites TEXT NOT NULL DEFAULT ''");
    }
    auto summary_st =
        db_.prepare("INSERT INTO status_summary (insee, pm_code, nro_code, raccordable_since, locaux, "
                    "premises, analysis_run, has_pbo, worksites) VALUES (?,?,?,?,?,?,?,?,?)");
    for (const auto& row : summary) {
        summary_st.bind_text_or_null(1, row.insee);
        summary_st.bind_text_or_null(2, row.pm_code);
        summary_st.bind_text_or_null(3, row.nro_code);
        if (row.raccordable_since.is_never()) {
            summary_st.bind_null(4);
        } else {
            summary_st.bind(4, row.raccordable_since.iso());
        }
        summary_st.bind(5, row.locaux);
        summary_st.bind(6, row.premises);
        summary_st.bind(7, run_id_);
        summary_st.bind(8, row.has_pbo ? 1 : 0);
        summary_st.bind(9, row.worksites.empty() ? std::string() : nlohmann::json(row.worksites).dump());
        summary_st.run();
    }
    auto outcome_st = db_.prepare(
        "INSERT INTO worksite_outcome (worksite_code, premises, locaux, analysis_run) VALUES (?,?,?,?)");
    for (const auto& o : outcomes) {
        outcome_st.bind(1, o.worksite_code);
        outcome_st.bind(2, o.premises);
        outcome_st.bind(3, o.locaux);
        outcome_st.bind(4, run_id_);
        outcome_st.run();
    }
    tx_->commit();
    return run_id_;
}

long long write_analysis(Database& db, const AnalysisRun& run,
                         const std::vector<model::PremiseStatus>& statuses,
                         const std::vector<model::Defect>& defects,
                         const std::vector<StatusSummaryRow>& summary,
                         const std::vector<model::WorksiteOutcome>& outcomes) {
    AnalysisWriter writer(db);
    writer.write_statuses(statuses);
    return writer.finish(run, defects, summary, outcomes);
}

std::vector<StatusSummaryRow> read_status_summary(Database& db, std::vector<std::string>& pm_ref) {
    std::vector<StatusSummaryRow> out;
    pm_ref.clear();
    if (!has_column(db, "status_summary", "has_pbo") || !has_status_summary(db)) {
        return out;
    }
    // The PM reference comes from the site the analysis named; a code shared by two sites
    // (a duplicated delivery) takes the first one's reference.
    auto st = db.prepare(
        "SELECT s.insee, s.pm_code, s.nro_code, s.raccordable_since, s.locaux, s.premises, s.has_pbo, "
        "s.worksites, coalesce((SELECT nullif(ref_pm, '') FROM site WHERE site.code = s.pm_code ORDER BY id "
        "LIMIT 1), s.pm_code) FROM status_summary s WHERE s.analysis_run = (SELECT max(id) FROM "
        "analysis_run) "
        "ORDER BY s.rowid");
    while (st.step()) {
        auto& row = out.emplace_back();
        row.insee = st.text(0);
        row.pm_code = st.text(1);
        row.nro_code = st.text(2);
        if (const auto since = st.date(3)) {
            row.raccordable_since = *since;
        }
        row.locaux = st.integer(4);
        row.premises = st.integer(5);
        row.has_pbo = st.integer(6) != 0;
        if (const std::string worksites = st.text(7); !worksites.empty()) {
            row.worksites = nlohmann::json::parse(worksites).get<std::vector<std::string>>();
        }
        pm_ref.push_back(st.text(8));
    }
    return out;
}

bool has_status_summary(Database& db) {
    auto st =
        db.prepare("SELECT 1 FROM status_summary WHERE analysis_run = (SELECT max(id) FROM analysis_run) "
                   "LIMIT 1");
    return st.step();
}

std::vector<model::WorksiteOutcome> read_worksite_outcomes(Database& db) {
    std::vector<model::WorksiteOutcome> out;
    auto exists =
        db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'worksite_outcome'");
    if (!exists.step()) {
        return out;
    }
    auto st = db.prepare("SELECT worksite_code, premises, locaux FROM worksite_outcome "
                         "WHERE analysis_run = (SELECT max(id) FROM analysis_run) ORDER BY worksite_code");
    while (st.step()) {
        out.push_back({st.text(0), st.integer(1), st.integer(2)});
    }
    return out;
}

namespace {

constexpr const char* analysis_columns =
    "SELECT id, computed_at, parameters_json, link_source, timings_json, premises, raccordables, {} FROM "
    "analysis_run ";

AnalysisRun row_to_analysis(const Statement& st) {
    AnalysisRun run;
    run.id = st.integer(0);
    run.computed_at = st.text(1);
    run.parameters_json = st.text(2);
    run.link_source = st.text(3);
    run.timings_json = st.text(4);
    run.premises = st.integer(5);
    run.raccordables = st.integer(6);
    run.last_import_run = st.is_null(7) ? -1 : st.integer(7);
    return run;
}

std::string analysis_select(Database& db) {
    return fmt::format(fmt::runtime(analysis_columns),
                       has_column(db, "analysis_run", "last_import_run") ? "last_import_run" : "NULL");
}

} // namespace

std::optional<AnalysisRun> latest_analysis(Database& db) {
    auto st = db.prepare(analysis_select(db) + "ORDER BY id DESC LIMIT 1");
    if (!st.step()) {
        return std::nullopt;
    }
    return row_to_analysis(st);
}

std::optional<AnalysisRun> find_analysis(Database& db, long long id) {
    auto st = db.prepare(analysis_select(db) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    return row_to_analysis(st);
}

std::vector<AnalysisRun> read_analysis_runs(Database& db) {
    std::vector<AnalysisRun> out;
    auto st = db.prepare(analysis_select(db) + "ORDER BY id");
    while (st.step()) {
        out.push_back(row_to_analysis(st));
    }
    return out;
}

bool has_status_summary(Database& db, long long analysis_run) {
    auto st = db.prepare("SELECT 1 FROM status_summary WHERE analysis_run = ? LIMIT 1");
    st.bind(1, analysis_run);
    return st.step();
}

std::vector<std::string> imports_since(Database& db, const AnalysisRun& run) {
    std::vector<std::string> out;
    // Import ids only grow, and a replaced delivery's new rows come with a new id: an import
    // the analysis did not see has a larger id than the last it saw. A store analysed before
    // that was recorded compares times, to the second.
    // ARCEP's figures are read beside the analysis, never by it: they leave it up to date.
    auto st = run.last_import_run >= 0
                  ? db.prepare("SELECT coalesce(nullif(label, ''), source) FROM import_run WHERE id > ? "
                               "AND kind <> 'arcep' ORDER BY id")
                  : db.prepare("SELECT coalesce(nullif(label, ''), source) FROM import_run WHERE "
                               "coalesce(finished_at, started_at) > ? AND kind <> 'arcep' ORDER BY id");
    if (run.last_import_run >= 0) {
        st.bind(1, run.last_import_run);
    } else {
        st.bind(1, run.computed_at);
    }
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

std::vector<model::PremiseStatus> read_premise_statuses(Database& db) {
    std::vector<model::PremiseStatus> out;
    auto st = db.prepare(
        fmt::format("SELECT premise_code, pbo_code, pm_code, nro_code, raccordable_since, "
                    "optical_m, assignment, premise_id, delivery, pm_ref, date_basis, {} FROM "
                    "premise_status ORDER BY premise_code, delivery",
                    has_column(db, "premise_status", "raccorde_since") ? "raccorde_since" : "NULL"));
    while (st.step()) {
        model::PremiseStatus s;
        s.premise_code = st.text(0);
        s.pbo_code = st.text(1);
        s.pm_code = st.text(2);
        s.nro_code = st.text(3);
        if (!st.is_null(4)) {
            if (auto d = parse_date(st.text(4))) {
                s.raccordable_since = *d;
            }
        }
        s.optical_m = st.is_null(5) ? -1.0 : st.real(5);
        s.assignment = model::assignment_from_string(st.text(6));
        s.premise_id = st.integer(7);
        s.delivery = st.text(8);
        s.pm_ref = st.text(9);
        const auto basis = st.text(10);
        s.date_basis = basis == "installation" ? model::DateBasis::installation
                       : basis == "undated"    ? model::DateBasis::undated
                                               : model::DateBasis::commissioning;
        if (const auto since = st.date(11)) {
            s.raccorde_since = *since;
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<model::Defect> read_defects(Database& db) {
    std::vector<model::Defect> out;
    auto st = db.prepare("SELECT code, severity, element_code, message, AsBinary(geom) FROM defect "
                         "WHERE analysis_run = (SELECT max(id) FROM analysis_run) ORDER BY id");
    while (st.step()) {
        model::Defect d;
        d.code = st.text(0);
        d.severity = model::severity_from_string(st.text(1));
        d.element_code = st.text(2);
        d.message = st.text(3);
        std::size_t size = 0;
        const unsigned char* data = st.blob_data(4, size);
        if (data != nullptr) {
            d.position = wkb::decode_point(data, size);
        }
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace fibre::store
