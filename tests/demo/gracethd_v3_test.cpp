// The demo's GraceTHD delivery is the v3 standard: every table of the standard in every
// delivery folder, each with exactly the standard's columns in order; the v3 model (a local
// reaches its address through its building site); one folder per NRO zone, one zone split in
// two with shared codes; and each trap of truth/traps.csv is in the files as it says.

#include "engine/demo/demo.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/text.hpp"
#include "tests/support/test_support.hpp"

#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <ogrsf_frmts.h>
#include <regex>
#include <set>

namespace fibre::demo {
namespace {

namespace fs = std::filesystem;
using fibre::testing::TempDir;
using Row = std::map<std::string, std::string>;

// A département generated once, at a size where every trap is laid.
class V3Delivery : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        gdal::initialise();
        dir_ = new TempDir();
        DemoOptions options;
        options.out = dir_->path();
        options.premises = 6000;
        options.seed = 17;
        generate(options);
    }
    static void TearDownTestSuite() { delete dir_; }
    static fs::path path(const std::string& rel) { return dir_->path() / rel; }
    static std::vector<fs::path> deliveries() {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(path("gracethd"))) {
            if (e.is_directory()) {
                out.push_back(e.path());
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    static TempDir* dir_;
};
TempDir* V3Delivery::dir_ = nullptr;

// The standard's tables: name -> columns in order.
std::map<std::string, std::vector<std::string>> standard(const fs::path& columns_csv) {
    std::map<std::string, std::vector<std::string>> out;
    const std::string content = fibre::testing::read_file(columns_csv);
    bool header = true;
    for (auto line : text::split(text::strip_bom(content), '\n')) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        if (header) {
            header = false;
            continue;
        }
        const auto cells = text::split(line, ';');
        std::vector<std::string> columns;
        for (auto c : text::split(cells.at(3), ',')) {
            columns.emplace_back(c);
        }
        out[std::string(cells.at(0))] = columns;
    }
    return out;
}

// Field names of a .dbf, read from its header as written.
std::vector<std::string> dbf_fields(const fs::path& dbf) {
    const std::string content = fibre::testing::read_file(dbf);
    std::vector<std::string> out;
    const auto header_size = static_cast<std::size_t>(static_cast<unsigned char>(content.at(8)) |
                                                      (static_cast<unsigned char>(content.at(9)) << 8U));
    for (std::size_t at = 32; at + 32 <= header_size && content[at] != '\x0D'; at += 32) {
        std::string name = content.substr(at, 11);
        name.resize(std::strlen(name.c_str()));
        out.push_back(name);
    }
    return out;
}

std::vector<std::string> csv_header(const fs::path& csv) {
    const std::string content = fibre::testing::read_file(csv);
    EXPECT_EQ(content.substr(0, 3), "\xEF\xBB\xBF") << csv << ": no UTF-8 BOM";
    std::vector<std::string> out;
    const auto body = text::strip_bom(content);
    for (auto c : text::split(body.substr(0, body.find('\n')), ';')) {
        out.emplace_back(c);
    }
    return out;
}

// Compares every table of every delivery folder with the standard's lists.
void expect_conformant(const std::vector<fs::path>& folders,
                       const std::map<std::string, std::vector<std::string>>& want) {
    ASSERT_EQ(want.size(), 26U);
    ASSERT_FALSE(folders.empty());
    for (const auto& folder : folders) {
        SCOPED_TRACE(folder.string());
        std::set<std::string> seen;
        for (const auto& e : fs::directory_iterator(folder)) {
            const auto ext = e.path().extension().string();
            if (ext != ".csv" && ext != ".dbf") {
                continue;
            }
            const std::string table = e.path().stem().string();
            seen.insert(table);
            const auto it = want.find(table);
            if (it == want.end()) {
                ADD_FAILURE() << table << " is not a table of the standard";
                continue;
            }
            EXPECT_EQ(ext == ".csv" ? csv_header(e.path()) : dbf_fields(e.path()), it->second) << table;
        }
        std::set<std::string> tables;
        for (const auto& [name, columns] : want) {
            tables.insert(name);
        }
        EXPECT_EQ(seen, tables);
    }
}

TEST_F(V3Delivery, EveryTableHasExactlyTheColumnsOfTheShippedStandard) {
    expect_conformant(deliveries(),
                      standard(fibre::testing::source_dir() / "data" / "gracethd-v3-columns.csv"));
}

TEST_F(V3Delivery, EveryTableHasExactlyTheColumnsOfTheSharedStandard) {
    const fs::path shared =
        fibre::testing::source_dir() / ".." / "shared" / "data" / "gracethd-v3" / "columns.csv";
    if (!fs::exists(shared)) {
        GTEST_SKIP() << shared << " is absent: the check against the shared copy of the standard is skipped";
    }
    expect_conformant(deliveries(), standard(shared));
}

// Rows of a table of a delivery folder (CSV, or a shapefile's attributes with its geometry's first
// and last points as _x0 _y0 _x1 _y1).
std::vector<Row> table(const fs::path& folder, const std::string& name) {
    std::vector<Row> rows;
    if (fs::exists(folder / (name + ".csv"))) {
        return fibre::testing::read_csv_records(folder / (name + ".csv"), ';');
    }
    auto ds = gdal::open_vector((folder / (name + ".shp")).string());
    EXPECT_TRUE(ds) << folder / name;
    if (!ds) {
        return rows;
    }
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& f : *layer) {
        Row row;
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            row[f->GetFieldDefnRef(i)->GetNameRef()] =
                f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
        }
        const OGRGeometry* g = f->GetGeometryRef();
        if (g != nullptr && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            const auto* p = g->toPoint();
            row["_x0"] = row["_x1"] = fmt::format("{:.3f}", p->getX());
            row["_y0"] = row["_y1"] = fmt::format("{:.3f}", p->getY());
        } else if (g != nullptr && wkbFlatten(g->getGeometryType()) == wkbLineString) {
            const auto* l = g->toLineString();
            row["_x0"] = fmt::format("{:.3f}", l->getX(0));
            row["_y0"] = fmt::format("{:.3f}", l->getY(0));
            row["_x1"] = fmt::format("{:.3f}", l->getX(l->getNumPoints() - 1));
            row["_y1"] = fmt::format("{:.3f}", l->getY(l->getNumPoints() - 1));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::map<std::string, Row> by(const std::vector<Row>& rows, const std::string& key) {
    std::map<std::string, Row> out;
    for (const auto& r : rows) {
        out[r.at(key)] = r;
    }
    return out;
}

std::vector<Row> truth(const fs::path& file) {
    std::vector<Row> rows;
    const std::string content = fibre::testing::read_file(file);
    const auto header_end = content.find('\n');
    std::vector<std::string> header;
    for (auto c : text::split(std::string_view(content).substr(0, header_end), ',')) {
        header.emplace_back(c);
    }
    for (const auto& cells : fibre::testing::read_csv_rows(file)) {
        Row row;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) {
            row[header[i]] = cells[i];
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

TEST_F(V3Delivery, OneFolderPerNroZoneAndOneZoneInTwoHalves) {
    const std::regex name(R"(nro-17-\d{3}(-a|-b)?)");
    std::vector<std::string> halves;
    for (const auto& f : deliveries()) {
        const std::string n = f.filename().string();
        EXPECT_TRUE(std::regex_match(n, name)) << n;
        if (n.size() > 10) {
            halves.push_back(n);
        }
    }
    ASSERT_EQ(halves.size(), 2U);
    EXPECT_EQ(halves[0].substr(0, 10), halves[1].substr(0, 10));
    // The shared NRO: same code for its local, site and node in both halves, 1 m east in -b.
    const fs::path a = path("gracethd") / halves[0], b = path("gracethd") / halves[1];
    const auto nro_of = [](const fs::path& folder) {
        for (const auto& r : table(folder, "t_local")) {
            if (r.at("lc_typelog") == "NRO") {
                return r;
            }
        }
        return Row{};
    };
    const Row la = nro_of(a), lb = nro_of(b);
    ASSERT_FALSE(la.empty());
    EXPECT_EQ(la.at("lc_code"), lb.at("lc_code"));
    EXPECT_EQ(la.at("lc_st_code"), lb.at("lc_st_code"));
    const auto sa = by(table(a, "t_site"), "st_code"), sb = by(table(b, "t_site"), "st_code");
    const std::string node = sa.at(la.at("lc_st_code")).at("st_nd_code");
    EXPECT_EQ(node, sb.at(lb.at("lc_st_code")).at("st_nd_code"));
    const auto na = by(table(a, "t_noeud"), "nd_code"), nb = by(table(b, "t_noeud"), "nd_code");
    EXPECT_NEAR(std::stod(nb.at(node).at("_x0")) - std::stod(na.at(node).at("_x0")), 1.0, 1e-6);
    EXPECT_EQ(nb.at(node).at("_y0"), na.at(node).at("_y0"));
    // Codes of different things collide between the halves: each numbers from 1, the FTTH locals
    // after the shared ones.
    const auto ca = by(table(a, "t_local"), "lc_code"), cb = by(table(b, "t_local"), "lc_code");
    std::size_t collide = 0;
    for (const auto& [code, row] : ca) {
        collide += cb.count(code) && row.at("lc_typelog") == "FTTH" ? 1 : 0;
    }
    EXPECT_GT(collide, 0U);
    // Codes everywhere: two capital letters and 12 digits, numbered from 1 in each folder.
    const std::regex code(R"([A-Z]{2}\d{12})");
    for (const auto& f : deliveries()) {
        const auto locals = by(table(f, "t_local"), "lc_code");
        EXPECT_TRUE(locals.count("LC000000000001")) << f;
        for (const auto& [c, row] : locals) {
            EXPECT_TRUE(std::regex_match(c, code)) << c;
        }
    }
}

// A drop made is an RA cable from the local's PBO (cb_bp1, cb_nd1 its node) to a PTO (cb_bp2) at the
// node of the local's building (cb_nd2), the PTO inside that local (bp_lc_code), as many PTOs as RA
// cables, one for each premise the truth says is raccordé.
TEST_F(V3Delivery, DropsRunFromThePboToAPtoInTheLocal) {
    std::size_t drops = 0;
    for (const auto& f : deliveries()) {
        SCOPED_TRACE(f.string());
        const auto sites = by(table(f, "t_site"), "st_code");
        const auto locals = by(table(f, "t_local"), "lc_code");
        const auto boxes = by(table(f, "t_ebp"), "bp_code");
        std::set<std::string> ptos;
        for (const auto& [code, b] : boxes) {
            if (b.at("bp_typelog") == "PTO") {
                ptos.insert(code);
                EXPECT_TRUE(b.at("bp_pt_code").empty()) << code;
                ASSERT_TRUE(locals.count(b.at("bp_lc_code"))) << code;
                EXPECT_EQ(locals.at(b.at("bp_lc_code")).at("lc_typelog"), "FTTH");
                EXPECT_EQ(b.at("bp_statut"), "REC");
                EXPECT_FALSE(b.at("bp_dateins").empty());
            }
        }
        std::set<std::string> reached;
        for (const auto& c : table(f, "t_cable")) {
            if (c.at("cb_typelog") != "RA") {
                continue;
            }
            ++drops;
            const auto& pto = boxes.at(c.at("cb_bp2"));
            ASSERT_EQ(pto.at("bp_typelog"), "PTO");
            EXPECT_TRUE(reached.insert(c.at("cb_bp2")).second) << c.at("cb_code");
            const auto& local = locals.at(pto.at("bp_lc_code"));
            EXPECT_EQ(local.at("lc_bp_codf"), c.at("cb_bp1")) << c.at("cb_code");
            EXPECT_EQ(boxes.at(c.at("cb_bp1")).at("bp_typelog"), "PBO");
            EXPECT_EQ(sites.at(local.at("lc_st_code")).at("st_nd_code"), c.at("cb_nd2")) << c.at("cb_code");
            EXPECT_FALSE(c.at("cb_nd1").empty());
            EXPECT_EQ(c.at("cb_statut"), "REC");
            EXPECT_EQ(c.at("cb_avct"), "E");
        }
        EXPECT_EQ(reached, ptos);
    }
    std::size_t raccordes = 0;
    std::size_t raccordables = 0;
    for (const auto& row : fibre::testing::read_csv_records(path("truth/premises.csv"))) {
        raccordes += row.at("raccorde_since").empty() ? 0 : 1;
        raccordables += row.at("raccordable_since").empty() ? 0 : 1;
        if (!row.at("raccorde_since").empty()) {
            EXPECT_GE(row.at("raccorde_since"), row.at("raccordable_since")) << row.at("premise_code");
        }
    }
    EXPECT_EQ(raccordes, drops);
    // Take-up: a realistic share, neither none nor all.
    EXPECT_GT(raccordes, raccordables / 5);
    EXPECT_LT(raccordes, raccordables * 4 / 5);
}

TEST_F(V3Delivery, LocalsReachTheirAddressThroughTheirBuildingSite) {
    std::size_t shared_sites = 0, locals_seen = 0;
    for (const auto& f : deliveries()) {
        SCOPED_TRACE(f.string());
        const auto sites = by(table(f, "t_site"), "st_code");
        const auto addresses = by(table(f, "t_adresse"), "ad_code");
        const auto boxes = by(table(f, "t_ebp"), "bp_code");
        std::map<std::string, int> per_site;
        std::map<std::string, int> per_address;
        for (const auto& l : table(f, "t_local")) {
            if (l.at("lc_typelog") != "FTTH") {
                ASSERT_TRUE(sites.count(l.at("lc_st_code"))) << l.at("lc_code");
                EXPECT_EQ(sites.at(l.at("lc_st_code")).at("st_typelog"), "RESEAU");
                EXPECT_FALSE(l.at("lc_statut").empty()) << l.at("lc_code");
                continue;
            }
            ++locals_seen;
            EXPECT_TRUE(l.at("lc_statut").empty() && l.at("lc_avct").empty()) << l.at("lc_code");
            const auto it = sites.find(l.at("lc_st_code"));
            ASSERT_NE(it, sites.end()) << l.at("lc_code");
            EXPECT_EQ(it->second.at("st_typelog"), "CLIENT");
            EXPECT_TRUE(it->second.at("st_statut").empty() && it->second.at("st_avct").empty());
            ASSERT_TRUE(addresses.count(it->second.at("st_ad_code"))) << it->first;
            per_site[it->first] += 1;
            per_address[it->second.at("st_ad_code")] += 1;
            if (!l.at("lc_bp_codf").empty()) {
                EXPECT_TRUE(boxes.count(l.at("lc_bp_codf"))) << l.at("lc_code");
            }
        }
        for (const auto& [site, n] : per_site) {
            shared_sites += n > 1 ? 1 : 0;
        }
        for (const auto& [code, a] : addresses) {
            const int n = per_address[code];
            EXPECT_EQ(std::stoi(a.at("ad_nbfotth")), n) << code;
            EXPECT_EQ(std::stoi(a.at("ad_nblres")) + std::stoi(a.at("ad_nblpro")), n) << code;
        }
    }
    EXPECT_EQ(locals_seen, 6000U);
    EXPECT_GT(shared_sites, 0U); // apartment buildings
}

TEST_F(V3Delivery, EachTrapIsInTheFilesAsTheTruthSays) {
    std::map<std::string, std::vector<Row>> traps;
    for (const auto& r : truth(path("truth/traps.csv"))) {
        traps[r.at("trap")].push_back(r);
    }
    for (const char* name :
         {"shared_nro", "bpe_declared_to_build", "transport_bpe_and_pbo_in_one_chamber", "coincident_nodes",
          "reversed_cable_empty_end", "box_located_by_cables", "no_datemes"}) {
        ASSERT_TRUE(traps.count(name)) << name;
    }
    const auto folder = [&](const Row& r) { return path("gracethd") / r.at("delivery"); };
    {
        ASSERT_EQ(traps["shared_nro"].size(), 2U);
        for (const auto& r : traps["shared_nro"]) {
            EXPECT_EQ(by(table(folder(r), "t_local"), "lc_code").at(r.at("element_code")).at("lc_typelog"),
                      "NRO");
        }
    }
    {
        const Row& r = traps["bpe_declared_to_build"].front();
        const auto boxes = by(table(folder(r), "t_ebp"), "bp_code");
        const Row& bpe = boxes.at(r.at("element_code"));
        EXPECT_EQ(bpe.at("bp_typelog"), "BPE");
        EXPECT_EQ(bpe.at("bp_statut"), "PRO");
        EXPECT_EQ(bpe.at("bp_avct"), "C");
        int through = 0;
        for (const auto& c : table(folder(r), "t_cable")) {
            if (c.at("cb_bp1") == r.at("element_code") || c.at("cb_bp2") == r.at("element_code")) {
                ++through;
                EXPECT_EQ(c.at("cb_typelog"), "TR");
                EXPECT_EQ(c.at("cb_statut"), "REC");
                EXPECT_EQ(c.at("cb_avct"), "E");
            }
        }
        EXPECT_GE(through, 2);
    }
    {
        const Row& r = traps["transport_bpe_and_pbo_in_one_chamber"].front();
        const auto boxes = table(folder(r), "t_ebp");
        const Row pbo = by(boxes, "bp_code").at(r.at("element_code"));
        EXPECT_EQ(pbo.at("bp_typelog"), "PBO");
        std::string bpe;
        for (const auto& b : boxes) {
            if (b.at("bp_pt_code") == pbo.at("bp_pt_code") && b.at("bp_typelog") == "BPE") {
                bpe = b.at("bp_code");
            }
        }
        ASSERT_FALSE(bpe.empty()) << "no BPE in the PBO's chamber";
        bool transport = false, distribution = false;
        for (const auto& c : table(folder(r), "t_cable")) {
            transport =
                transport || (c.at("cb_typelog") == "TR" && (c.at("cb_bp1") == bpe || c.at("cb_bp2") == bpe));
            distribution =
                distribution || (c.at("cb_typelog") == "DI" && c.at("cb_bp2") == pbo.at("bp_code"));
        }
        EXPECT_TRUE(transport && distribution);
    }
    std::string nro_node;
    {
        const Row& r = traps["coincident_nodes"].front();
        const auto nodes = table(folder(r), "t_noeud");
        const Row pole = by(nodes, "nd_code").at(r.at("element_code"));
        std::vector<std::string> same;
        for (const auto& n : nodes) {
            if (n.at("_x0") == pole.at("_x0") && n.at("_y0") == pole.at("_y0") &&
                n.at("nd_code") != pole.at("nd_code")) {
                same.push_back(n.at("nd_code"));
            }
        }
        ASSERT_EQ(same.size(), 1U);
        nro_node = same.front();
        bool is_nro = false;
        for (const auto& s : table(folder(r), "t_site")) {
            is_nro = is_nro || (s.at("st_nd_code") == nro_node && s.at("st_typelog") == "RESEAU");
        }
        EXPECT_TRUE(is_nro);
        bool pole_pt = false;
        for (const auto& p : table(folder(r), "t_ptech")) {
            pole_pt = pole_pt || (p.at("pt_nd_code") == pole.at("nd_code") && p.at("pt_typephy") == "A");
        }
        EXPECT_TRUE(pole_pt);
    }
    {
        const Row& r = traps["reversed_cable_empty_end"].front();
        const Row c = by(table(folder(r), "t_cable"), "cb_code").at(r.at("element_code"));
        EXPECT_TRUE(c.at("cb_nd1").empty());
        EXPECT_TRUE(c.at("cb_ba1").empty());
        EXPECT_FALSE(c.at("cb_nd2").empty());
        EXPECT_EQ(c.at("cb_typelog"), "TR");
        const auto nodes = by(table(folder(r), "t_noeud"), "nd_code");
        for (const auto& l : table(folder(r), "t_cableline")) {
            if (l.at("cl_cb_code") == r.at("element_code")) {
                EXPECT_EQ(l.at("_x0"), nodes.at(c.at("cb_nd2")).at("_x0"));
                EXPECT_EQ(l.at("_x1"), nodes.at(nro_node).at("_x0"));
                EXPECT_EQ(l.at("_y1"), nodes.at(nro_node).at("_y0"));
            }
        }
    }
    {
        ASSERT_GE(traps["box_located_by_cables"].size(), 2U);
        for (const auto& r : traps["box_located_by_cables"]) {
            const Row b = by(table(folder(r), "t_ebp"), "bp_code").at(r.at("element_code"));
            EXPECT_TRUE(b.at("bp_pt_code").empty() && b.at("bp_lc_code").empty());
            const auto nodes = by(table(folder(r), "t_noeud"), "nd_code");
            int naming = 0;
            for (const auto& c : table(folder(r), "t_cable")) {
                if (c.at("cb_bp2") == r.at("element_code")) {
                    ++naming;
                    EXPECT_FALSE(c.at("cb_nd2").empty());
                    EXPECT_FALSE(nodes.count(c.at("cb_nd2"))) << c.at("cb_nd2");
                }
            }
            EXPECT_EQ(naming, 1);
        }
    }
    {
        const Row& r = traps["no_datemes"].front();
        EXPECT_EQ(r.at("delivery").size(), 10U); // a whole zone, not a half
        std::size_t dateins = 0;
        for (const char* t : {"t_cable", "t_ebp", "t_site", "t_local", "t_ptech"}) {
            for (const auto& row : table(folder(r), t)) {
                for (const auto& [k, v] : row) {
                    if (k.ends_with("_datemes")) {
                        EXPECT_TRUE(v.empty()) << t << " " << k;
                    }
                    dateins += k.ends_with("_dateins") && !v.empty() ? 1 : 0;
                }
            }
        }
        EXPECT_GT(dateins, 0U);
    }
}

} // namespace
} // namespace fibre::demo
