// libFuzzer target: the CSV reader (importers::CsvTable) on any bytes, read as a file of a
// delivery through GDAL's /vsimem/. A fibre::Error is the expected answer to bad bytes; a
// crash, a sanitizer report or any other exception is a finding.

#include "engine/support/error.hpp"
#include "importers/csv_table.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <cpl_vsi.h>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* path = "/vsimem/fibre-fuzz/t_local.csv";

// The helpers the readers apply to cells: each must answer any cell text.
void use_cell(std::string_view cell) {
    (void)fibre::importers::fold_accents(cell);
    (void)fibre::importers::departement_of(cell);
    try {
        (void)fibre::importers::parse_count(cell);
    } catch (const fibre::Error&) {
    }
}

void read_table(std::size_t max_bytes) {
    using fibre::importers::CsvTable;
    CsvTable table(path, "t_local.csv", max_bytes);
    // The names real readers look their header up by (GraceTHD, BAN, IPE, ARCEP).
    const std::vector<std::string_view> header_names{"lc_code", "id", "code", "IdentifiantImmeuble",
                                                     "code_insee"};
    (void)table.find_header(header_names);
    const auto code = table.column(header_names);
    try {
        (void)table.require({"lc_etat"});
    } catch (const fibre::Error&) {
    }
    fibre::importers::CsvRow row;
    while (table.next(row)) {
        (void)row.get(code);
        for (std::size_t i = 0; i < row.cells.size() && i < 8; ++i) {
            use_cell(row.get(i));
        }
        (void)row.get(row.cells.size() + 1);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    fibre::fuzz::initialise();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The buffer is not copied nor owned by GDAL: the file lives as long as this call.
    VSILFILE* file =
        VSIFileFromMemBuffer(path, const_cast<GByte*>(reinterpret_cast<const GByte*>(data)), size, FALSE);
    VSIFCloseL(file);
    // All of it, and only its head, as a reader peeking at a header does.
    for (const std::size_t max_bytes : {std::size_t{0}, size / 2 + 1}) {
        try {
            read_table(max_bytes);
        } catch (const fibre::Error&) {
        }
    }
    VSIUnlink(path);
    return 0;
}
