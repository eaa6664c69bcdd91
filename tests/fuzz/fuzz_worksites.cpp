// libFuzzer target: the worksite reader (importers::WorksitesReader) on any bytes written as a
// GeoJSON file, read into a store and rolled back. A fibre::Error is the expected answer to
// bad bytes; a crash, a sanitizer report or any other exception is a finding.

#include "engine/support/error.hpp"
#include "importers/source.hpp"
#include "importers/worksites_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace {

struct Target {
    fibre::fuzz::ScratchStore store;
    std::filesystem::path file = fibre::fuzz::scratch_dir() / "chantiers.geojson";
    fibre::importers::WorksitesReader reader;
};

std::unique_ptr<Target> target;

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    fibre::fuzz::initialise();
    target = std::make_unique<Target>();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fibre::fuzz::write_file(target->file, fibre::fuzz::as_text(data, size));
    fibre::importers::Source source;
    try {
        source = fibre::importers::resolve_source(target->file.string());
    } catch (const fibre::Error&) {
        return 0; // an empty file is refused before any reader sees it
    }
    (void)target->reader.detect(source); // must not throw, whatever the file holds
    try {
        (void)target->reader.perimeter(source);
    } catch (const fibre::Error&) {
    }
    target->store.import_and_roll_back(target->reader, source);
    return 0;
}
