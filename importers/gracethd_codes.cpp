#include "importers/gracethd_codes.hpp"

#include "engine/support/text.hpp"

namespace fibre::importers::gracethd {
namespace {

// Codes and labels as GraceTHD-MCD v2.0.1 lists them (lists/l_*.csv), GPL-3.0.
const char* const statut_entries[][2] = {{"PRE", "ETUDE PRELIMINAIRE"},
                                         {"DIA", "ETUDE DE DIAGNOSTIC"},
                                         {"AVP", "AVANT-PROJET"},
                                         {"PRO", "PROJET"},
                                         {"ACT", "PASSATION DES MARCHES DE TRAVAUX"},
                                         {"EXE", "ETUDE D EXECUTION"},
                                         {"TVX", "TRAVAUX"},
                                         {"REC", "RECOLEMENT"},
                                         {"MCO", "MAINTIENT EN CONDITIONS OPERATIONNELLES"},
                                         {nullptr, nullptr}};
const char* const avancement_entries[][2] = {{"E", "EXISTANT"},   {"C", "A CREER"},      {"T", "TRAVAUX"},
                                             {"S", "EN SERVICE"}, {"H", "HORS SERVICE"}, {"A", "ABANDONNE"},
                                             {nullptr, nullptr}};
const char* const adresse_etat_entries[][2] = {{"CI", "CIBLE"},
                                               {"SI", "SIGNE"},
                                               {"EC", "EN COURS DE DEPLOIEMENT"},
                                               {"DE", "DEPLOYE"},
                                               {"AB", "ABANDONNE"},
                                               {"RD", "RACCORDABLE DEMANDE"},
                                               {"RC", "RAD EN COURS DE DEPLOIEMENT"},
                                               {nullptr, nullptr}};
const char* const sro_etat_entries[][2] = {{"PL", "PLANIFIE"},
                                           {"EC", "EN COURS DE DEPLOIEMENT"},
                                           {"DP", "DEPLOYE"},
                                           {"AB", "ABANDONNE"},
                                           {nullptr, nullptr}};
const char* const site_type_entries[][2] = {{"NRA", "NOEUD RACCORDEMENT D ABONNES"},
                                            {"NRAHD", "NOEUD RACCORDEMENT D ABONNES - HAUT DEBIT"},
                                            {"NRAMED", "NOEUD RACCORDEMENT D ABONNES - MONTEE EN DEBIT"},
                                            {"NRAZO", "NOEUD RACCORDEMENT D ABONNES - ZONE D OMBRE"},
                                            {"SRP", "SOUS-REPARTITEUR CUIVRE PRIMAIRE"},
                                            {"SRS", "SOUS-REPARTITEUR CUIVRE SECONDAIRE"},
                                            {"SRT", "SOUS-REPARTITEUR CUIVRE TERTIAIRE"},
                                            {"NRO", "NOEUD RACCORDEMENT OPTIQUE"},
                                            {"SRO", "SOUS-REPARTITEUR OPTIQUE"},
                                            {"SRO", "PM"},
                                            {"SROL", "SOUS-REPARTITEUR OPTIQUE COLOCALISE"},
                                            {"BRASSAGE", "SITE DE BRASSAGE"},
                                            {"CLIENT", "SITE CLIENT"},
                                            {"HEBERG", "SITE HEBERGEMENT"},
                                            {"RESEAU", "SITE RESEAU"},
                                            {nullptr, nullptr}};
const char* const local_type_entries[][2] = {{"FTTH", "LOCAL FTTH"},
                                             {"NRO", "NOEUD RACCORDEMENT OPTIQUE"},
                                             {"SRO", "SOUS-REPARTITEUR OPTIQUE"},
                                             {"SRO", "PM"},
                                             {"SROL", "SOUS-REPARTITEUR OPTIQUE COLOCALISE"},
                                             {"RES", "LOCAL RESIDENTIEL"},
                                             {"PRO", "LOCAL PROFESSIONNEL"},
                                             {"ENT", "LOCAL ENTREPRISE"},
                                             {"PUB", "LOCAL PUBLIC"},
                                             {"OPE", "LOCAL OPERATEUR"},
                                             {"OBJ", "OBJET CONNECTE"},
                                             {"TEC", "LOCAL TECHNIQUE"},
                                             {"FTTE", "LOCAL FTTE"},
                                             {"FTTO", "LOCAL FTTO"},
                                             {nullptr, nullptr}};
const char* const box_type_entries[][2] = {
    {"BPE", "BOITIER PROTECTION EPISSURE"},  {"PTO", "POINT DE TERMINAISON OPTIQUE"},
    {"PBO", "POINT DE BRANCHEMENT OPTIQUE"}, {"DTI", "DISPOSITIF DE TERMINAISON INTERIEUR OPTIQUE"},
    {"BPI", "BOITIER PIED D IMMEUBLE"},      {nullptr, nullptr}};
const char* const infra_type_entries[][2] = {{"CX", "COLLECTE TRANSPORT DISTRIBUTION"},
                                             {"CO", "COLLECTE"},
                                             {"CT", "COLLECTE TRANSPORT"},
                                             {"CD", "COLLECTE DISTRIBUTION"},
                                             {"TD", "TRANSPORT DISTRIBUTION"},
                                             {"TR", "TRANSPORT"},
                                             {"DI", "DISTRIBUTION"},
                                             {"RA", "RACCORDEMENT FINAL"},
                                             {"BM", "BOUCLE METROPOLITAINE"},
                                             {"LH", "LONGUE DISTANCE (LONG HAUL)"},
                                             {"NC", "NON COMMUNIQUE"},
                                             {nullptr, nullptr}};

} // namespace

const CodeList statut{"l_statut", statut_entries};
const CodeList avancement{"l_avancement", avancement_entries};
const CodeList adresse_etat{"l_adresse_etat", adresse_etat_entries};
const CodeList sro_etat{"l_sro_etat", sro_etat_entries};
const CodeList site_type{"l_site_type_log", site_type_entries};
const CodeList local_type{"lc_typelog", local_type_entries};
const CodeList box_type{"l_bp_type_log", box_type_entries};
const CodeList infra_type{"l_infra_type_log", infra_type_entries};

std::optional<std::string> map_code(const CodeList& list, std::string_view value) {
    const auto v = text::trim(value);
    for (auto e = list.entries; (*e)[0] != nullptr; ++e) {
        if (text::iequals(v, (*e)[0]) || text::iequals(v, (*e)[1])) {
            return std::string((*e)[0]);
        }
    }
    return std::nullopt;
}

} // namespace fibre::importers::gracethd
