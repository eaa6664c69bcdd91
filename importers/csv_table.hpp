#pragma once
/// @file csv_table.hpp
/// The CSV files French deliveries are made of: `;` or `,` separated, with or without a
/// byte-order mark, UTF-8 or Windows-1252, quoted fields, sometimes title lines above the
/// header (ARCEP). Read through GDAL's virtual file systems, so a CSV inside a .zip or a
/// .tar reads like a plain file.
///
/// Reading is strict and recovers: a malformed record (an unbalanced quote, a NUL byte, a
/// number of fields other than the header's) is handed to the table's malformed-record
/// handler, named by file, line, column and field, and reading goes on with the next record.
/// One bad record never swallows the rest of the table (see docs/formats.md).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fibre {
class DataError;
}

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

    /// What to do with a malformed record. It receives a DataError whose context names the
    /// file (the display name), the layer, the feature ("line N") and the field (the header's
    /// name of the column at fault, empty past the header), and whose reason says what is
    /// wrong, with the column number: "unbalanced quote (column 5)", "NUL byte (column 2)",
    /// "12 fields where the header has 14 (column 13)". It may throw to stop the reading.
    using MalformedRecord = std::function<void(const DataError& problem)>;

    /// Sets the handler of malformed records. Without one, next() throws the DataError.
    void on_malformed(MalformedRecord handler) { on_malformed_ = std::move(handler); }

    /// Reads the next well-formed record after the header. @return false at the end of the file.
    /// Blank lines are skipped; a malformed record goes to the handler (see on_malformed) and
    /// the reading goes on after it: after the whole record, or after its first physical line
    /// when a quote opened in it does not close into a record of the header's number of fields.
    /// @throws DataError (file, layer, line, field) for a malformed record when no handler is set.
    bool next(CsvRow& row);

private:
    /// What a raw record looked like, for next() to tell whether it is well formed.
    struct RecordShape {
        std::size_t start = 0;                     ///< where the record starts in text_
        std::optional<std::size_t> spanning_quote; ///< column of a quoted field that ran past the first line
        std::optional<std::size_t> unclosed_quote; ///< column of a quote still open at the end of the file
        std::optional<std::size_t> nul;            ///< first column holding a NUL byte
    };

    bool parse_record(std::size_t& pos, CsvRow& row, RecordShape* shape = nullptr);
    void malformed(const CsvRow& row, std::optional<std::size_t> column, const std::string& what);

    std::string display_name_;
    std::string layer_;
    std::string text_;
    char separator_ = ';';
    TextEncoding encoding_ = TextEncoding::utf8;
    std::vector<std::string> header_;
    std::size_t pos_ = 0; ///< where the next record starts
    long long line_ = 1;  ///< line number at pos_
    MalformedRecord on_malformed_;
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
