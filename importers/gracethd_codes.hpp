#pragma once
/// @file gracethd_codes.hpp
/// The GraceTHD value lists fibre checks codes against (GraceTHD-MCD v2.0.1 `lists/`,
/// completed with the v3 values of local and site types).

#include <optional>
#include <string>
#include <string_view>

namespace fibre::importers::gracethd {

/// A GraceTHD value list ("l_statut").
struct CodeList {
    const char* name;
    /// Pairs of code and label ({"AVP", "AVANT-PROJET"}), ended by {nullptr, nullptr}.
    const char* const (*entries)[2];
};

extern const CodeList statut;       ///< l_statut: PRE DIA AVP PRO ACT EXE TVX REC MCO
extern const CodeList avancement;   ///< l_avancement: E C T S H A
extern const CodeList adresse_etat; ///< l_adresse_etat: CI SI EC DE AB
extern const CodeList sro_etat;     ///< l_sro_etat: PL EC DP AB
extern const CodeList site_type;    ///< l_site_type_log, plus v3 RESEAU; "PM" is taken as SRO
extern const CodeList local_type;   ///< v3 lc_typelog: FTTH, NRO, SRO, SROL, TEC...
extern const CodeList box_type;     ///< l_bp_type_log: BPE PTO PBO DTI
extern const CodeList infra_type;   ///< l_infra_type_log: TR DI RA CX...

/// The list's code for @p value, given as a code or as its label, in any case, blanks
/// trimmed ("avp", "Avant-projet" -> "AVP"). nullopt when it is in neither form.
std::optional<std::string> map_code(const CodeList& list, std::string_view value);

} // namespace fibre::importers::gracethd
