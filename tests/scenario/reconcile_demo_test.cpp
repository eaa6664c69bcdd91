// On the demo département: the counts of `fibre reconcile` per mismatch kind equal what the
// generator's truth gives, counted here from truth/premises.csv (each premise's
// raccordable_since and the EtatImmeuble of its address) and truth/defects.csv (the addresses
// declared DEPLOYE whose PBO's cable was never laid).

#include "engine/support/text.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace fibre {
namespace {

using testing::run_fibre;

TEST(ReconcileDemo, CountsPerKindEqualTheTruth) {
    testing::TempDir dir;
    const auto out = dir / "demo";
    const auto db = (dir / "s.sqlite").string();
    auto r =
        run_fibre({"demo", "--generate-only", "--out", out.string(), "--premises", "3000", "--seed", "3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    r = run_fibre({"-q", "import", "--db", db, (out / "communes").string(), (out / "gracethd").string(),
                   (out / "ban").string(), (out / "ipe").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"-q", "analyze", "--db", db});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"reconcile", "--db", db, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto counts = nlohmann::json::parse(r.out);
    const std::string at = counts["at"];
    ASSERT_EQ(at.size(), 10U);

    // Per premise, from the truth: fed at the analysis date (ISO dates compare as text).
    long long declared_not_fed = 0;
    long long fed_undeployed = 0;
    long long fed_without_line = 0;
    long long on_demand_not_fed = 0;
    for (const auto& row : testing::read_csv_records(out / "truth" / "premises.csv")) {
        const auto& since = row.at("raccordable_since");
        const bool fed = !since.empty() && since <= at;
        const auto& state = row.at("ipe_state");
        if (state == "DEPLOYE" && !fed) {
            ++declared_not_fed;
        }
        // The demo leaves the PBOs raccordable on demand to build: waiting for its PBO, such a
        // premise is as declared, and no mismatch.
        on_demand_not_fed += state == "RACCORDABLE DEMANDE" && !fed ? 1 : 0;
        if ((state == "CIBLE" || state == "SIGNE" || state == "EN COURS DE DEPLOIEMENT") && fed) {
            ++fed_undeployed;
        }
        if (state.empty() && fed) {
            ++fed_without_line;
        }
    }
    EXPECT_GT(declared_not_fed, 0); // the demo injects addresses declared DEPLOYE and not fed
    EXPECT_GT(on_demand_not_fed, 0);
    EXPECT_EQ(counts["counts"]["declared_not_fed"], declared_not_fed);
    EXPECT_EQ(counts["counts"]["fed_declared_undeployed"], fed_undeployed);
    EXPECT_EQ(counts["counts"]["fed_without_line"], fed_without_line);
    // The demo dates the commercial opening 90 days after its zone was completed, when every
    // premise of the zone is fed; it writes an IPE line only for an address its PBOs serve.
    EXPECT_EQ(counts["counts"]["commercial_before_network"], 0);
    EXPECT_EQ(counts["counts"]["line_without_premise"], 0);
    // The injected ones are not fed because their PBO's cable was never laid (truth/defects.csv).
    std::set<std::string> injected;
    for (const auto& row : testing::read_csv_records(out / "truth" / "defects.csv")) {
        if (row.at("code") == "DECLARED_NOT_FED") {
            injected.insert(row.at("element_code"));
        }
    }
    ASSERT_FALSE(injected.empty());
    r = run_fibre({"reconcile", "--db", db, "--format", "json", "--list", "--kind", "declared_not_fed"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> listed;
    const auto list = nlohmann::json::parse(r.out);
    for (const auto& m : list["mismatches"]) {
        if (injected.contains(m["building_id"].get<std::string>())) {
            listed.insert(m["building_id"].get<std::string>());
            EXPECT_EQ(m["cause"], "cable_not_in_service") << m.dump();
            EXPECT_FALSE(m["element"].get<std::string>().empty());
        }
    }
    EXPECT_EQ(listed, injected);
}

// The demo's IPE file altered as an operator's files go wrong: 40 lines of fed addresses
// declared SIGNE, 30 commercially opened in 2010, 20 left out, one for an address that does
// not exist. Imported through the IPE reader, each kind counts the premises of those lines
// (NombreLogementsAdresseIPE: the demo's addresses hold that many premises of one locaux).
TEST(ReconcileDemo, AlteredIpeFileGivesEachKind) {
    testing::TempDir dir;
    const auto out = dir / "demo";
    const auto db = (dir / "s.sqlite").string();
    auto r =
        run_fibre({"demo", "--generate-only", "--out", out.string(), "--premises", "3000", "--seed", "4"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> injected;
    for (const auto& row : testing::read_csv_records(out / "truth" / "defects.csv")) {
        injected.insert(row.at("element_code"));
    }
    std::filesystem::path ipe;
    for (const auto& e : std::filesystem::directory_iterator(out / "ipe")) {
        ipe = e.path();
    }
    std::istringstream in(testing::read_file(ipe));
    std::string header;
    std::getline(in, header);
    const auto columns = text::split(header, ';');
    const auto column = [&](std::string_view name) {
        const auto it = std::find(columns.begin(), columns.end(), name);
        EXPECT_NE(it, columns.end()) << name;
        return static_cast<std::size_t>(it - columns.begin());
    };
    const auto state = column("EtatImmeuble");
    const auto commercial = column("DateMiseEnServiceCommercialeImmeuble");
    const auto hexacle = column("CodeAdresseImmeuble");
    const auto building = column("IdentifiantImmeuble");
    const auto logements = column("NombreLogementsAdresseIPE");
    std::ofstream altered(ipe, std::ios::trunc);
    altered << header << '\n';
    long long signe = 0;
    long long early = 0;
    long long left_out = 0;
    int deployed = 0;
    std::string line;
    std::string last;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        for (auto v : text::split(line, ';')) {
            f.emplace_back(v);
        }
        if (f[state] == "DEPLOYE" && !injected.contains(f[building])) {
            const long long n = std::stoll(f[logements]);
            ++deployed;
            if (deployed <= 40) {
                f[state] = "SIGNE";
                signe += n;
            } else if (deployed <= 70) {
                f[commercial] = "20100101";
                early += n;
            } else if (deployed <= 90) {
                left_out += n;
                continue;
            }
        }
        std::string joined;
        for (std::size_t i = 0; i < f.size(); ++i) {
            joined += (i == 0 ? "" : ";") + f[i];
        }
        altered << joined << '\n';
        last = joined;
    }
    // One more line, for an address no premise has.
    auto f = text::split(last, ';');
    std::string extra;
    for (std::size_t i = 0; i < f.size(); ++i) {
        extra += (i == 0 ? "" : ";") + std::string(i == hexacle    ? "17999ZZZZZ"
                                                   : i == building ? "IMB/17999/X/ZZZZZZ"
                                                                   : f[i]);
    }
    altered << extra << '\n';
    altered.close();
    ASSERT_EQ(deployed > 90, true);

    ASSERT_EQ(run_fibre({"init", "--db", db}).exit_code, 0);
    r = run_fibre({"-q", "import", "--db", db, (out / "communes").string(), (out / "gracethd").string(),
                   (out / "ban").string(), (out / "ipe").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"-q", "analyze", "--db", db});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_fibre({"reconcile", "--db", db, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto counts = nlohmann::json::parse(r.out);
    EXPECT_EQ(counts["counts"]["fed_declared_undeployed"], signe);
    EXPECT_EQ(counts["counts"]["commercial_before_network"], early);
    EXPECT_EQ(counts["counts"]["fed_without_line"], left_out);
    EXPECT_EQ(counts["counts"]["line_without_premise"], 1);
    EXPECT_GE(signe, 40);
}

} // namespace
} // namespace fibre
