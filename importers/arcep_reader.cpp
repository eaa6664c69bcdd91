#include "importers/arcep_reader.hpp"

#include "engine/support/error.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/import_sink.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <regex>

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
    std::string level; ///< commune, epci, departement (figures)
    std::size_t code = 0;
    std::optional<std::size_t> field;                          ///< "Champ"
    std::vector<std::pair<std::size_t, std::string>> quarters; ///< column, "2018Q1"
    std::optional<std::size_t> name, departement, epci, logements, etablissements;
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
        if (auto q = arcep_quarter(t.header()[i])) {
            a.quarters.emplace_back(i, *q);
        }
    }
    a.field = folded_column(t, {"champ"});
    a.logements = folded_column(t, {"logements"});
    a.etablissements = folded_column(t, {"etablissements"});
    if (a.level == "commune" && a.logements && a.etablissements) {
        a.type = TableType::reference;
        a.name = folded_column(t, {"nom commune", "nom"});
        a.departement = folded_column(t, {"code departement"});
        a.epci = folded_column(t, {"siren epci"});
    } else if (!a.quarters.empty()) {
        a.type = TableType::figures;
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

bool is_raccordables_row(const ArcepTable& a, const CsvRow& row) {
    if (!a.field) {
        return true;
    }
    return fold_accents(row.get(*a.field)).find("raccordable") != std::string::npos;
}

void read_figures(CsvTable& table, const ArcepTable& a, ImportSink& sink) {
    table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
    const auto& layer = table.layer();
    CsvRow row;
    while (table.next(row)) {
        if (!is_raccordables_row(a, row)) {
            continue; // the "Catégorie" lines: ARCEP's size class of the figure, not a count
        }
        sink.read(layer);
        const auto code = pad_code(row.get(a.code), a.level);
        if (code.empty()) {
            sink.reject(layer, fmt::format("line {}", row.line), table.header()[a.code], "no code");
            continue;
        }
        std::vector<model::ArcepFigure> figures;
        std::optional<std::pair<std::string, std::string>> bad;
        for (const auto& [column, quarter] : a.quarters) {
            try {
                if (auto v = parse_count(row.get(column))) {
                    figures.push_back({a.level, code, quarter, *v});
                }
            } catch (const DataError& e) {
                bad = {table.header()[column], e.reason()};
                break;
            }
        }
        if (bad) {
            sink.reject(layer, code, bad->first, bad->second);
            continue;
        }
        for (const auto& fig : figures) {
            sink.writer().add(fig);
        }
        sink.imported(layer);
    }
}

void read_reference(CsvTable& table, const ArcepTable& a, ImportSink& sink) {
    table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
    const auto& layer = table.layer();
    CsvRow row;
    while (table.next(row)) {
        sink.read(layer);
        model::Commune c;
        c.insee = pad_code(row.get(a.code), "commune");
        if (c.insee.empty()) {
            sink.reject(layer, fmt::format("line {}", row.line), table.header()[a.code], "no code");
            continue;
        }
        c.name = std::string(row.get(a.name));
        c.departement = pad_code(row.get(a.departement), "departement");
        if (c.departement.empty()) {
            c.departement = departement_of(c.insee);
        }
        c.epci_siren = std::string(row.get(a.epci));
        try {
            c.logements = parse_count(row.get(a.logements)).value_or(0);
        } catch (const DataError& e) {
            sink.reject(layer, c.insee, table.header()[*a.logements], e.reason());
            continue;
        }
        try {
            c.etablissements = parse_count(row.get(a.etablissements)).value_or(0);
        } catch (const DataError& e) {
            sink.reject(layer, c.insee, table.header()[*a.etablissements], e.reason());
            continue;
        }
        sink.writer().add(c);
        sink.imported(layer);
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

void ArcepReader::read(const Source& source, const ReadOptions& /*options*/, ImportSink& sink) {
    auto tables = arcep_tables(source, true);
    if (tables.empty()) {
        throw DataError("no ARCEP observatory table here: expected a CSV whose header starts with 'Code "
                        "commune', 'Siren EPCI' or 'Code département', with quarter columns ('T1 2018') or "
                        "the Logements and Établissements columns",
                        ErrorContext::in_file(source.path));
    }
    for (auto& found : tables) {
        if (found.layout.type == TableType::reference) {
            read_reference(*found.table, found.layout, sink);
        } else {
            read_figures(*found.table, found.layout, sink);
        }
    }
}

} // namespace fibre::importers
