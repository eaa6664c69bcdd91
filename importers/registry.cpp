// The readers fibre knows, one line each. Detection asks them all; ties go to the first.

#include "importers/arcep_reader.hpp"
#include "importers/ban_reader.hpp"
#include "importers/cadastre_reader.hpp"
#include "importers/communes_reader.hpp"
#include "importers/gracethd_reader.hpp"
#include "importers/ipe_reader.hpp"
#include "importers/reader.hpp"
#include "importers/worksites_reader.hpp"

namespace fibre::importers {

std::vector<std::unique_ptr<Reader>> all_readers() {
    std::vector<std::unique_ptr<Reader>> readers;
    readers.push_back(std::make_unique<GracethdReader>());
    readers.push_back(std::make_unique<CadastreReader>());
    readers.push_back(std::make_unique<BanReader>());
    readers.push_back(std::make_unique<IpeReader>());
    readers.push_back(std::make_unique<WorksitesReader>());
    readers.push_back(std::make_unique<ArcepReader>());
    readers.push_back(std::make_unique<CommunesReader>());
    return readers;
}

} // namespace fibre::importers
