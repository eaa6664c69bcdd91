#include "engine/support/error.hpp"
#include "engine/support/text.hpp"

#include <gtest/gtest.h>

namespace fibre::text {
namespace {

TEST(Text, DecimalCommaAndPoint) {
    EXPECT_DOUBLE_EQ(*parse_decimal("12,5"), 12.5);
    EXPECT_DOUBLE_EQ(*parse_decimal("380 123,25"), 380123.25);
    EXPECT_DOUBLE_EQ(*parse_decimal("-0.5"), -0.5);
    EXPECT_FALSE(parse_decimal(" ").has_value());
    EXPECT_THROW(parse_decimal("12,5a"), DataError);
}

TEST(Text, Integers) {
    EXPECT_EQ(*parse_integer("042"), 42);
    EXPECT_EQ(*parse_integer("12.0"), 12);
    EXPECT_THROW(parse_integer("12.5"), DataError);
    // Beyond long long, as a decimal or not, and NaN or infinity: errors, not a cast out of range.
    EXPECT_THROW(parse_integer("44444444444444444444444444"), DataError);
    EXPECT_THROW(parse_integer("4.4e25"), DataError);
    EXPECT_THROW(parse_integer("nan"), DataError);
    EXPECT_THROW(parse_integer("-inf"), DataError);
    EXPECT_FALSE(parse_integer("").has_value());
}

TEST(Text, Windows1252ToUtf8) {
    EXPECT_EQ(cp1252_to_utf8("D\xE9ploy\xE9"), "D\xC3\xA9ploy\xC3\xA9");
    EXPECT_EQ(cp1252_to_utf8("\x80"), "\xE2\x82\xAC"); // euro sign
    EXPECT_TRUE(is_utf8("D\xC3\xA9ploy\xC3\xA9"));
    EXPECT_FALSE(is_utf8("D\xE9ploy\xE9"));
    EXPECT_FALSE(is_utf8("\xC3"));
}

TEST(Text, SplitTrimBomCase) {
    const auto parts = split("a;;b;", ';');
    ASSERT_EQ(parts.size(), 4U);
    EXPECT_EQ(parts[1], "");
    EXPECT_EQ(trim("  x \r\n"), "x");
    EXPECT_EQ(strip_bom("\xEF\xBB\xBFnd_code"), "nd_code");
    EXPECT_TRUE(iequals("PBO", "pbo"));
    EXPECT_EQ(upper("pbo"), "PBO");
}

} // namespace
} // namespace fibre::text
