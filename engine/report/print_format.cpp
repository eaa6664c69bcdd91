#include "engine/report/print_format.hpp"

#include "engine/support/error.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace fibre::report {
namespace {

constexpr std::string_view narrow_nbsp = "\u202f";

std::string group(std::string_view digits, Lang lang) {
    const std::string_view sep = lang == Lang::fr ? narrow_nbsp : std::string_view(",");
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += sep;
        }
        out += digits[i];
    }
    return out;
}

} // namespace

Lang parse_lang(std::string_view text) {
    if (text == "fr") {
        return Lang::fr;
    }
    if (text == "en") {
        return Lang::en;
    }
    throw UsageError(fmt::format("--lang: unknown language '{}' (fr or en)", text));
}

std::string_view to_string(Lang lang) {
    return lang == Lang::fr ? "fr" : "en";
}

std::string format_integer(long long n, Lang lang) {
    // The magnitude as unsigned, so that the most negative value has one too.
    const auto magnitude =
        n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    const auto grouped = group(std::to_string(magnitude), lang);
    return n < 0 ? "-" + grouped : grouped;
}

std::string format_decimal(double value, int decimals, Lang lang) {
    if (!std::isfinite(value)) {
        return "-";
    }
    auto text = fmt::format("{:.{}f}", std::fabs(value), decimals);
    const auto point = text.find('.');
    const std::string whole = text.substr(0, point);
    std::string out = group(whole, lang);
    if (point != std::string::npos) {
        out += lang == Lang::fr ? ',' : '.';
        out += text.substr(point + 1);
    }
    // No "-0,0": a value that rounds to zero has no sign.
    const bool zero = out.find_first_not_of("0,.\u202f") == std::string::npos;
    return std::signbit(value) && !zero ? "-" + out : out;
}

std::string format_percent(double share, int decimals, Lang lang) {
    const auto number = format_decimal(share * 100.0, decimals, lang);
    return lang == Lang::fr ? number + std::string(narrow_nbsp) + "%" : number + "%";
}

std::string format_date(Date date, Lang lang) {
    if (date.is_never()) {
        return "-";
    }
    static constexpr std::array<std::string_view, 12> fr{"janvier",   "février", "mars",     "avril",
                                                         "mai",       "juin",    "juillet",  "août",
                                                         "septembre", "octobre", "novembre", "décembre"};
    static constexpr std::array<std::string_view, 12> en{"January",   "February", "March",    "April",
                                                         "May",       "June",     "July",     "August",
                                                         "September", "October",  "November", "December"};
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    date.to_ymd(year, month, day);
    if (lang == Lang::fr) {
        return fmt::format("{}{} {} {}", day, day == 1 ? "er" : "", fr.at(month - 1), year);
    }
    return fmt::format("{} {} {}", day, en.at(month - 1), year);
}

std::string format_quarter(Quarter quarter, Lang lang) {
    return fmt::format("{}{} {}", lang == Lang::fr ? 'T' : 'Q', quarter.q, quarter.year);
}

} // namespace fibre::report
