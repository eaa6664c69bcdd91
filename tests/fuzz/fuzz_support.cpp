#include "tests/fuzz/fuzz_support.hpp"

#include "engine/store/provenance.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace fibre::fuzz {
namespace {

std::filesystem::path make_scratch_dir() {
    std::error_code ec;
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base, ec)) {
        base = std::filesystem::temp_directory_path();
    }
    auto dir = base / ("fibre-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir);
    return dir;
}

void remove_scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(scratch_dir(), ec);
}

} // namespace

void initialise() {
    gdal::initialise();
    log::set_level(log::Level::quiet);
}

const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        auto d = make_scratch_dir();
        std::atexit(remove_scratch_dir);
        return d;
    }();
    return dir;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
}

ScratchStore::ScratchStore() : db_(store::Database::create(scratch_dir() / "fibre.sqlite")) {}

void ScratchStore::import_and_roll_back(importers::Reader& reader, const importers::Source& source) {
    model::ImportRun run;
    run.kind = importers::to_string(reader.kind());
    run.source = source.path;
    run.checksum = source.checksum;
    store::Transaction tx(db_); // never committed: every input starts from the same store
    try {
        importers::ImportSink sink(db_, store::begin_import_run(db_, run), source.path);
        reader.read(source, importers::ReadOptions{}, sink);
        (void)sink.counts_json();
    } catch (const Error&) {
    }
}

} // namespace fibre::fuzz
