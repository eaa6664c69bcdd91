#pragma once
/// @file commune_mergers.hpp
/// Former INSEE codes and the current commune each now belongs to, from data/commune-mergers.csv
/// (made from Etalab's découpage administratif by scripts/make-commune-mergers.py), embedded
/// in fibre at build time: nothing is downloaded at run time.

#include <string>
#include <string_view>
#include <unordered_map>

namespace fibre::importers {

/// Former code -> current code, for every former commune the table knows.
const std::unordered_map<std::string, std::string>& commune_mergers();

/// The current code of @p insee: its merger's when it is a former commune, else itself.
std::string current_insee(std::string_view insee);

} // namespace fibre::importers
