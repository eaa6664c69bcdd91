#pragma once
/// @file departements.hpp
/// The names of the French départements (and overseas collectivities), by code, from the
/// official reference shipped in data/departements.csv.

#include <string>
#include <string_view>

namespace fibre::model {

/// The name of the département @p code ("17" → "Charente-Maritime", "2A" → "Corse-du-Sud",
/// "971" → "Guadeloupe"); empty for a code the reference does not hold.
std::string_view departement_name(std::string_view code);

/// "17 Charente-Maritime" style label: the code, then the name when it is known.
std::string departement_label(std::string_view code);

} // namespace fibre::model
