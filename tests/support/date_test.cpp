#include "engine/support/date.hpp"
#include "engine/support/error.hpp"

#include <gtest/gtest.h>

namespace fibre {
namespace {

TEST(ParseDate, EveryFormRealDeliveriesUse) {
    const Date expected = Date::from_ymd(2019, 10, 28);
    EXPECT_EQ(parse_date("2019-10-28"), expected);
    EXPECT_EQ(parse_date("2019-10-28 12-23-52"), expected);
    EXPECT_EQ(parse_date("2019-10-28 00:00:00"), expected);
    EXPECT_EQ(parse_date("2019-10-28T10:00:00Z"), expected);
    EXPECT_EQ(parse_date("20191028"), expected);
    EXPECT_EQ(parse_date("28/10/2019"), expected);
    EXPECT_EQ(parse_date("28-10-2019"), expected);
    EXPECT_EQ(parse_date("2019/10/28"), expected);
    EXPECT_EQ(parse_date(" 2019-10-28 "), expected);
    EXPECT_EQ(parse_date("20191028122352"), expected);
    EXPECT_EQ(parse_date("20191028000000"), expected);
    EXPECT_EQ(parse_date("201910281223"), expected);
}

TEST(ParseDate, EmptyIsNoDate) {
    EXPECT_FALSE(parse_date("").has_value());
    EXPECT_FALSE(parse_date("   ").has_value());
}

TEST(ParseDate, GarbageAndImpossibleDatesThrow) {
    EXPECT_THROW(parse_date("soon"), DataError);
    EXPECT_THROW(parse_date("2019-02-30"), DataError);
    EXPECT_THROW(parse_date("2019-13-01"), DataError);
    EXPECT_THROW(parse_date("31/02/2020"), DataError);
    EXPECT_THROW(parse_date("12"), DataError);
    EXPECT_THROW(parse_date("20191028256000"), DataError); // no 25th hour
    EXPECT_THROW(parse_date("20191328000000"), DataError);
}

TEST(ParseDate, OptionErrorsAreUsageErrors) {
    EXPECT_THROW(parse_date_option("yesterday", "--at"), UsageError);
    EXPECT_THROW(parse_date_option("", "--at"), UsageError);
    EXPECT_EQ(parse_date_option("2022-12-31", "--at"), Date::from_ymd(2022, 12, 31));
}

TEST(Date, IsoAndOrdering) {
    EXPECT_EQ(Date::from_ymd(2020, 3, 17).iso(), "2020-03-17");
    EXPECT_EQ(Date::from_ymd(1970, 1, 1).days, 0);
    EXPECT_LT(Date::from_ymd(2022, 12, 31), Date::never());
    EXPECT_EQ(Date::never().iso(), "");
}

TEST(Quarter, BoundsParseAndArithmetic) {
    const Quarter q = Quarter::parse("2022Q4");
    EXPECT_EQ(q.first_day(), Date::from_ymd(2022, 10, 1));
    EXPECT_EQ(q.last_day(), Date::from_ymd(2022, 12, 31));
    EXPECT_EQ(q.next(), (Quarter{2023, 1}));
    EXPECT_EQ(Quarter::parse("2020-Q1").prev(), (Quarter{2019, 4}));
    EXPECT_EQ(Quarter::parse("2021T2"), (Quarter{2021, 2}));
    EXPECT_EQ(Quarter::of(Date::from_ymd(2020, 3, 31)), (Quarter{2020, 1}));
    EXPECT_EQ(Quarter::of(Date::from_ymd(2020, 4, 1)), (Quarter{2020, 2}));
    EXPECT_EQ((Quarter{2022, 4}).minus(Quarter{2017, 1}), 23);
    EXPECT_EQ((Quarter{2024, 2}).str(), "2024Q2");
    EXPECT_THROW(Quarter::parse("2022Q5"), UsageError);
    EXPECT_THROW(Quarter::parse("22Q4"), UsageError);
}

TEST(AtOption, ReadsADayOrAQuarterAsItsLastDay) {
    EXPECT_EQ(parse_at_option("2022-11-15", "--at").day, Date::from_ymd(2022, 11, 15));
    EXPECT_FALSE(parse_at_option("2022-11-15", "--at").quarter);
    for (const char* text : {"2022Q4", "2022-Q4", "2022T4", "T4 2022", "Q4 2022", "t4 2022"}) {
        const AtOption at = parse_at_option(text, "--at");
        EXPECT_EQ(at.day, Date::from_ymd(2022, 12, 31)) << text;
        ASSERT_TRUE(at.quarter) << text;
        EXPECT_EQ(at.quarter->str(), "2022Q4") << text;
    }
    EXPECT_EQ(parse_at_option("2019Q1", "--at").day, Date::from_ymd(2019, 3, 31));
}

TEST(AtOption, RefusesWhatIsNeitherADayNorAQuarter) {
    for (const char* text : {"", "2022Q5", "T5 2022", "yesterday", "2022-13-01"}) {
        try {
            parse_at_option(text, "--at");
            ADD_FAILURE() << text << " was read";
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("--at"), std::string::npos) << e.what();
        }
    }
}

} // namespace
} // namespace fibre
