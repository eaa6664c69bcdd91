#pragma once
/// @file fuzz_support.hpp
/// What the fuzz targets share: GDAL set up once with its messages silenced, a scratch folder
/// on tmpfs removed at exit, and an import run into a store that is rolled back.

#include "engine/store/database.hpp"
#include "importers/import_sink.hpp"
#include "importers/reader.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace fibre::fuzz {

/// Registers GDAL's drivers, routes its messages into the log and keeps the log quiet: the
/// fuzzer's own output is what matters. Call once, from LLVMFuzzerInitialize.
void initialise();

/// The scratch folder of this process: /dev/shm/fibre-fuzz-<pid>/ (the system's temporary
/// folder when /dev/shm is absent), created on first use and removed when the process exits.
const std::filesystem::path& scratch_dir();

/// Writes @p bytes to @p path, replacing it. Aborts when it cannot: the target is broken.
void write_file(const std::filesystem::path& path, std::string_view bytes);

/// The fuzzer's input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// A store in the scratch folder, created once, that every input imports into and rolls back.
class ScratchStore {
public:
    ScratchStore();

    /// Runs @p reader on @p source in one import run, then rolls it back. A fibre::Error
    /// thrown by the reader (bad input) is the expected answer to bad bytes and is swallowed;
    /// anything else propagates and libFuzzer reports it.
    void import_and_roll_back(importers::Reader& reader, const importers::Source& source);

private:
    store::Database db_;
};

} // namespace fibre::fuzz
