#pragma once
/// @file print_format.hpp
/// Numbers, dates and quarters as a reader of the printed report writes them: French by
/// default (17 517, 87,6 %, 31 décembre 2022, T4 2022), or English (17,517, 87.6%,
/// 31 December 2022, Q4 2022).

#include "engine/support/date.hpp"

#include <string>
#include <string_view>

namespace fibre::report {

/// The two languages of the human outputs.
enum class Lang { fr, en };

/// "fr" or "en". @throws UsageError naming the option for any other value.
Lang parse_lang(std::string_view text);
/// "fr" or "en".
std::string_view to_string(Lang lang);

/// A whole number with its thousands grouped: French with a narrow no-break space
/// (U+202F), English with a comma.
std::string format_integer(long long n, Lang lang);
/// A decimal number with @p decimals digits after the separator (comma in French), the
/// integer part grouped as format_integer does.
std::string format_decimal(double value, int decimals, Lang lang);
/// A percentage from a share in [0, 1]: "87,6 %" (narrow no-break space before the sign, as
/// French typography wants) or "87.6%".
std::string format_percent(double share, int decimals, Lang lang);
/// "31 décembre 2022", "1er janvier 2023"; "31 December 2022".
std::string format_date(Date date, Lang lang);
/// "T4 2022" (trimestre); "Q4 2022".
std::string format_quarter(Quarter quarter, Lang lang);

} // namespace fibre::report
