// The printed report's number, date and quarter formats, French and English.

#include "engine/report/print_format.hpp"
#include "engine/support/error.hpp"

#include <gtest/gtest.h>
#include <limits>

namespace fibre::report {
namespace {

const std::string nnbsp = "\u202f";

TEST(PrintFormat, IntegersAreGroupedByThousands) {
    EXPECT_EQ(format_integer(17517, Lang::fr), "17" + nnbsp + "517");
    EXPECT_EQ(format_integer(17517, Lang::en), "17,517");
    EXPECT_EQ(format_integer(999, Lang::fr), "999");
    EXPECT_EQ(format_integer(1000000, Lang::en), "1,000,000");
    EXPECT_EQ(format_integer(-2500, Lang::fr), "-2" + nnbsp + "500");
    EXPECT_EQ(format_integer(0, Lang::en), "0");
    EXPECT_EQ(format_integer(std::numeric_limits<long long>::min(), Lang::en), "-9,223,372,036,854,775,808");
}

TEST(PrintFormat, DecimalsUseTheLanguagesSeparator) {
    EXPECT_EQ(format_decimal(4.5, 1, Lang::fr), "4,5");
    EXPECT_EQ(format_decimal(4.5, 1, Lang::en), "4.5");
    EXPECT_EQ(format_decimal(12345.678, 2, Lang::fr), "12" + nnbsp + "345,68");
    EXPECT_EQ(format_decimal(12345.678, 0, Lang::en), "12,346");
    EXPECT_EQ(format_decimal(-0.01, 1, Lang::fr), "0,0");
    EXPECT_EQ(format_decimal(-3.26, 1, Lang::en), "-3.3");
}

TEST(PrintFormat, PercentagesFromShares) {
    EXPECT_EQ(format_percent(0.8758, 1, Lang::fr), "87,6" + nnbsp + "%");
    EXPECT_EQ(format_percent(0.8758, 1, Lang::en), "87.6%");
    EXPECT_EQ(format_percent(1.0, 0, Lang::fr), "100" + nnbsp + "%");
}

TEST(PrintFormat, DatesSpelledOut) {
    EXPECT_EQ(format_date(Date::from_ymd(2022, 12, 31), Lang::fr), "31 décembre 2022");
    EXPECT_EQ(format_date(Date::from_ymd(2023, 1, 1), Lang::fr), "1er janvier 2023");
    EXPECT_EQ(format_date(Date::from_ymd(2022, 8, 5), Lang::fr), "5 août 2022");
    EXPECT_EQ(format_date(Date::from_ymd(2022, 12, 31), Lang::en), "31 December 2022");
}

TEST(PrintFormat, QuartersAsReadersWriteThem) {
    EXPECT_EQ(format_quarter(Quarter{2022, 4}, Lang::fr), "T4 2022");
    EXPECT_EQ(format_quarter(Quarter{2023, 1}, Lang::en), "Q1 2023");
}

TEST(PrintFormat, LanguagesAreFrenchOrEnglish) {
    EXPECT_EQ(parse_lang("fr"), Lang::fr);
    EXPECT_EQ(parse_lang("en"), Lang::en);
    EXPECT_THROW(parse_lang("de"), UsageError);
    EXPECT_EQ(to_string(Lang::en), "en");
}

} // namespace
} // namespace fibre::report
