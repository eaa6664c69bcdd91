#include "engine/report/figures_output.hpp"

#include "engine/report/print_format.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fibre::report {

namespace {

bool looks_numeric(const std::string& s) {
    if (s.empty()) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == '%';
    });
}

// "12.5", "-0.125": digits, one point, digits. Dates (2022-12-31) and codes are not.
bool is_decimal_number(const std::string& s) {
    std::size_t i = s.empty() || s[0] != '-' ? 0 : 1;
    const std::size_t first = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        ++i;
    }
    if (i == first || i >= s.size() || s[i] != '.') {
        return false;
    }
    const std::size_t point = i++;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        ++i;
    }
    return i == s.size() && i > point + 1;
}

std::string date_or_empty(const std::optional<Date>& d) {
    return d ? d->iso() : std::string();
}

nlohmann::json date_or_null(const std::optional<Date>& d) {
    return d ? nlohmann::json(d->iso()) : nlohmann::json(nullptr);
}

double round_to(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

std::string metres_as_km(double m) {
    return fmt::format("{:.3f}", m / 1000.0);
}

} // namespace

std::string group_digits(long long n, bool french) {
    return format_integer(n, french ? Lang::fr : Lang::en);
}

std::string percent(double ratio) {
    return fmt::format("{:.1f}", ratio * 100.0);
}

std::string to_text(const Table& t) {
    std::vector<std::size_t> width(t.header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
            // Count code points, not bytes, so that accented names line up.
            std::size_t n = 0;
            for (unsigned char c : row[i]) {
                n += (c & 0xC0) != 0x80;
            }
            width[i] = std::max(width[i], n);
        }
    };
    measure(t.header);
    for (const auto& r : t.rows) {
        measure(r);
    }
    std::string out;
    auto write = [&](const std::vector<std::string>& row, bool header) {
        for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
            std::size_t n = 0;
            for (unsigned char c : row[i]) {
                n += (c & 0xC0) != 0x80;
            }
            const std::string pad(width[i] - n, ' ');
            if (i > 0) {
                out += "  ";
            }
            out += !header && looks_numeric(row[i]) ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
        }
        out += '\n';
    };
    write(t.header, true);
    for (const auto& r : t.rows) {
        write(r, false);
    }
    return out;
}

std::string to_csv(const Table& t, CsvStyle style) {
    std::string out = style.bom ? "\xEF\xBB\xBF" : "";
    const std::string eol = style.bom ? "\r\n" : "\n";
    auto field = [&](const std::string& text) {
        std::string s = text;
        if (style.decimal != '.' && is_decimal_number(s)) {
            s[s.find('.')] = style.decimal;
        }
        if (s.find_first_of(std::string("\"\r\n") + style.separator) == std::string::npos) {
            return s;
        }
        std::string q = "\"";
        for (char c : s) {
            q += c;
            if (c == '"') {
                q += '"';
            }
        }
        return q + "\"";
    };
    auto write = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                out += style.separator;
            }
            out += field(row[i]);
        }
        out += eol;
    };
    write(t.header);
    for (const auto& r : t.rows) {
        write(r);
    }
    return out;
}

Table worksites_table(const rollout::RolloutData& d, const std::vector<rollout::WorksiteFigures>& figures,
                      std::optional<Date> at) {
    Table t;
    t.header = {"code",
                "name",
                "state",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "suspended_days",
                "planned_km",
                "built_km",
                "locaux",
                "raccordables",
                "locaux_on_completion"};
    if (at) {
        t.header.emplace_back("at");
        t.header.emplace_back("data_date");
    }
    for (const auto& f : figures) {
        const auto& w = d.worksites[f.worksite];
        t.rows.push_back({w.code, w.name, rollout::to_string(f.state), date_or_empty(w.planned_start),
                          date_or_empty(w.planned_end), date_or_empty(w.actual_start),
                          date_or_empty(w.actual_end), std::to_string(f.suspended_days),
                          metres_as_km(f.planned_length_m), metres_as_km(f.built_length_m),
                          std::to_string(f.locaux), std::to_string(f.raccordables),
                          std::to_string(f.locaux_on_completion)});
        if (at) {
            t.rows.back().push_back(at->iso());
            t.rows.back().push_back(date_or_empty(d.data_date));
        }
    }
    return t;
}

Table worksite_totals_table(const std::vector<rollout::WorksiteFigures>& figures) {
    Table t;
    t.header = {"state", "worksites"};
    const auto counts = rollout::count_states(figures);
    for (auto s : rollout::all_worksite_states) {
        t.rows.push_back({rollout::to_string(s), std::to_string(counts[static_cast<std::size_t>(s)])});
    }
    t.rows.push_back({"total", std::to_string(figures.size())});
    return t;
}

namespace {

std::vector<std::string> quarter_cells(const rollout::QuarterFigures& q, bool with_arcep) {
    std::vector<std::string> row{q.quarter.str(),         std::to_string(q.raccordables),
                                 std::to_string(q.added), std::to_string(q.locaux),
                                 percent(q.coverage),     std::to_string(q.worksites_active)};
    if (with_arcep) {
        row.push_back(q.arcep ? std::to_string(*q.arcep) : "");
        row.push_back(q.arcep ? std::to_string(q.raccordables - *q.arcep) : "");
    }
    row.push_back(model::to_string(q.basis));
    row.push_back(std::to_string(q.raccordes));
    row.push_back(percent(q.take_up));
    return row;
}

bool has_arcep(const rollout::Progress& p) {
    auto any = [](const std::vector<rollout::QuarterFigures>& qs) {
        return std::any_of(qs.begin(), qs.end(), [](const auto& q) { return q.arcep.has_value(); });
    };
    if (any(p.quarters)) {
        return true;
    }
    return std::any_of(p.areas.begin(), p.areas.end(), [&](const auto& a) { return any(a.quarters); });
}

nlohmann::json quarter_json(const rollout::QuarterFigures& q) {
    nlohmann::json j{{"quarter", q.quarter.str()},
                     {"raccordables", q.raccordables},
                     {"new", q.added},
                     {"locaux", q.locaux},
                     {"coverage", round_to(q.coverage, 6)},
                     {"worksites_active", q.worksites_active},
                     {"raccordes", q.raccordes},
                     {"take_up", round_to(q.take_up, 6)}};
    if (q.arcep) {
        j["arcep_raccordables"] = *q.arcep;
        j["difference"] = q.raccordables - *q.arcep;
    }
    j["denominator_basis"] = model::to_string(q.basis);
    return j;
}

} // namespace

namespace {

Table progress_rows(const rollout::Progress& p) {
    const bool arcep = has_arcep(p);
    Table t;
    std::vector<std::string> base{"quarter", "raccordables", "new",
                                  "locaux",  "coverage_pct", "worksites_active"};
    if (arcep) {
        base.push_back("arcep_raccordables");
        base.push_back("difference");
    }
    base.push_back("denominator_basis");
    base.push_back("raccordes");
    base.push_back("take_up_pct");
    if (p.grouping == rollout::Grouping::none) {
        t.header = base;
        for (const auto& q : p.quarters) {
            t.rows.push_back(quarter_cells(q, arcep));
        }
        return t;
    }
    t.header = {rollout::to_string(p.grouping), "name"};
    t.header.insert(t.header.end(), base.begin(), base.end());
    for (const auto& a : p.areas) {
        for (const auto& q : a.quarters) {
            std::vector<std::string> row{a.code, a.name};
            auto cells = quarter_cells(q, arcep);
            row.insert(row.end(), cells.begin(), cells.end());
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

} // namespace

Table progress_table(const rollout::Progress& p, std::optional<std::optional<Date>> data_date) {
    Table t = progress_rows(p);
    if (data_date) {
        t.header.emplace_back("data_date");
        for (auto& row : t.rows) {
            row.push_back(date_or_empty(*data_date));
        }
    }
    return t;
}

namespace {

std::string expected_text(const rollout::ExpectedDate& e) {
    if (e.nothing_to_build) {
        return "nothing to build";
    }
    return e.date ? e.date->iso() : "no date";
}

std::string joined(const std::vector<std::string>& codes, const char* separator) {
    std::string out;
    for (const auto& c : codes) {
        out += (out.empty() ? "" : separator) + c;
    }
    return out;
}

std::vector<std::string> remaining_cells(const std::string& code, const std::string& name,
                                         const rollout::Remaining& r) {
    const auto& c = r.by_cause;
    return {code,
            name,
            std::to_string(r.locaux),
            std::to_string(r.raccordables),
            std::to_string(r.remaining),
            r.required_per_quarter ? fmt::format("{:.1f}", *r.required_per_quarter) : "",
            fmt::format("{:.1f}", r.observed_per_quarter),
            r.projected_quarter ? r.projected_quarter->str() : "not reached",
            r.planned_quarter ? r.planned_quarter->str() : "not reached",
            r.shortfall_at_target ? std::to_string(*r.shortfall_at_target) : "",
            r.met_on ? Quarter::of(*r.met_on).str() : "",
            std::to_string(c.running),
            std::to_string(c.suspended),
            std::to_string(c.planned),
            std::to_string(c.overdue_not_started),
            std::to_string(c.left_behind),
            std::to_string(c.no_plan),
            std::to_string(c.abandoned),
            std::to_string(c.on_demand),
            std::to_string(c.not_located),
            fmt::format("{:.3f}", c.km()),
            expected_text(r.expected),
            r.expected.overdue ? "yes" : "",
            joined(r.expected.worksites, " "),
            r.at.iso(),
            date_or_empty(r.data_date)};
}

nlohmann::json remaining_object(const rollout::Remaining& r) {
    nlohmann::json j;
    j["target_date"] = r.target.date.iso();
    j["target_share"] = r.target.share;
    j["at"] = r.at.iso();
    j["data_date"] = date_or_null(r.data_date);
    j["beyond_data_date"] = rollout::beyond_data(r.data_date, r.at);
    j["locaux"] = r.locaux;
    j["raccordables"] = r.raccordables;
    j["target_locaux"] = r.target_locaux;
    j["remaining"] = r.remaining;
    j["required_per_quarter"] = r.required_per_quarter ? nlohmann::json(round_to(*r.required_per_quarter, 2))
                                                       : nlohmann::json(nullptr);
    j["observed_per_quarter"] = round_to(r.observed_per_quarter, 2);
    j["projected_quarter"] = r.projected_quarter ? r.projected_quarter->str() : "not reached";
    j["planned_quarter"] = r.planned_quarter ? r.planned_quarter->str() : "not reached";
    j["shortfall_at_target"] =
        r.shortfall_at_target ? nlohmann::json(*r.shortfall_at_target) : nlohmann::json(nullptr);
    j["met_quarter"] = r.met_on ? nlohmann::json(Quarter::of(*r.met_on).str()) : nlohmann::json(nullptr);
    j["met_on"] = date_or_null(r.met_on);
    const auto& c = r.by_cause;
    j["not_raccordable"] = c.total();
    j["by_cause"] = {
        {"running", {{"locaux", c.running}, {"network_to_build_km", round_to(c.running_km, 3)}}},
        {"suspended", {{"locaux", c.suspended}, {"network_to_build_km", round_to(c.suspended_km, 3)}}},
        {"planned",
         {{"locaux", c.planned},
          {"overdue_not_started", c.overdue_not_started},
          {"network_to_build_km", round_to(c.planned_km, 3)}}},
        {"left_behind", {{"locaux", c.left_behind}}},
        {"no_plan", {{"locaux", c.no_plan}}},
        {"abandoned", {{"locaux", c.abandoned}}},
        {"on_demand", {{"locaux", c.on_demand}}},
        {"not_located", {{"locaux", c.not_located}}},
        {"total", {{"locaux", c.total()}, {"network_to_build_km", round_to(c.km(), 3)}}}};
    j["expected"] = {
        {"date", date_or_null(r.expected.date)}, {"nothing_to_build", r.expected.nothing_to_build},
        {"overdue", r.expected.overdue},         {"by_worksites", r.expected.by_worksites},
        {"by_pace", r.expected.by_pace},         {"worksites", r.expected.worksites}};
    j["expected_date"] = date_or_null(r.expected.date);
    return j;
}

} // namespace

Table remaining_table(const rollout::Remaining& total, const std::vector<rollout::AreaRemaining>& areas) {
    Table t;
    t.header = {"area",
                "name",
                "locaux",
                "raccordables",
                "remaining",
                "required_per_quarter",
                "observed_per_quarter",
                "projected_quarter",
                "planned_quarter",
                "shortfall_at_target",
                "met_quarter",
                "running",
                "suspended",
                "planned",
                "overdue_not_started",
                "left_behind",
                "no_plan",
                "abandoned",
                "on_demand",
                "not_located",
                "network_to_build_km",
                "expected_date",
                "expected_overdue",
                "worksites",
                "at",
                "data_date"};
    t.rows.push_back(remaining_cells("all", "all", total));
    for (const auto& a : areas) {
        t.rows.push_back(remaining_cells(a.code, a.name, a.figures));
    }
    return t;
}

nlohmann::json worksites_json(const rollout::RolloutData& d,
                              const std::vector<rollout::WorksiteFigures>& figures, Date at) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : figures) {
        const auto& w = d.worksites[f.worksite];
        list.push_back({{"code", w.code},
                        {"name", w.name},
                        {"perimeter_ref", w.perimeter_ref},
                        {"state", rollout::to_string(f.state)},
                        {"planned_start", date_or_null(w.planned_start)},
                        {"planned_end", date_or_null(w.planned_end)},
                        {"actual_start", date_or_null(w.actual_start)},
                        {"actual_end", date_or_null(w.actual_end)},
                        {"abandoned", date_or_null(w.abandoned)},
                        {"suspended_days", f.suspended_days},
                        {"planned_length_m", round_to(f.planned_length_m, 1)},
                        {"built_length_m", round_to(f.built_length_m, 1)},
                        {"locaux", f.locaux},
                        {"raccordables", f.raccordables},
                        {"locaux_on_completion", f.locaux_on_completion}});
    }
    nlohmann::json totals = nlohmann::json::object();
    const auto counts = rollout::count_states(figures);
    for (auto s : rollout::all_worksite_states) {
        totals[rollout::to_string(s)] = counts[static_cast<std::size_t>(s)];
    }
    return {{"at", at.iso()},
            {"data_date", date_or_null(d.data_date)},
            {"beyond_data_date", rollout::beyond_data(d.data_date, at)},
            {"worksites", list},
            {"totals", totals}};
}

namespace {

nlohmann::json progress_object(const rollout::Progress& p) {
    nlohmann::json j;
    j["from"] = p.quarters.empty() ? "" : p.quarters.front().quarter.str();
    j["to"] = p.quarters.empty() ? "" : p.quarters.back().quarter.str();
    j["by"] = p.grouping == rollout::Grouping::none ? nlohmann::json(nullptr)
                                                    : nlohmann::json(rollout::to_string(p.grouping));
    j["quarters"] = nlohmann::json::array();
    for (const auto& q : p.quarters) {
        j["quarters"].push_back(quarter_json(q));
    }
    if (p.grouping != rollout::Grouping::none) {
        j["groups"] = nlohmann::json::array();
        for (const auto& a : p.areas) {
            nlohmann::json g{{"code", a.code}, {"name", a.name}, {"quarters", nlohmann::json::array()}};
            for (const auto& q : a.quarters) {
                g["quarters"].push_back(quarter_json(q));
            }
            j["groups"].push_back(std::move(g));
        }
    }
    return j;
}

} // namespace

nlohmann::json progress_json(const rollout::Progress& p, std::optional<std::optional<Date>> data_date) {
    nlohmann::json j = progress_object(p);
    if (data_date) {
        const auto at = p.quarters.empty() ? std::optional<Date>() : p.quarters.back().quarter.last_day();
        j["at"] = date_or_null(at);
        j["data_date"] = date_or_null(*data_date);
        j["beyond_data_date"] = at && rollout::beyond_data(*data_date, *at);
    }
    return j;
}

nlohmann::json remaining_json(const rollout::Remaining& total,
                              const std::vector<rollout::AreaRemaining>& areas) {
    nlohmann::json j = remaining_object(total);
    if (!areas.empty()) {
        j["groups"] = nlohmann::json::array();
        for (const auto& a : areas) {
            auto g = remaining_object(a.figures);
            g["code"] = a.code;
            g["name"] = a.name;
            j["groups"].push_back(std::move(g));
        }
    }
    return j;
}

} // namespace fibre::report
