#include "importers/communes_reader.hpp"

#include "engine/support/error.hpp"
#include "engine/support/text.hpp"
#include "importers/csv_table.hpp"
#include "importers/import_sink.hpp"

#include <fmt/format.h>

namespace fibre::importers {

namespace {

const std::vector<std::string_view> insee_names = {"code_insee", "insee", "code_commune", "codgeo"};
const std::vector<std::string_view> name_names = {"nom", "nom_commune", "libgeo", "name"};

bool is_commune_list(const CsvTable& table) {
    return table.column(insee_names) && table.column(name_names) &&
           table.column({"departement", "dep", "code_departement"});
}

std::vector<const SourceFile*> commune_lists(const Source& source) {
    std::vector<const SourceFile*> out;
    for (const auto& f : source.files) {
        if (!is_csv_name(f.name)) {
            continue;
        }
        try {
            const CsvTable head(f.gdal_path, source.path, 64 * 1024);
            if (is_commune_list(head)) {
                out.push_back(&f);
            }
        } catch (const Error&) {
            // Not readable as a commune list: another reader may take it.
        }
    }
    return out;
}

} // namespace

int CommunesReader::detect(const Source& source) const {
    return commune_lists(source).empty() ? 0 : 95;
}

std::string CommunesReader::perimeter(const Source& source) const {
    std::vector<std::string> deps;
    for (const auto* f : commune_lists(source)) {
        CsvTable table(f->gdal_path, source.path);
        table.on_malformed([](const DataError&) {}); // read() rejects it
        const auto dep = table.column({"departement", "dep", "code_departement"});
        const auto insee = table.require(insee_names);
        CsvRow row;
        while (table.next(row)) {
            const auto d = row.get(dep);
            deps.emplace_back(d.empty() ? departement_of(row.get(insee)) : std::string(d));
        }
    }
    return join_codes(deps);
}

void CommunesReader::read(const Source& source, const ReadOptions& /*options*/, ImportSink& sink) {
    const auto files = commune_lists(source);
    if (files.empty()) {
        throw DataError("no commune list here: a commune list is a CSV with the columns code_insee, nom and "
                        "departement",
                        ErrorContext::in_file(source.path));
    }
    for (const auto* f : files) {
        CsvTable table(f->gdal_path, source.path);
        table.on_malformed([&](const DataError& problem) { sink.reject_record(problem); });
        const auto& layer = table.layer();
        const auto c_insee = table.require(insee_names);
        const auto c_name = table.require(name_names);
        const auto c_dep = table.column({"departement", "dep", "code_departement"});
        const auto c_pop = table.column({"population", "pmun", "ptot"});
        const auto c_siren = table.column({"epci_siren", "siren_epci", "epci"});
        const auto c_epci = table.column({"epci_nom", "nom_epci", "libepci"});
        const auto c_log = table.column({"logements", "nb_logements"});
        const auto c_etab = table.column({"etablissements", "nb_etablissements", "locaux_pro"});
        CsvRow row;
        while (table.next(row)) {
            sink.read(layer);
            const auto feature = fmt::format("line {}", row.line);
            model::Commune c;
            c.insee = std::string(row.get(c_insee));
            if (c.insee.empty()) {
                sink.reject(layer, feature, table.header()[c_insee], "no INSEE code");
                continue;
            }
            c.name = std::string(row.get(c_name));
            c.departement = std::string(row.get(c_dep));
            if (c.departement.empty()) {
                c.departement = departement_of(c.insee);
            }
            c.epci_siren = std::string(row.get(c_siren));
            c.epci_name = std::string(row.get(c_epci));
            const std::pair<std::optional<std::size_t>, long long*> counts[] = {
                {c_pop, &c.population}, {c_log, &c.logements}, {c_etab, &c.etablissements}};
            bool bad = false;
            for (const auto& [column, target] : counts) {
                try {
                    *target = parse_count(row.get(column)).value_or(0);
                } catch (const DataError& e) {
                    sink.reject(layer, c.insee, table.header()[*column], e.reason());
                    bad = true;
                    break;
                }
            }
            if (bad) {
                continue;
            }
            sink.writer().add(c);
            sink.imported(layer);
        }
    }
}

} // namespace fibre::importers
