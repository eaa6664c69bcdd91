// libFuzzer target: every date and quarter parser of engine/support/date.hpp on any text. A
// fibre::Error is the expected answer to bad text; a crash, a sanitizer report, another
// exception or a broken round trip (abort) is a finding.

#include "engine/support/date.hpp"
#include "engine/support/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void finding(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_date: %s: %s\n", what, detail.c_str());
    std::abort();
}

void check_date(std::string_view text) {
    std::optional<fibre::Date> date;
    try {
        date = fibre::parse_date(text);
    } catch (const fibre::Error&) {
        return;
    }
    if (!date) {
        return;
    }
    // A parsed date is a real day of the years parse_date accepts, and reads back as itself.
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    date->to_ymd(y, m, d);
    if (y < 1900 || y > 2200 || fibre::Date::from_ymd(y, m, d) != *date) {
        finding("parse_date gave a day out of range", std::string(text));
    }
    const auto iso = date->iso();
    if (fibre::parse_date(iso) != date || fibre::parse_date_option(iso, "--date") != *date) {
        finding("the ISO form of a parsed date does not read back", std::string(text) + " -> " + iso);
    }
    const auto quarter = fibre::Quarter::of(*date);
    if (*date < quarter.first_day() || *date > quarter.last_day()) {
        finding("a date is outside its quarter", iso);
    }
}

void check_quarter(std::string_view text) {
    fibre::Quarter q;
    try {
        q = fibre::Quarter::parse(text);
    } catch (const fibre::Error&) {
        return;
    }
    if (q.q < 1 || q.q > 4) {
        finding("Quarter::parse gave a quarter out of 1-4", std::string(text));
    }
    if (q.year >= 1000 && fibre::Quarter::parse(q.str()) != q) {
        finding("the text of a parsed quarter does not read back", std::string(text) + " -> " + q.str());
    }
    if (q.year >= 1900 && q.year <= 2200) {
        if (fibre::Quarter::of(q.first_day()) != q || fibre::Quarter::of(q.last_day()) != q ||
            q.next().prev() != q || q.next().minus(q) != 1) {
            finding("quarter arithmetic", q.str());
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    fibre::fuzz::initialise();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fibre::fuzz::as_text(data, size);
    check_date(text);
    try {
        (void)fibre::parse_date_option(text, "--date");
    } catch (const fibre::Error&) {
    }
    check_quarter(text);
    return 0;
}
