#pragma once
/// @file csv_table.hpp
/// The CSV files French deliveries are made of: `;` or `,` separated, with or without a
/// byte-order mark, UTF-8 or Windows-1252, quoted fields, sometimes title lines above the
/// header (ARCEP). Read through GDAL's virtual file systems, so a CSV inside a .zip or a
/// .tar reads like a plain file.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fibre::importers {

/// The encoding a CSV file was found in. Windows-1252 text is converted to UTF-8 on reading.
enum class TextEncoding { utf8, windows1252 };

/// One record of a CSV table.
struct CsvRow {
    std::vector<std::string> cells;
    long long line = 0; ///< 1-based line number where the record starts

    /// The cell at @p column, trimmed; empty when the record is shorter.
    [[nodiscard]] std::string_view get(std::size_t column) const;
    /// The cell of an optional column; empty when the column is absent.
    [[nodiscard]] std::string_view get(std::optional<std::size_t> column) const {
        return column ? get(*column) : std::string_view{};
    }
};

/// A CSV file held in memory (as UTF-8), read record by record.
class CsvTable {
public:
    /// Reads @p gdal_path (a plain path or a /vsizip/, /vsitar/ path).
    /// @param display_name the file as messages name it
    /// @param max_bytes read at most this many bytes (0: all); used to peek at a header
    /// @throws DataError naming the file when it cannot be read.
    CsvTable(const std::string& gdal_path, std::string display_name, std::size_t max_bytes = 0);

    /// Makes the first record (among the first 20) that has a column named like one of
    /// @p any_of (case-insensitive) the header; the records above it are titles.
    /// @return whether such a record was found (the header is unchanged otherwise).
    bool find_header(const std::vector<std::string_view>& any_of);

    [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
    [[nodiscard]] char separator() const { return separator_; }
    [[nodiscard]] TextEncoding encoding() const { return encoding_; }
    [[nodiscard]] const std::string& display_name() const { return display_name_; }
    /// The layer name messages and counts use: the file name without its folder.
    [[nodiscard]] const std::string& layer() const { return layer_; }

    /// The index of the first column named like one of @p names (case-insensitive, trimmed).
    [[nodiscard]] std::optional<std::size_t> column(const std::vector<std::string_view>& names) const;
    /// Like column(), for a column the reader cannot do without.
    /// @throws DataError naming the file, the layer and the missing field, listing the header.
    [[nodiscard]] std::size_t require(const std::vector<std::string_view>& names) const;

    /// Reads the next record after the header. @return false at the end of the file.
    /// Blank lines are skipped. @throws DataError (file, line) on an unterminated quote.
    bool next(CsvRow& row);

private:
    bool parse_record(std::size_t& pos, CsvRow& row);

    std::string display_name_;
    std::string layer_;
    std::string text_;
    char separator_ = ';';
    TextEncoding encoding_ = TextEncoding::utf8;
    std::vector<std::string> header_;
    std::size_t pos_ = 0; ///< where the next record starts
    long long line_ = 1;  ///< line number at pos_
};

/// Whether @p name (a lower-case file name) ends like a CSV file (.csv, .txt, .tsv).
bool is_csv_name(std::string_view name);

/// The département of an INSEE commune code: 3 characters overseas (97x, 98x), else 2.
std::string departement_of(std::string_view insee);

/// Joins sorted, distinct codes with commas: the perimeter text of an import.
std::string join_codes(const std::vector<std::string>& codes);

/// A count written as real files write it: "1 362 182" (blanks or no-break spaces as
/// thousands separators), "12", "12,0". "-" and empty give nullopt.
/// @throws DataError when it is not a whole number.
std::optional<long long> parse_count(std::string_view text);

/// ASCII-folds the French accents of a UTF-8 word and lower-cases it ("Terminé" -> "termine").
std::string fold_accents(std::string_view text);

} // namespace fibre::importers
