#include "importers/arcep_reader.hpp"

#include "engine/store/entities.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "engine/support/text.hpp"
#include "importers/commune_mergers.hpp"
#include "importers/csv_table.hpp"
#include "importers/import_sink.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <regex>
#include <set>

namespace fibre::importers {

std::optional<std::string> arcep_quarter(std::string_view header) {
    static const std::regex quarter_first(R"(^(?:[TQ]([1-4])|([1-4])[TQ])[ _-]?(\d{4})$)");
    static const std::regex year_first(R"(^(\d{4})[ _-]?[TQ]([1-4])$)");
    const auto h = text::upper(text::trim(header));
    std::smatch m;
    if (std::regex_match(h, m, quarter_first)) {
        return fmt::format("{}Q{}", m[3].str(), m[1].matched ? m[1].str() : m[2].str());
    }
    if (std::regex_match(h, m, year_first)) {
        return fmt::format("{}Q{}", m[1].str(), m[2].str());
    }
    return std::nullopt;
}

namespace {

enum class TableType { none, figures, reference };

/// What an observatory CSV holds, found from its header.
struct ArcepTable {
    TableType type = TableType::none;
    bool reference = false; ///< also carries the commune reference (logements, établissements)
    std::string level;      ///< commune, epci, departement (figures)
    std::size_t code = 0;
    std::optional<std::size_t> field;                          ///< "Champ"
    std::vector<std::pair<std::size_t, std::string>> quarters; ///< column, "2018Q1"
    std::optional<std::size_t> name, departement, epci, logements, etablissements;
    /// "Meilleure estimation des locaux" (files since 2020) and the quarter it is "à date" of.
    std::optional<std::size_t> best_estimate;
    std::string best_estimate_quarter;
    /// The columns that tell the regulatory zone (docs/import-sources.md, "arcep").
    std::optional<std::size_t> ztd, commitments, private_intentions;
};

const std::vector<std::string_view> code_headers = {"Code commune",     "Siren EPCI",       "Code EPCI",
                                                    "Code département", "Code departement", "Code INSEE"};

std::optional<std::size_t> folded_column(const CsvTable& t, std::initializer_list<std::string_view> names) {
    for (const auto name : names) {
        const auto wanted = fold_accents(name);
        for (std::size_t i = 0; i < t.header().size(); ++i) {
            if (fold_accents(t.header()[i]) == wanted) {
                return i;
            }
        }
    }
    return std::nullopt;
}

constexpr std::string_view best_estimate_prefix = "meilleure estimation des locaux";

ArcepTable classify(const CsvTable& t) {
    ArcepTable a;
    if (t.header().empty()) {
        return a;
    }
    const auto first = fold_accents(t.header().front());
    if (first == "code commune" || first == "code insee") {
        a.level = "commune";
    } else if (first == "siren epci" || first == "code epci") {
        a.level = "epci";
    } else if (first == "code departement") {
        a.level = "departement";
    } else {
        return a;
    }
    a.code = 0;
    for (std::size_t i = 1; i < t.header().size(); ++i) {
        const auto folded = fold_accents(t.header()[i]);
        if (auto q = arcep_quarter(t.header()[i])) {
            a.quarters.emplace_back(i, *q);
        } else if (folded.rfind(best_estimate_prefix, 0) == 0 && !a.best_estimate) {
            // "Meilleure estimation des locaux", "... à date", "... T4 2025".
            a.best_estimate = i;
            auto rest = text::trim(std::string_view(folded).substr(best_estimate_prefix.size()));
            if (auto of = arcep_quarter(rest)) {
                a.best_estimate_quarter = *of;
            }
        }
    }
    if (a.best_estimate && a.best_estimate_quarter.empty() && !a.quarters.empty()) {
        // "à date": the file's latest quarter, the one it is published for.
        a.best_estimate_quarter =
            std::max_element(a.quarters.begin(), a.quarters.end(), [](const auto& x, const auto& y) {
                return x.second < y.second;
            })->second;
    }
    a.field = folded_column(t, {"champ"});
    a.logements = folded_column(t, {"logements"});
    a.etablissements = folded_column(t, {"etablissements"});
    a.ztd = folded_column(t, {"zones tres denses", "zone tres dense"});
    a.commitments = folded_column(t, {"engagements l. 33-13"});
    a.private_intentions = folded_column(t, {"intentions privees hors engagement l. 33-13"});
    if (a.level == "commune" && a.logements && a.etablissements) {
        a.reference = true;
        a.name = folded_column(t, {"nom commune", "nom"});
        a.departement = folded_column(t, {"code departement"});
        a.epci = folded_column(t, {"siren epci"});
    }
    if (!a.quarters.empty()) {
        a.type = TableType::figures;
    } else if (a.reference) {
        a.type = TableType::reference;
    }
    return a;
}

struct Found {
    const SourceFile* file;
    std::unique_ptr<CsvTable> table;
    ArcepTable layout;
};

/// The observatory tables of a source; @p whole reads them whole, else only their head.
std::vector<Found> arcep_tables(const Source& source, bool whole) {
    std::vector<Found> out;
    for (const auto& f : source.files) {
        if (!is_csv_name(f.name)) {
            continue;
        }
        try {
            auto table = std::make_unique<CsvTable>(f.gdal_path, source.path, whole ? 0 : 64 * 1024);
            table->find_header(code_headers);
            auto layout = classify(*table);
            if (layout.type != TableType::none) {
                out.push_back({&f, std::move(table), std::move(layout)});
            }
        } catch (const Error&) {
            // Not an observatory table: another reader may take it.
        }
    }
    return out;
}

/// ARCEP drops no leading zero, but spreadsheets re-saving its files do.
std::string pad_code(std::string_view code, const std::string& level) {
    std::string c(text::trim(code));
    const bool digits =
        !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits && level == "commune" && c.size() == 4) {
        return "0" + c;
    }
    if (digits && level == "departement" && c.size() == 1) {
        return "0" + c;
    }
    return c;
}

/// What a line's "Champ" says it holds.
enum class Field { raccordables, band, other };

Field field_of(const ArcepTable& a, const CsvRow& row) {
    if (!a.field) {
        return Field::raccordables;
    }
    const auto f = fold_accents(row.get(*a.field));
    if (f.find("raccordable") != std::string::npos) {
        return Field::raccordables;
    }
    if (f == "categorie") {
        return Field::band;
    }
    return Field::other;
}

/// A cell that marks a commune as in a list: anything but empty, "-" or "0".
bool flagged(std::string_view cell) {
    const auto c = text::trim(cell);
    return !c.empty() && c != "-" && c != "0";
}

/// The regulatory zone a line's columns tell (rule in docs/import-sources.md): ZTD when it is
/// flagged in "Zones très denses"; AMII when "Engagements L. 33-13" names an operator (in the
/// files holding that column, commitments under article L. 33-13 were made in the AMII zone
/// only); RIP when neither, nor "Intentions privées hors engagement L. 33-13"; else empty.
std::string zone_of(const ArcepTable& a, const CsvRow& row) {
    if (a.ztd && flagged(row.get(*a.ztd))) {
        return "ZTD";
    }
    if (!a.ztd || !a.commitments) {
        return {};
    }
    if (flagged(row.get(*a.commitments))) {
        return "AMII";
    }
    if (a.private_intentions && flagged(row.get(*a.private_intentions))) {
        return {};
    }
    return "RIP";
}

/// Keeps the areas of the store's territory (unless --all-territory), and counts what it left out.
class TerritoryFilter {
public:
    TerritoryFilter(ImportSink& sink, const ReadOptions& options, const std::string& path)
        : all_(options.all_territory) {
        if (all_) {
            return;
        }
        territory_ = store::read_territory(sink.database());
        if (territory_.empty()) {
            throw DataError("the store holds no commune yet, so fibre cannot tell which ARCEP figures are "
                            "its territory's: import the communes first (`fibre import "
                            "communes.csv`), or keep every area of the file with --all-territory",
                            ErrorContext::in_file(path));
        }
    }
    [[nodiscard]] bool keeps(const std::string& level, const std::string& code) const {
        if (all_) {
            return true;
        }
        if (level == "commune") {
            return territory_.communes.count(code) > 0;
        }
        if (level == "epci") {
            return territory_.epcis.count(code) > 0;
        }
        return territory_.departements.count(code) > 0;
    }
    [[nodiscard]] bool all() const { return all_; }

private:
    bool all_ = false;
    store::Territory territory_;
};

/// The figures of one area and quarter, summed over the former communes that make it today.
struct Accumulated {
    model::ArcepFigure figure;
    bool has_raccordables = false;
    std::set<std::string> sources;   ///< the codes as the file writes them
    std::set<std::string> estimated; ///< those that gave a best estimate
};

struct Key {
    std::string code;
    std::string quarter;
    auto operator<=>(const Key&) const = default;
};

void read_figures(CsvTable& table, const ArcepTable& a, ImportSink& sink, const TerritoryFilter& filter,
                  long long& lines_read, long long& lines_kept) {
    table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
    const auto& layer = table.layer();
    std::map<Key, Accumulated> acc;
    std::set<std::string> zones_conflict;
    std::map<std::string, std::string> zone_of_code;
    CsvRow row;
    while (table.next(row)) {
        const Field field = field_of(a, row);
        if (field == Field::other) {
            continue; // a line of another figure ARCEP may add; not read
        }
        sink.read(layer);
        ++lines_read;
        const auto written = pad_code(row.get(a.code), a.level);
        if (written.empty()) {
            sink.reject(layer, fmt::format("line {}", row.line), table.header()[a.code], "no code");
            continue;
        }
        // A former commune's figures go to the commune it belongs to today.
        const auto code = a.level == "commune" ? current_insee(written) : written;
        if (!filter.keeps(a.level, code)) {
            continue;
        }
        std::vector<std::pair<std::string, long long>> values;
        std::optional<std::pair<std::string, std::string>> bad;
        for (const auto& [column, quarter] : a.quarters) {
            try {
                if (auto v = parse_count(row.get(column))) {
                    values.emplace_back(quarter, *v);
                }
            } catch (const DataError& e) {
                bad = {table.header()[column], e.reason()};
                break;
            }
        }
        std::optional<long long> estimate;
        if (!bad && field == Field::raccordables && a.best_estimate) {
            try {
                estimate = parse_count(row.get(*a.best_estimate));
            } catch (const DataError& e) {
                bad = {table.header()[*a.best_estimate], e.reason()};
            }
        }
        if (bad) {
            sink.reject(layer, written, bad->first, bad->second);
            continue;
        }
        const auto zone = zone_of(a, row);
        if (auto [it, added] = zone_of_code.try_emplace(code, zone); !added && it->second != zone) {
            zones_conflict.insert(code);
        }
        for (const auto& [quarter, v] : values) {
            auto& cell = acc[Key{code, quarter}];
            cell.figure.level = a.level;
            cell.figure.code = code;
            cell.figure.quarter = quarter;
            cell.sources.insert(written);
            if (field == Field::band) {
                cell.figure.band = static_cast<int>(v);
            } else {
                cell.figure.raccordables += v;
                cell.has_raccordables = true;
            }
        }
        if (estimate && !a.best_estimate_quarter.empty()) {
            auto& cell = acc[Key{code, a.best_estimate_quarter}];
            cell.figure.level = a.level;
            cell.figure.code = code;
            cell.figure.quarter = a.best_estimate_quarter;
            cell.figure.locaux = cell.figure.locaux.value_or(0) + *estimate;
            cell.estimated.insert(written);
        }
        ++lines_kept;
        sink.imported(layer);
    }
    for (auto& [key, cell] : acc) {
        if (!cell.has_raccordables) {
            continue; // a band or an estimate with no figure of locaux raccordables: no row
        }
        auto& f = cell.figure;
        if (cell.sources.size() > 1) {
            // Several former communes summed: ARCEP gave a band to each, none to their sum.
            f.band.reset();
        }
        if (f.locaux && cell.estimated.size() != cell.sources.size()) {
            f.locaux.reset(); // a sum of estimates that misses a part is no estimate
        }
        f.zone = zones_conflict.count(key.code) > 0 ? std::string() : zone_of_code[key.code];
        sink.writer().add(f);
    }
}

/// @p counted false: the lines are counted (and their problems reported) by the figures' pass
/// over the same file.
void read_reference(CsvTable& table, const ArcepTable& a, ImportSink& sink, const TerritoryFilter& filter,
                    long long& lines_read, long long& lines_kept, bool counted = true) {
    if (counted) {
        table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
    } else {
        table.on_malformed([](const DataError&) {});
    }
    const auto& layer = table.layer();
    std::map<std::string, model::ArcepCommune> acc;
    std::map<std::string, int> parts;
    CsvRow row;
    while (table.next(row)) {
        if (field_of(a, row) == Field::band) {
            continue; // a combined file's "Catégorie" line repeats the reference columns
        }
        if (counted) {
            sink.read(layer);
        }
        ++lines_read;
        const auto written = pad_code(row.get(a.code), "commune");
        if (written.empty()) {
            if (counted) {
                sink.reject(layer, fmt::format("line {}", row.line), table.header()[a.code], "no code");
            }
            continue;
        }
        const auto insee = current_insee(written);
        if (!filter.keeps("commune", insee)) {
            continue;
        }
        model::ArcepCommune c;
        c.insee = insee;
        std::optional<std::size_t> bad;
        try {
            bad = a.logements;
            c.logements = parse_count(row.get(a.logements)).value_or(0);
            bad = a.etablissements;
            c.etablissements = parse_count(row.get(a.etablissements)).value_or(0);
        } catch (const DataError& e) {
            if (counted) {
                sink.reject(layer, written, table.header()[*bad], e.reason());
            }
            continue;
        }
        c.name = std::string(text::trim(row.get(a.name)));
        c.departement = pad_code(row.get(a.departement), "departement");
        if (c.departement.empty()) {
            c.departement = departement_of(c.insee);
        }
        c.epci_siren = std::string(text::trim(row.get(a.epci)));
        c.zone = zone_of(a, row);
        auto [it, added] = acc.try_emplace(insee, c);
        if (!added) {
            // A former commune: its counts are summed into today's commune.
            auto& m = it->second;
            m.logements += c.logements;
            m.etablissements += c.etablissements;
            if (m.zone != c.zone) {
                m.zone.clear();
            }
            if (written == insee) {
                m.name = c.name;
                m.epci_siren = c.epci_siren;
            }
        }
        ++lines_kept;
        if (counted) {
            sink.imported(layer);
        }
    }
    for (const auto& [insee, c] : acc) {
        sink.writer().add(c);
    }
}

} // namespace

int ArcepReader::detect(const Source& source) const {
    return arcep_tables(source, false).empty() ? 0 : 95;
}

std::string ArcepReader::perimeter(const Source& source) const {
    std::vector<std::string> tokens;
    for (auto& found : arcep_tables(source, true)) {
        const auto& a = found.layout;
        if (a.level == "epci") {
            tokens.emplace_back("epci");
            continue;
        }
        const auto prefix = a.type == TableType::reference ? std::string("reference") : a.level;
        found.table->on_malformed([](const DataError&) {}); // read() rejects it
        CsvRow row;
        while (found.table->next(row)) {
            const auto code = pad_code(row.get(a.code), a.level);
            if (!code.empty()) {
                tokens.push_back(prefix + ":" + (a.level == "commune" ? departement_of(code) : code));
            }
        }
    }
    return join_codes(tokens);
}

void ArcepReader::read(const Source& source, const ReadOptions& options, ImportSink& sink) {
    auto tables = arcep_tables(source, true);
    if (tables.empty()) {
        throw DataError("no ARCEP observatory table here: expected a CSV whose header starts with 'Code "
                        "commune', 'Siren EPCI' or 'Code département', with quarter columns ('T1 2018') or "
                        "the Logements and Établissements columns",
                        ErrorContext::in_file(source.path));
    }
    const TerritoryFilter filter(sink, options, source.path);
    for (auto& found : tables) {
        long long read = 0;
        long long kept = 0;
        if (found.layout.type == TableType::reference) {
            read_reference(*found.table, found.layout, sink, filter, read, kept);
        } else {
            if (found.layout.reference) {
                // A combined file (figures and reference columns): read it twice, once for each.
                auto again = std::make_unique<CsvTable>(found.file->gdal_path, source.path, 0);
                again->find_header(code_headers);
                long long ignored = 0;
                read_reference(*again, found.layout, sink, filter, ignored, ignored, false);
            }
            read_figures(*found.table, found.layout, sink, filter, read, kept);
        }
        if (!filter.all() && kept < read) {
            log::info("{}: kept the {} line(s) of the store's territory out of {} (--all-territory keeps "
                      "every area)",
                      found.table->layer(), kept, read);
        }
    }
}

} // namespace fibre::importers
