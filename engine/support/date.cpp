#include "engine/support/date.hpp"

#include "engine/support/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <fmt/format.h>

namespace fibre {
namespace {

bool valid_ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}
               .ok() &&
           y >= 1900 && y <= 2200;
}

// Reads the digit groups of a date: "2019-10-28 12-23-52" -> {2019,10,28,12,23,52}
// with their widths. Any non-digit separates groups; letters other than T/Z make it invalid.
struct Groups {
    std::array<int, 8> value{};
    std::array<int, 8> width{};
    int count = 0;
    bool ok = true;
};

Groups split_groups(std::string_view text) {
    Groups g;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
                ++j;
            }
            if (g.count == static_cast<int>(g.value.size()) || j - i > 9) {
                g.ok = false;
                return g;
            }
            int v = 0;
            std::from_chars(text.data() + i, text.data() + j, v);
            g.value[static_cast<std::size_t>(g.count)] = v;
            g.width[static_cast<std::size_t>(g.count)] = static_cast<int>(j - i);
            ++g.count;
            i = j;
        } else if (c == '-' || c == '/' || c == ' ' || c == ':' || c == '.' || c == 'T' || c == 'Z' ||
                   c == '+') {
            ++i;
        } else {
            g.ok = false;
            return g;
        }
    }
    return g;
}

} // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
    const std::chrono::sys_days sd{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
    return Date{static_cast<std::int32_t>(sd.time_since_epoch().count())};
}

Date Date::today() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date{static_cast<std::int32_t>(now.time_since_epoch().count())};
}

void Date::to_ymd(int& year, unsigned& month, unsigned& day) const {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    year = static_cast<int>(ymd.year());
    month = static_cast<unsigned>(ymd.month());
    day = static_cast<unsigned>(ymd.day());
}

std::string Date::iso() const {
    if (is_never() || days == always().days) {
        return {};
    }
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    to_ymd(y, m, d);
    return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

std::optional<Date> parse_date(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    // YYYYMMDDhhmmss and YYYYMMDDhhmm: a date and a time of day written as one number.
    if ((text.size() == 14 || text.size() == 12) && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        })) {
        const auto two = [&](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
        if (two(8) < 24 && two(10) < 60 && (text.size() == 12 || two(12) < 60)) {
            text = text.substr(0, 8);
        }
    }
    const Groups g = split_groups(text);
    int y = 0;
    int m = 0;
    int d = 0;
    bool matched = false;
    if (g.ok && g.count >= 1 && g.width[0] == 8 && (g.count == 1 || g.count >= 3)) {
        // YYYYMMDD, possibly followed by a time
        y = g.value[0] / 10000;
        m = (g.value[0] / 100) % 100;
        d = g.value[0] % 100;
        matched = true;
    } else if (g.ok && g.count >= 3 && g.width[0] == 4 && g.width[1] <= 2 && g.width[2] <= 2) {
        y = g.value[0]; // YYYY-MM-DD, with any separator and any time after it
        m = g.value[1];
        d = g.value[2];
        matched = true;
    } else if (g.ok && g.count >= 3 && g.width[0] <= 2 && g.width[1] <= 2 && g.width[2] == 4) {
        d = g.value[0]; // DD/MM/YYYY, the French order
        m = g.value[1];
        y = g.value[2];
        matched = true;
    }
    if (matched && m >= 1 && d >= 1 && valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
        return Date::from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    }
    throw DataError(fmt::format(
        "'{}' is not a date (expected YYYY-MM-DD, YYYYMMDD, YYYYMMDDhhmmss or DD/MM/YYYY)", text));
}

Date parse_date_option(std::string_view text, std::string_view option_name) {
    try {
        if (auto d = parse_date(text)) {
            return *d;
        }
    } catch (const DataError&) {
    }
    throw UsageError(fmt::format("{}: '{}' is not a date (expected YYYY-MM-DD)", option_name, text));
}

Quarter Quarter::of(Date d) {
    int y = 0;
    unsigned m = 0;
    unsigned day = 0;
    d.to_ymd(y, m, day);
    return Quarter{y, static_cast<int>((m - 1) / 3 + 1)};
}

Quarter Quarter::parse(std::string_view text) {
    const auto fail = [&] {
        return UsageError(fmt::format("'{}' is not a quarter (expected like 2022Q4)", text));
    };
    if (text.size() < 6 || text.size() > 7) {
        throw fail();
    }
    int year = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + 4, year);
    if (ec != std::errc{} || ptr != text.data() + 4) {
        throw fail();
    }
    std::string_view rest = text.substr(4);
    if (rest.front() == '-') {
        rest.remove_prefix(1);
    }
    if (rest.size() != 2 || (rest[0] != 'Q' && rest[0] != 'q' && rest[0] != 'T' && rest[0] != 't') ||
        rest[1] < '1' || rest[1] > '4') {
        throw fail();
    }
    return Quarter{year, rest[1] - '0'};
}

Date Quarter::first_day() const {
    return Date::from_ymd(year, static_cast<unsigned>((q - 1) * 3 + 1), 1);
}

Date Quarter::last_day() const {
    return Date{next().first_day().days - 1};
}

AtOption parse_at_option(std::string_view text, std::string_view option_name) {
    std::string compact;
    for (char c : text) {
        if (c != ' ') {
            compact += c;
        }
    }
    // "T4 2022" and "Q4 2022", as a French and an English reader write a quarter.
    if (compact.size() == 6 &&
        (compact[0] == 'T' || compact[0] == 't' || compact[0] == 'Q' || compact[0] == 'q')) {
        compact = compact.substr(2) + compact.substr(0, 2);
    }
    if (compact.size() >= 6 && compact.size() <= 7 && compact.find_first_of("QqTt") != std::string::npos) {
        try {
            const Quarter q = Quarter::parse(compact);
            return AtOption{q.last_day(), q};
        } catch (const UsageError&) {
        }
    }
    try {
        if (auto d = parse_date(text)) {
            return AtOption{*d, std::nullopt};
        }
    } catch (const DataError&) {
    }
    throw UsageError(fmt::format("{}: '{}' is neither a date nor a quarter (expected YYYY-MM-DD or 2022Q4)",
                                 option_name, text));
}

std::string Quarter::str() const {
    return fmt::format("{}Q{}", year, q);
}

} // namespace fibre
