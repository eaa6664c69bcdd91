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

// The folder of an earlier run that crashed stays behind (a crash skips the exit handlers):
// removes those whose process is gone.
void remove_stale_dirs(const std::filesystem::path& base) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(base, ec)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("fibre-fuzz-", 0) == 0 &&
            !std::filesystem::exists("/proc/" + name.substr(std::string("fibre-fuzz-").size()), ec)) {
            std::filesystem::remove_all(entry.path(), ec);
        }
    }
}

std::filesystem::path make_scratch_dir() {
    std::error_code ec;
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base, ec)) {
        base = std::filesystem::temp_directory_path();
    }
    remove_stale_dirs(base);
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
    // Never destroyed: the exit handler that removes the folder is registered while the path is
    // built, so it would run after the path's destructor.
    static const auto* dir = [] {
        const auto* d = new std::filesystem::path(make_scratch_dir());
        std::atexit(remove_scratch_dir);
        return d;
    }();
    return *dir;
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
