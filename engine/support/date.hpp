#pragma once
/// @file date.hpp
/// Calendar dates and quarters, as the rollout figures use them.

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace fibre {

/// A calendar day, stored as days since 1970-01-01 (proleptic Gregorian).
/// Date::never() sorts after every real date and stands for "not (yet) in service".
struct Date {
    std::int32_t days = 0;

    static constexpr Date never() { return Date{std::numeric_limits<std::int32_t>::max()}; }
    static constexpr Date always() { return Date{std::numeric_limits<std::int32_t>::min()}; }
    [[nodiscard]] constexpr bool is_never() const { return days == never().days; }

    /// Builds a date from year, month (1-12) and day (1-31). Does not validate.
    static Date from_ymd(int year, unsigned month, unsigned day);
    /// Today, in UTC.
    static Date today();

    void to_ymd(int& year, unsigned& month, unsigned& day) const;
    /// "YYYY-MM-DD"; empty for never().
    [[nodiscard]] std::string iso() const;

    friend constexpr auto operator<=>(Date, Date) = default;
};

/// Parses a date in any of the forms real deliveries use: ISO "2023-06-14",
/// "2023-06-14 00:00:00", "2023-06-14T10:00:00Z", "2019-10-28 12-23-52", "20190128",
/// "28/01/2019", "28-01-2019", "2019/01/28". Returns nullopt for an empty or blank value.
/// @throws DataError when the value is not empty and is not a valid date.
std::optional<Date> parse_date(std::string_view text);

/// Parses a date that must be present (command-line options): like parse_date, but
/// an empty value is an error too. @throws UsageError naming @p option_name.
Date parse_date_option(std::string_view text, std::string_view option_name);

/// A calendar quarter: 2022Q4 runs from 2022-10-01 to 2022-12-31.
struct Quarter {
    int year = 1970;
    int q = 1; ///< 1 to 4

    static Quarter of(Date d);
    /// Parses "2022Q4", "2022-Q4", "2022T4" (French "trimestre"). @throws UsageError.
    static Quarter parse(std::string_view text);

    [[nodiscard]] Date first_day() const;
    [[nodiscard]] Date last_day() const;
    [[nodiscard]] Quarter next() const { return q == 4 ? Quarter{year + 1, 1} : Quarter{year, q + 1}; }
    [[nodiscard]] Quarter prev() const { return q == 1 ? Quarter{year - 1, 4} : Quarter{year, q - 1}; }
    /// Number of quarters from @p other to this one (positive when this is later).
    [[nodiscard]] int minus(Quarter other) const { return (year - other.year) * 4 + (q - other.q); }
    /// "2022Q4".
    [[nodiscard]] std::string str() const;

    friend constexpr auto operator<=>(const Quarter&, const Quarter&) = default;
};

/// What `--at` names on every command: a day, or a quarter.
struct AtOption {
    Date day;                       ///< the day, or the quarter's last day
    std::optional<Quarter> quarter; ///< set when a quarter was written
};

/// Parses the value of `--at` (or another date option): a date in any form parse_date reads,
/// or a quarter ("2022Q4", "2022-Q4", "2022T4", "T4 2022", "Q4 2022"), which stands for its
/// last day. @throws UsageError naming @p option_name.
AtOption parse_at_option(std::string_view text, std::string_view option_name);

} // namespace fibre
