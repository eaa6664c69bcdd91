// fibre import: reads sources into the store (see docs/commands/import.md).

#include "engine/cli/command.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "importers/import_job.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace fibre::cli {
namespace {

/// Removes the store files (and SQLite's -wal and -shm beside it) on destruction, unless
/// keep() was called or the store existed before.
class NewStoreGuard {
public:
    NewStoreGuard(std::filesystem::path path, bool is_new) : path_(std::move(path)), is_new_(is_new) {}
    ~NewStoreGuard() {
        if (!is_new_) {
            return;
        }
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path_.string() + suffix, ec);
        }
    }
    NewStoreGuard(const NewStoreGuard&) = delete;
    NewStoreGuard& operator=(const NewStoreGuard&) = delete;
    [[nodiscard]] bool is_new() const { return is_new_; }
    void keep() { is_new_ = false; }

private:
    std::filesystem::path path_;
    bool is_new_;
};

/// The imports of one source named on the command line, of one kind: a folder of EDIGÉO
/// sheets is one group of many imports.
struct Group {
    std::string source;
    importers::SourceKind kind = importers::SourceKind::gracethd;
    std::vector<const importers::SourceOutcome*> parts;
    std::map<std::string, importers::LayerCounts> counts; ///< summed over the parts
    long long unchanged = 0;
    double seconds = 0;
};

std::vector<Group> group_outcomes(const std::vector<importers::SourceOutcome>& outcomes) {
    std::vector<Group> groups;
    for (const auto& o : outcomes) {
        const std::string& source = o.given.empty() ? o.source : o.given;
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const Group& g) { return g.source == source && g.kind == o.kind; });
        if (it == groups.end()) {
            groups.push_back(Group{source, o.kind, {}, {}, 0, 0});
            it = std::prev(groups.end());
        }
        it->parts.push_back(&o);
        it->seconds += o.seconds;
        if (o.unchanged) {
            ++it->unchanged;
        }
        for (const auto& [layer, c] : o.counts) {
            auto& sum = it->counts[layer];
            sum.read += c.read;
            sum.imported += c.imported;
            sum.repaired += c.repaired;
            sum.rejected += c.rejected;
            sum.kept += c.kept;
        }
    }
    return groups;
}

/// 12345 as "12 345".
std::string grouped(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ' ';
        }
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

// What one import of a group is called, when a group holds several.
std::string part_word(importers::SourceKind kind, std::size_t n) {
    const bool many = n > 1;
    switch (kind) {
    case importers::SourceKind::cadastre:
        return many ? "sheets" : "sheet";
    case importers::SourceKind::gracethd:
        return many ? "deliveries" : "delivery";
    default:
        return many ? "files" : "file";
    }
}

std::string summary_line(const Group& g) {
    std::string what;
    if (g.parts.size() > 1) {
        what = fmt::format("{} {}", grouped(static_cast<long long>(g.parts.size())),
                           part_word(g.kind, g.parts.size()));
    }
    // Layers named per commune ("cadastre-17003-batiments") are added up by what they hold.
    static const std::regex per_commune(R"(^[A-Za-z]+-(\d[0-9AB]\d{3})-(.+)$)");
    std::map<std::string, long long> by_layer;
    std::set<std::string> communes;
    long long rejected = 0;
    long long repaired = 0;
    for (const auto& [layer, c] : g.counts) {
        std::smatch m;
        if (std::regex_match(layer, m, per_commune)) {
            communes.insert(m[1].str());
            by_layer[m[2].str()] += c.imported;
        } else {
            by_layer[layer] += c.imported;
        }
        rejected += c.rejected;
        repaired += c.repaired;
    }
    if (what.empty() && communes.size() > 1) {
        what = fmt::format("{} communes", grouped(static_cast<long long>(communes.size())));
    }
    std::vector<std::string> counts;
    for (const auto& [layer, n] : by_layer) {
        counts.push_back(fmt::format("{} {}", grouped(n), layer));
    }
    std::string line = fmt::format("{:<10} {}  ", importers::to_string(g.kind), g.source);
    if (!what.empty()) {
        line += what + (counts.empty() ? "" : ": ");
    }
    line += fmt::format("{}", fmt::join(counts, ", "));
    std::vector<std::string> notes;
    if (rejected > 0) {
        notes.push_back(fmt::format("{} rejected", grouped(rejected)));
    }
    if (repaired > 0) {
        notes.push_back(fmt::format("{} repaired", grouped(repaired)));
    }
    if (g.unchanged > 0) {
        notes.push_back(g.unchanged == static_cast<long long>(g.parts.size())
                            ? std::string("unchanged: already imported; --replace imports it again")
                            : fmt::format("{} unchanged", grouped(g.unchanged)));
    }
    if (!notes.empty()) {
        line += fmt::format("{}({})", counts.empty() && what.empty() ? "" : " ", fmt::join(notes, ", "));
    }
    return line;
}

nlohmann::json summary_json(const std::vector<Group>& groups) {
    nlohmann::json sources = nlohmann::json::array();
    nlohmann::json kinds = nlohmann::json::object();
    long long rejected = 0;
    double seconds = 0;
    for (const auto& g : groups) {
        auto& kind = kinds[importers::to_string(g.kind)];
        seconds += g.seconds;
        nlohmann::json layers = nlohmann::json::object();
        nlohmann::json rejects = nlohmann::json::object();
        for (const auto& [layer, c] : g.counts) {
            layers[layer] = {{"read", c.read},
                             {"imported", c.imported},
                             {"repaired", c.repaired},
                             {"rejected", c.rejected},
                             {"kept", c.kept}};
            rejects[layer] = c.rejected;
            rejected += c.rejected;
            kind[layer] = (kind.contains(layer) ? kind[layer].get<long long>() : 0LL) + c.imported;
        }
        nlohmann::json imports = nlohmann::json::array();
        for (const auto* o : g.parts) {
            imports.push_back({{"source", o->source},
                               {"import_id", o->import_run},
                               {"unchanged", o->unchanged},
                               {"replaced", o->replaced},
                               {"duration_s", o->seconds}});
        }
        sources.push_back({{"source", g.source},
                           {"kind", importers::to_string(g.kind)},
                           {"counts", layers},
                           {"rejects", rejects},
                           {"duration_s", g.seconds},
                           {"imports", imports}});
    }
    return nlohmann::json{
        {"sources", sources}, {"kinds", kinds}, {"rejected", rejected}, {"duration_s", seconds}};
}

class ImportCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "import"; }
    [[nodiscard]] std::string summary() const override {
        return "Import sources (GraceTHD, cadastre, BAN, IPE, worksites, ARCEP, communes) into the store";
    }
    [[nodiscard]] int order() const override { return 10; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        add_format_option(app, format_, {"table", "json"});
        app.add_option("SOURCE", sources_, "Files, folders, or .zip / .tar.gz / .tar.bz2 archives")
            ->required();
        app.add_option("--as", kind_,
                       "Kind of the sources, when detection is not wanted: cadastre, ban, ipe, gracethd, "
                       "worksites, arcep, communes");
        app.add_option("--srs", srs_, "CRS of sources that declare none, as EPSG:N (e.g. EPSG:2154)");
        app.add_flag("--replace", replace_,
                     "Import again a source already imported with the same content; replace an earlier "
                     "delivery of the same perimeter even when it would remove a large part of it");
        app.add_flag("--strict", strict_,
                     "Stop at the first rejected feature or malformed CSV record: exit 1, store unchanged");
        app.add_flag("--all-territory", all_territory_,
                     "ARCEP figures: keep every area of the file, not only the communes, EPCI and "
                     "départements of the store's commune table");
    }

    int run() override {
        importers::ImportRequest request;
        request.sources = sources_;
        request.replace = replace_;
        request.options.strict = strict_;
        request.options.all_territory = all_territory_;
        if (!kind_.empty()) {
            request.kind = importers::kind_from_string(kind_);
            if (!request.kind) {
                throw UsageError("--as: unknown kind '" + kind_ +
                                 "' (cadastre, ban, ipe, gracethd, worksites, arcep, communes)");
            }
        }
        if (!srs_.empty()) {
            request.options.srs_epsg = parse_epsg(srs_);
        }
        const auto path = store_path(db_);
        // A store this import creates is removed again when the import fails: a mistyped --db
        // must not leave an empty store behind.
        NewStoreGuard guard(path, !std::filesystem::exists(path));
        std::vector<importers::SourceOutcome> outcomes;
        {
            auto db = guard.is_new() ? store::Database::create(path) : store::Database::open(path);
            outcomes = importers::run_import(db, request);
        }
        guard.keep();
        const auto groups = group_outcomes(outcomes);
        if (format_ == "json") {
            std::cout << summary_json(groups).dump(2) << '\n';
        } else {
            if (log::level() <= log::Level::debug) {
                std::cout << importers::summary_table(outcomes) << '\n';
            }
            for (const auto& g : groups) {
                std::cout << summary_line(g) << '\n';
            }
        }
        long long rejected = 0;
        for (const auto& o : outcomes) {
            rejected += o.rejected();
        }
        if (rejected > 0) {
            log::warning("{} feature(s) rejected; see the reject table (fibre check lists them)", rejected);
        }
        return strict_ && rejected > 0 ? 1 : 0;
    }

private:
    static int parse_epsg(const std::string& text) {
        std::string digits = text;
        const auto colon = text.find(':');
        if (colon != std::string::npos) {
            const auto auth = text.substr(0, colon);
            if (auth != "EPSG" && auth != "epsg") {
                throw UsageError("--srs: give the CRS as EPSG:N (e.g. EPSG:2154), not '" + text + "'");
            }
            digits = text.substr(colon + 1);
        }
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
            digits.size() > 6) {
            throw UsageError("--srs: give the CRS as EPSG:N (e.g. EPSG:2154), not '" + text + "'");
        }
        return std::stoi(digits);
    }

    std::string db_;
    std::vector<std::string> sources_;
    std::string kind_;
    std::string srs_;
    std::string format_;
    bool replace_ = false;
    bool strict_ = false;
    bool all_territory_ = false;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::ImportCommand)
