// Why locaux are not raccordable, when they are expected, and how far the data goes, on a
// tiny store built for it:
//
//   y=6501000 +--------------------------+--------------------------+
//             | 17001 Alpha (12 locaux   | 17002 Beta               |   B4 (outside)
//             |  by its reference)       |  G1, B5: no PM           |     x
//             |  PM zones FI-R FI-S FI-P |  WN and WM (no PM zone   |
//             |  FI-O FI-C FI-X; N1 with |  named) both hold them   |
//             |  no PM inside WR's hull  |                          |
//             |        L1 =======(mid)===|====> L2 ====             |
//   y=6500000 +--------------------------+--------------------------+
//           x=400000                  401000                     402000
//
// On 2024-06-30: WR active (planned end 2025-06-30), WS suspended since 2024-01-01 (planned
// end 2024-12-31), WP not started (planned end 2025-09-30), WO not started and past its
// planned end (2024-03-31), WC completed 2023-12-31, WX abandoned 2023-06-01, WM active since
// 2023-01-01 and WN active since 2024-01-01 (both planned to end 2024-12-31).
// Every Alpha worksite is drawn as the whole commune but WR, drawn as its eastern half.
// L1 (400 m, to build) runs from Alpha into Beta through the Alpha hulls, WM and WN; its
// midpoint is in Alpha, in WR's perimeter, the smallest holding it. L2 (200 m, to build) lies in WM and WN,
// both holding its midpoint.

#include "engine/rollout/remaining.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/rollout/worksite_figures.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/entities.hpp"
#include "engine/store/provenance.hpp"
#include "tests/rollout/tiny_rollout_store.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fibre::rollout {
namespace {

struct CausePremise {
    std::string code;
    std::string insee;
    double x;
    double y;
    std::string pm;       ///< PM site code ("" when none)
    std::string since;    ///< raccordable since ("" never)
    std::string ipe;      ///< IPE EtatImmeuble declared for its address ("" none)
    std::string ad_state; ///< its address' ad_ietat
    std::string truth;    ///< the cause on 2024-06-30 by the definitions of docs/rollout-figures.md
};

const std::vector<CausePremise>& cause_premises() {
    static const std::vector<CausePremise> premises{
        {"R1", "17001", 400100, 6500100, "PM-R", "2023-09-01", "", "", "raccordable"},
        {"R2", "17001", 400150, 6500150, "PM-R", "", "", "", "running"},
        {"S1", "17001", 400200, 6500200, "PM-S", "", "", "", "suspended"},
        {"P1", "17001", 400250, 6500250, "PM-P", "", "", "", "planned"},
        {"O1", "17001", 400300, 6500300, "PM-O", "", "", "", "planned"},
        {"C1", "17001", 400350, 6500350, "PM-C", "", "", "", "left_behind"},
        {"X1", "17001", 400400, 6500400, "PM-X", "", "", "", "abandoned"},
        {"A1", "17001", 400450, 6500450, "PM-R", "", "ABANDONNE", "EC", "abandoned"},
        {"D1", "17001", 400500, 6500520, "PM-R", "", "", "RD", "on_demand"},
        {"N1", "17001", 400600, 6500600, "", "", "", "", "no_plan"},
        {"G1", "17002", 401500, 6500700, "", "", "", "", "running"},
        {"B5", "17002", 401600, 6500800, "", "2024-02-01", "", "", "raccordable"},
        {"B4", "17002", 403500, 6500500, "", "", "", "", "no_plan"},
    };
    return premises;
}

model::Worksite worksite(const char* code, const char* ref, const char* planned_end,
                         const char* actual_start = nullptr, const char* actual_end = nullptr) {
    model::Worksite w;
    w.code = code;
    w.name = code;
    w.kind = "distribution";
    w.perimeter_ref = ref;
    w.planned_start = Date::from_ymd(2023, 1, 1);
    w.planned_end = parse_date(planned_end);
    if (actual_start) {
        w.actual_start = parse_date(actual_start);
    }
    if (actual_end) {
        w.actual_end = parse_date(actual_end);
    }
    // Every PM worksite is drawn as the hull of the whole commune: it spills over the
    // neighbours, as delivered perimeters do.
    w.perimeter = testing::square(400000, 6500000, 1000);
    return w;
}

void build_cause_store(const std::filesystem::path& path, bool analysed) {
    auto db = store::Database::create(path);
    {
        store::Transaction tx(db);
        model::ImportRun run;
        run.kind = "test";
        run.source = "causes";
        run.checksum = "causes";
        run.label = "causes";
        const long long id = store::begin_import_run(db, run);
        store::EntityWriter w(db, id);
        model::Commune alpha;
        alpha.insee = "17001";
        alpha.name = "Alpha";
        alpha.departement = "17";
        alpha.logements = 12;
        alpha.geometry = testing::square(400000, 6500000, 1000);
        w.add(alpha);
        model::Commune beta = alpha;
        beta.insee = "17002";
        beta.name = "Beta";
        beta.logements = 0;
        beta.geometry = testing::square(401000, 6500000, 1000);
        w.add(beta);
        for (const auto& t : cause_premises()) {
            model::Premise p;
            p.code = t.code;
            p.insee = t.insee;
            p.locaux = 1;
            p.position = {t.x, t.y};
            p.address_code = "AD-" + t.code;
            w.add(p);
            model::Address a;
            a.code = "AD-" + t.code;
            a.insee = t.insee;
            a.hexacle = "HX" + t.code;
            a.state = t.ad_state;
            a.position = p.position;
            w.add(a);
            if (!t.ipe.empty()) {
                model::Declaration d;
                d.hexacle = a.hexacle;
                d.insee = t.insee;
                d.state = t.ipe;
                d.modified = Date::from_ymd(2024, 6, 30); // the newest date of the data
                w.add(d);
            }
        }
        for (const char* pm : {"R", "S", "P", "O", "C", "X"}) {
            model::Site s;
            s.code = std::string("PM-") + pm;
            s.type = "SRO";
            s.ref_pm = std::string("FI-") + pm;
            s.position = {400050, 6500050};
            w.add(s);
        }
        model::Link l1;
        l1.code = "L1";
        l1.kind = model::LinkKind::cable;
        l1.level = "DI";
        l1.life.avct = "C";
        l1.length_m = 400;
        l1.geometry = {{400700, 6500500}, {401100, 6500500}};
        w.add(l1);
        model::Link l2 = l1;
        l2.code = "L2";
        l2.length_m = 200;
        l2.geometry = {{401200, 6500500}, {401400, 6500500}};
        w.add(l2);
        model::Link l3 = l1;
        l3.code = "L3";
        l3.life.avct = "E";
        l3.life.in_service = Date::from_ymd(2023, 5, 1);
        l3.length_m = 300;
        l3.geometry = {{400100, 6500900}, {400400, 6500900}};
        w.add(l3);

        auto wr = worksite("WR", "FI-R", "2025-06-30", "2023-01-01");
        wr.perimeter = testing::square(400500, 6500000, 500); // the smallest perimeter holding L1's midpoint
        w.add(wr);
        auto ws = worksite("WS", "FI-S", "2024-12-31", "2023-03-01");
        ws.suspensions.push_back({Date::from_ymd(2024, 1, 1), std::nullopt, "permission de voirie"});
        w.add(ws);
        w.add(worksite("WP", "FI-P", "2025-09-30"));
        w.add(worksite("WO", "FI-O", "2024-03-31"));
        w.add(worksite("WC", "FI-C", "2023-12-31", "2023-01-01", "2023-12-31"));
        auto wx = worksite("WX", "FI-X", "2024-12-31", "2023-01-01");
        wx.abandoned = Date::from_ymd(2023, 6, 1);
        w.add(wx);
        auto wm = worksite("WM", "", "2024-12-31", "2023-01-01");
        wm.perimeter = testing::square(401000, 6500000, 1000);
        w.add(wm);
        auto wn = worksite("WN", "", "2024-12-31", "2024-01-01");
        wn.perimeter = testing::square(401000, 6500000, 1000);
        w.add(wn);
        store::finish_import_run(db, id, "{}");
        tx.commit();
    }
    if (!analysed) {
        return;
    }
    std::vector<model::PremiseStatus> statuses;
    auto premise_id = db.prepare("SELECT id FROM premise WHERE code = ?");
    for (const auto& t : cause_premises()) {
        model::PremiseStatus s;
        s.premise_code = t.code;
        premise_id.bind(1, t.code);
        s.premise_id = premise_id.step() ? premise_id.integer(0) : 0;
        premise_id.reset();
        s.delivery = "causes";
        s.pm_code = t.pm;
        s.pm_ref = t.pm.empty() ? "" : "FI-" + t.pm.substr(3);
        s.pbo_code = t.pm.empty() ? "" : "PBO-" + t.code;
        s.nro_code = t.pm.empty() ? "" : "NRO-1";
        if (!t.since.empty()) {
            s.raccordable_since = *parse_date(t.since);
        }
        s.assignment = t.pm.empty() ? model::Assignment::none : model::Assignment::declared;
        statuses.push_back(s);
    }
    store::AnalysisRun run;
    run.computed_at = "2024-07-01T00:00:00Z";
    run.parameters_json = "{}";
    store::write_analysis(db, run, statuses, {});
}

// The truth table's count of one cause.
long long truth_count(const std::string& cause, const std::string& insee = "") {
    long long n = 0;
    for (const auto& t : cause_premises()) {
        n += t.truth == cause && (insee.empty() || t.insee == insee) ? 1 : 0;
    }
    return n;
}

class RemainingCauses : public ::testing::Test {
protected:
    void SetUp() override {
        build_cause_store(db_path(), true);
        db_ = std::make_unique<store::Database>(store::Database::open(db_path()));
        data_ = RolloutData::load(*db_);
    }
    [[nodiscard]] std::filesystem::path db_path() const { return dir_ / "causes.sqlite"; }
    testing::TempDir dir_;
    std::unique_ptr<store::Database> db_;
    RolloutData data_;
    const Date at_ = Date::from_ymd(2024, 6, 30);
};

void expect_causes_equal_the_truth(const RemainingByCause& c, const std::string& insee) {
    EXPECT_EQ(c.running, truth_count("running", insee)) << insee;
    EXPECT_EQ(c.suspended, truth_count("suspended", insee)) << insee;
    EXPECT_EQ(c.planned, truth_count("planned", insee)) << insee;
    EXPECT_EQ(c.left_behind, truth_count("left_behind", insee)) << insee;
    EXPECT_EQ(c.no_plan, truth_count("no_plan", insee)) << insee;
    EXPECT_EQ(c.abandoned, truth_count("abandoned", insee)) << insee;
    EXPECT_EQ(c.on_demand, truth_count("on_demand", insee)) << insee;
}

TEST_F(RemainingCauses, EachCauseCountsWhatItSays) {
    const auto r = compute_remaining(data_, Target{}, at_);
    EXPECT_EQ(r.locaux, 12 + 3);
    EXPECT_EQ(r.raccordables, truth_count("raccordable"));
    expect_causes_equal_the_truth(r.by_cause, "");
    EXPECT_EQ(r.by_cause.overdue_not_started, 1); // O1: WO is past its planned end, not started
    EXPECT_EQ(r.by_cause.not_located, 2);         // Alpha's reference counts 12, 10 are known
    EXPECT_EQ(r.by_cause.total(), r.locaux - r.raccordables);
}

TEST_F(RemainingCauses, AnOverlappedPremiseIsBroughtByOneWorksite) {
    // N1 lies in every Alpha hull but no worksite builds its PM zone; G1 and B5 lie in WM and
    // WN, WN started later and takes them.
    const auto at = [&](const std::string& code) {
        for (std::size_t i = 0; i < data_.premises.size(); ++i) {
            if (data_.premises[i].code == code) {
                return i;
            }
        }
        ADD_FAILURE() << code;
        return std::size_t{0};
    };
    EXPECT_TRUE(data_.premise_worksites[at("N1")].empty());
    ASSERT_EQ(data_.premise_worksites[at("G1")].size(), 1U);
    EXPECT_EQ(data_.worksites[data_.premise_worksites[at("G1")].front()].code, "WN");
    ASSERT_EQ(data_.premise_worksites[at("R2")].size(), 1U);
    EXPECT_EQ(data_.worksites[data_.premise_worksites[at("R2")].front()].code, "WR");
    long long brought = 0;
    for (const auto& f : compute_worksites(data_, at_)) {
        brought += f.locaux;
    }
    long long in_a_worksite = 0;
    for (const auto& list : data_.premise_worksites) {
        in_a_worksite += static_cast<long long>(list.size());
    }
    EXPECT_EQ(brought, in_a_worksite); // each premise counts in one worksite at most
    EXPECT_EQ(in_a_worksite, 11);      // every premise but N1 and B4
}

TEST_F(RemainingCauses, KmCountOnceAndAddUpPerCommune) {
    const auto r = compute_remaining(data_, Target{}, at_);
    EXPECT_NEAR(r.by_cause.running_km, 0.6, 1e-9); // L1 (WR) + L2 (WM: first by code of two equals)
    EXPECT_NEAR(r.by_cause.suspended_km + r.by_cause.planned_km, 0.0, 1e-9);
    const auto by = compute_remaining_by(data_, Target{}, at_, Grouping::commune);
    ASSERT_EQ(by.size(), 2U);
    EXPECT_NEAR(by[0].figures.by_cause.km(), 0.4, 1e-9); // L1's midpoint is in Alpha
    EXPECT_NEAR(by[1].figures.by_cause.km(), 0.2, 1e-9);
    EXPECT_NEAR(by[0].figures.by_cause.km() + by[1].figures.by_cause.km(), r.by_cause.km(), 1e-9);
    long long causes = 0;
    for (const auto& a : by) {
        expect_causes_equal_the_truth(a.figures.by_cause, a.code);
        causes += a.figures.by_cause.total();
    }
    EXPECT_EQ(causes, r.by_cause.total());
}

TEST_F(RemainingCauses, ExpectedDatePerCommune) {
    const auto by = compute_remaining_by(data_, Target{}, at_, Grouping::commune);
    ASSERT_EQ(by.size(), 2U);
    // Alpha: R2, S1, P1 at their worksites' planned ends; O1 (overdue), C1 and N1 by the pace
    // of 1 local a year (R1 in 2023Q3): 3 locaux, 12 quarters after 2024Q2.
    const auto& alpha = by[0].figures.expected;
    EXPECT_EQ(alpha.by_worksites, 3);
    EXPECT_EQ(alpha.by_pace, 3);
    EXPECT_TRUE(alpha.overdue);
    ASSERT_TRUE(alpha.date.has_value());
    EXPECT_EQ(alpha.date->iso(), "2027-06-30");
    EXPECT_EQ(alpha.worksites, (std::vector<std::string>{"WO", "WP", "WR", "WS"}));
    // Beta: G1 at WN's planned end; B4 by the pace (B5 in 2024Q1): 4 quarters after 2024Q2.
    const auto& beta = by[1].figures.expected;
    EXPECT_EQ(beta.by_worksites, 1);
    EXPECT_EQ(beta.by_pace, 1);
    EXPECT_FALSE(beta.overdue);
    ASSERT_TRUE(beta.date.has_value());
    EXPECT_EQ(beta.date->iso(), "2025-06-30");
    EXPECT_EQ(beta.worksites, (std::vector<std::string>{"WN"}));
    // Before any pace: the part left to the pace has no date.
    const auto early = compute_remaining_by(data_, Target{}, Date::from_ymd(2023, 6, 30), Grouping::commune);
    EXPECT_FALSE(early[0].figures.expected.date.has_value());
    EXPECT_FALSE(early[0].figures.expected.nothing_to_build);
}

TEST_F(RemainingCauses, TheDataDateIsTheNewestActualDate) {
    ASSERT_TRUE(data_.data_date.has_value());
    EXPECT_EQ(data_.data_date->iso(), "2024-06-30"); // the IPE modification date beats the worksites'
    EXPECT_FALSE(beyond_data(data_.data_date, at_));
    EXPECT_TRUE(beyond_data(data_.data_date, Date::from_ymd(2024, 7, 1)));
}

TEST_F(RemainingCauses, FiguresBeyondTheDataSaySo) {
    auto r = testing::run_fibre(
        {"remaining", "--db", db_path().string(), "--at", "2024-09-30", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("after the newest data (2024-06-30)"), std::string::npos) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["at"], "2024-09-30");
    EXPECT_EQ(j["data_date"], "2024-06-30");
    EXPECT_EQ(j["beyond_data_date"], true);
    EXPECT_EQ(j["by_cause"]["total"]["locaux"], j["not_raccordable"]);

    r = testing::run_fibre(
        {"remaining", "--db", db_path().string(), "--at", "2024-06-30", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("after the newest data"), std::string::npos) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["beyond_data_date"], false);
    EXPECT_EQ(j["by_cause"]["abandoned"]["locaux"], truth_count("abandoned"));

    r = testing::run_fibre({"worksites", "--db", db_path().string(), "--at", "2024-09-30"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("at 2024-09-30, data up to 2024-06-30"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("after the newest data"), std::string::npos) << r.err;
    r = testing::run_fibre({"progress", "--db", db_path().string(), "--to", "2024Q4", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["data_date"], "2024-06-30");
    EXPECT_EQ(j["beyond_data_date"], true);
    EXPECT_NE(r.err.find("after the newest data"), std::string::npos) << r.err;
}

TEST(RemainingWithoutAnalysis, CommandsRefuseAStoreNeverAnalysed) {
    testing::TempDir dir;
    const auto db = (dir / "raw.sqlite").string();
    build_cause_store(db, false);
    const auto status = testing::run_fibre({"status", "--db", db});
    ASSERT_EQ(status.exit_code, 1);
    ASSERT_NE(status.err.find("holds no analysis"), std::string::npos) << status.err;
    const std::vector<std::vector<std::string>> commands{
        {"progress", "--db", db},
        {"remaining", "--db", db},
        {"worksites", "--db", db},
        {"report", "--db", db, "--at", "2024Q2", "--out", (dir / "report").string()},
        {"export", "--db", db, "--out", (dir / "out.gpkg").string()},
    };
    for (const auto& args : commands) {
        const auto r = testing::run_fibre(args);
        EXPECT_EQ(r.exit_code, 1) << args[0];
        EXPECT_EQ(r.err, status.err) << args[0];
        EXPECT_TRUE(r.out.empty()) << args[0] << ": " << r.out;
    }
}

} // namespace
} // namespace fibre::rollout
