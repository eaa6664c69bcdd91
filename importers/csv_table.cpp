#include "importers/csv_table.hpp"

#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <memory>

namespace fibre::importers {

namespace {

struct VsiCloser {
    void operator()(VSILFILE* f) const noexcept { VSIFCloseL(f); }
};

std::string read_bytes(const std::string& gdal_path, const std::string& display, std::size_t max_bytes) {
    gdal::initialise();
    std::unique_ptr<VSILFILE, VsiCloser> file(VSIFOpenL(gdal_path.c_str(), "rb"));
    if (!file) {
        throw DataError("cannot open the file", ErrorContext::in_file(display));
    }
    std::string out;
    std::array<char, 1 << 16> buffer{};
    while (max_bytes == 0 || out.size() < max_bytes) {
        const auto n = VSIFReadL(buffer.data(), 1, buffer.size(), file.get());
        if (n == 0) {
            break;
        }
        out.append(buffer.data(), n);
    }
    if (max_bytes != 0 && out.size() >= max_bytes) {
        // A peek must not end inside a record or a multi-byte character.
        out.resize(max_bytes);
        const auto last_newline = out.find_last_of('\n');
        if (last_newline != std::string::npos) {
            out.resize(last_newline + 1);
        }
    }
    return out;
}

/// Counts a separator outside quotes in the first lines.
std::size_t count_outside_quotes(std::string_view text, char sep, int max_lines) {
    std::size_t count = 0;
    bool quoted = false;
    int lines = 0;
    for (char c : text) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == sep) {
            ++count;
        } else if (!quoted && c == '\n' && ++lines >= max_lines) {
            break;
        }
    }
    return count;
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

std::string_view CsvRow::get(std::size_t column) const {
    return column < cells.size() ? text::trim(cells[column]) : std::string_view{};
}

CsvTable::CsvTable(const std::string& gdal_path, std::string display_name, std::size_t max_bytes)
    : display_name_(std::move(display_name)), layer_(base_name(gdal_path)) {
    std::string raw = read_bytes(gdal_path, display_name_, max_bytes);
    const auto without_bom = text::strip_bom(raw);
    if (without_bom.size() != raw.size()) {
        raw.erase(0, raw.size() - without_bom.size());
    }
    // UTF-16 (Excel's "Unicode text") and binary files hold NUL bytes from their first line on:
    // the whole file is refused. A NUL byte further down is one damaged record (next() rejects it).
    const bool utf16 =
        raw.size() >= 2 && ((raw[0] == '\xFF' && raw[1] == '\xFE') || (raw[0] == '\xFE' && raw[1] == '\xFF'));
    if (utf16 || raw.substr(0, raw.find('\n')).find('\0') != std::string::npos) {
        ErrorContext where = ErrorContext::in_file(display_name_);
        where.layer = layer_;
        throw DataError(utf16 ? "the file is UTF-16 text; save it as UTF-8 or Windows-1252 CSV"
                              : "the file is not text (it holds NUL bytes): not a CSV file",
                        where);
    }
    // Windows-1252 is converted field by field (parse_record): a field already in UTF-8 in a
    // file re-saved by hand stays as written, as GraceTHD tables always were read.
    if (!text::is_utf8(raw)) {
        encoding_ = TextEncoding::windows1252;
    }
    text_ = std::move(raw);
    constexpr int sniff_lines = 10;
    const auto semicolons = count_outside_quotes(text_, ';', sniff_lines);
    const auto commas = count_outside_quotes(text_, ',', sniff_lines);
    const auto tabs = count_outside_quotes(text_, '\t', sniff_lines);
    separator_ = ';';
    if (commas > semicolons && commas >= tabs) {
        separator_ = ',';
    } else if (tabs > semicolons && tabs > commas) {
        separator_ = '\t';
    }
    CsvRow row;
    if (parse_record(pos_, row)) {
        header_ = std::move(row.cells);
        for (auto& h : header_) {
            h = std::string(text::trim(h));
        }
    }
}

bool CsvTable::find_header(const std::vector<std::string_view>& any_of) {
    std::size_t pos = 0;
    const auto saved_pos = pos_;
    const auto saved_line = line_;
    pos_ = 0;
    line_ = 1;
    CsvRow row;
    for (int record = 0; record < 20 && parse_record(pos, row); ++record) {
        for (const auto& cell : row.cells) {
            const auto c = text::trim(cell);
            if (std::any_of(any_of.begin(), any_of.end(),
                            [&](std::string_view n) { return text::iequals(c, n); })) {
                header_.clear();
                for (const auto& h : row.cells) {
                    header_.emplace_back(text::trim(h));
                }
                pos_ = pos;
                return true;
            }
        }
    }
    pos_ = saved_pos;
    line_ = saved_line;
    return false;
}

std::optional<std::size_t> CsvTable::column(const std::vector<std::string_view>& names) const {
    for (const auto name : names) {
        for (std::size_t i = 0; i < header_.size(); ++i) {
            if (text::iequals(header_[i], name)) {
                return i;
            }
        }
    }
    return std::nullopt;
}

std::size_t CsvTable::require(const std::vector<std::string_view>& names) const {
    if (auto c = column(names)) {
        return *c;
    }
    std::string listed;
    for (const auto& h : header_) {
        listed += listed.empty() ? h : ", " + h;
    }
    ErrorContext where = ErrorContext::in_file(display_name_);
    where.layer = layer_;
    where.field = names.empty() ? std::string() : std::string(names.front());
    throw DataError(fmt::format("missing column '{}' (the header has: {})", where.field, listed), where);
}

bool CsvTable::next(CsvRow& row) {
    RecordShape shape;
    while (parse_record(pos_, row, &shape)) {
        const bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                                       [](const std::string& c) { return text::trim(c).empty(); });
        if (blank && !shape.nul) {
            continue;
        }
        const std::size_t expected = header_.size();
        const std::size_t got = row.cells.size();
        // Cells past the header's that are all empty come from trailing separators: harmless.
        const bool extra_empty =
            got > expected &&
            std::all_of(row.cells.begin() + static_cast<std::ptrdiff_t>(expected), row.cells.end(),
                        [](const std::string& c) { return text::trim(c).empty(); });
        const bool count_ok = expected == 0 || got == expected || extra_empty;
        if (shape.spanning_quote && (shape.unclosed_quote || !count_ok)) {
            // A quote opened in this record does not close into a record of the header's
            // shape: it was a stray quote, not a field spanning lines. The physical line alone
            // is the malformed record; the lines it would have swallowed are read again.
            const auto end_of_line = text_.find('\n', shape.start);
            pos_ = end_of_line == std::string::npos ? text_.size() : end_of_line + 1;
            line_ = row.line + 1;
            malformed(row, shape.spanning_quote, "unbalanced quote");
            continue;
        }
        if (shape.unclosed_quote) {
            malformed(row, shape.unclosed_quote, "unbalanced quote");
            continue;
        }
        if (shape.nul) {
            malformed(row, shape.nul, "NUL byte");
            continue;
        }
        if (!count_ok) {
            malformed(row, std::min(got, expected),
                      fmt::format("{} field{} where the header has {}", got, got == 1 ? "" : "s", expected));
            continue;
        }
        return true;
    }
    return false;
}

void CsvTable::malformed(const CsvRow& row, std::optional<std::size_t> column, const std::string& what) {
    ErrorContext where = ErrorContext::in_file(display_name_);
    where.layer = layer_;
    where.feature = fmt::format("line {}", row.line);
    std::string reason = what;
    if (column) {
        if (*column < header_.size()) {
            where.field = header_[*column];
        }
        reason += fmt::format(" (column {})", *column + 1);
    }
    DataError problem(reason, where);
    if (!on_malformed_) {
        throw problem;
    }
    on_malformed_(problem);
}

bool CsvTable::parse_record(std::size_t& pos, CsvRow& row, RecordShape* shape) {
    // Cells keep their capacity from one record to the next: no allocation per field on
    // files of a million rows.
    std::size_t used = 0;
    const auto cell = [&]() -> std::string& {
        if (used == row.cells.size()) {
            row.cells.emplace_back();
        }
        auto& c = row.cells[used++];
        c.clear();
        return c;
    };
    if (pos >= text_.size()) {
        row.cells.clear();
        return false;
    }
    if (shape != nullptr) {
        *shape = RecordShape{};
        shape->start = pos;
    }
    row.line = line_;
    std::string* current = &cell();
    bool quoted = false;
    const std::size_t n = text_.size();
    while (pos < n) {
        const char c = text_[pos];
        if (c == '\0' && shape != nullptr && !shape->nul) {
            shape->nul = used - 1;
        }
        if (quoted) {
            if (c == '"') {
                if (pos + 1 < n && text_[pos + 1] == '"') {
                    current->push_back('"');
                    pos += 2;
                    continue;
                }
                quoted = false;
            } else {
                if (c == '\n') {
                    ++line_;
                    if (shape != nullptr && !shape->spanning_quote) {
                        shape->spanning_quote = used - 1;
                    }
                }
                current->push_back(c);
            }
            ++pos;
            continue;
        }
        if (c == '"' && text::trim(*current).empty()) {
            current->clear();
            quoted = true;
        } else if (c == separator_) {
            current = &cell();
        } else if (c == '\n') {
            ++pos;
            ++line_;
            break;
        } else if (c != '\r') {
            current->push_back(c);
        }
        ++pos;
    }
    row.cells.resize(used);
    if (encoding_ == TextEncoding::windows1252) {
        for (auto& c : row.cells) {
            if (!text::is_utf8(c)) {
                c = text::cp1252_to_utf8(c);
            }
        }
    }
    if (quoted) {
        if (shape == nullptr) {
            ErrorContext where = ErrorContext::in_file(display_name_);
            where.layer = layer_;
            where.feature = fmt::format("line {}", row.line);
            throw DataError("a quoted field is not closed before the end of the file", where);
        }
        shape->unclosed_quote = used - 1;
    }
    return true;
}

bool is_csv_name(std::string_view name) {
    const auto ends = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    return ends(".csv") || ends(".txt") || ends(".tsv");
}

std::string departement_of(std::string_view insee) {
    const auto code = text::trim(insee);
    if (code.size() >= 3 && code[0] == '9' && (code[1] == '7' || code[1] == '8')) {
        return std::string(code.substr(0, 3));
    }
    return std::string(code.substr(0, std::min<std::size_t>(2, code.size())));
}

std::string join_codes(const std::vector<std::string>& codes) {
    std::vector<std::string> sorted = codes;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string out;
    for (const auto& c : sorted) {
        if (c.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += ',';
        }
        out += c;
    }
    return out;
}

std::optional<long long> parse_count(std::string_view text) {
    const auto trimmed = text::trim(text);
    if (trimmed.empty() || trimmed == "-") {
        return std::nullopt;
    }
    std::string clean;
    clean.reserve(trimmed.size());
    for (std::size_t i = 0; i < trimmed.size(); ++i) {
        const auto c = static_cast<unsigned char>(trimmed[i]);
        // U+00A0 (C2 A0) and U+202F (E2 80 AF) separate thousands in French figures.
        if (c == 0xC2 && i + 1 < trimmed.size() && static_cast<unsigned char>(trimmed[i + 1]) == 0xA0) {
            ++i;
        } else if (c == 0xE2 && i + 2 < trimmed.size() &&
                   static_cast<unsigned char>(trimmed[i + 1]) == 0x80 &&
                   static_cast<unsigned char>(trimmed[i + 2]) == 0xAF) {
            i += 2;
        } else if (c != ' ') {
            clean.push_back(static_cast<char>(c));
        }
    }
    return text::parse_integer(clean);
}

std::string fold_accents(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            // Latin-1 supplement letters: U+00C0..U+00FF, upper and lower case.
            const auto d =
                static_cast<unsigned char>(s[i + 1]) | 0x20; // fold case (0x80..0x9F -> 0xA0..0xBF)
            char base = 0;
            if (d >= 0xA0 && d <= 0xA5) {
                base = 'a';
            } else if (d == 0xA7) {
                base = 'c';
            } else if (d >= 0xA8 && d <= 0xAB) {
                base = 'e';
            } else if (d >= 0xAC && d <= 0xAF) {
                base = 'i';
            } else if (d >= 0xB2 && d <= 0xB6) {
                base = 'o';
            } else if (d >= 0xB9 && d <= 0xBC) {
                base = 'u';
            }
            if (base != 0) {
                out.push_back(base);
                ++i;
                continue;
            }
        }
        out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
    }
    return out;
}

} // namespace fibre::importers
