#pragma once
/// @file text.hpp
/// Small text functions that real delivery files need: trimming, case-folding of ASCII
/// codes, decimal commas, Windows-1252 to UTF-8, byte-order marks.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::text {

/// Removes leading and trailing white space (ASCII).
std::string_view trim(std::string_view s);
/// ASCII upper-case copy (codes such as "pbo" -> "PBO").
std::string upper(std::string_view s);
/// ASCII lower-case copy.
std::string lower(std::string_view s);
/// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);
/// Splits on one separator character; keeps empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);
/// Removes a UTF-8 byte-order mark at the start, if any.
std::string_view strip_bom(std::string_view s);

/// Parses a number written with a decimal point or a decimal comma ("12,5"), with
/// optional blanks as thousands separators. nullopt for empty; @throws DataError otherwise.
std::optional<double> parse_decimal(std::string_view s);
/// Parses a whole number. nullopt for empty; @throws DataError when not a whole number.
std::optional<long long> parse_integer(std::string_view s);

/// Whether @p s is valid UTF-8.
bool is_utf8(std::string_view s);
/// Converts Windows-1252 (the usual non-UTF-8 encoding of French CSV files) to UTF-8.
std::string cp1252_to_utf8(std::string_view s);

} // namespace fibre::text
