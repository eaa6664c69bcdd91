// The allocator of the fibre command: jemalloc, asked to put its memory on transparent huge
// pages.
//
// `fibre analyze` holds a département's premises, links, IPE lines and statuses in memory:
// about 1.5 GB at a million premises. Handed over in 4 KiB pages, that memory costs the
// system some 380 000 page faults, about a fifth of the analysis' time on a virtual machine; in
// 2 MiB pages, a few tens of thousands (docs/performance.md). jemalloc reads these options
// at start-up from its documented `malloc_conf` symbol; MALLOC_CONF in the environment still
// overrides them. Where the system has no transparent huge pages, the option does nothing.

#include "engine/cli/allocator.hpp"

#include <cstddef>
#include <jemalloc/jemalloc.h>

extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): read by jemalloc
const char* malloc_conf = "thp:always,metadata_thp:auto";
}

namespace fibre::cli {

std::string allocator_version() {
    const char* version = nullptr;
    std::size_t size = sizeof(version);
    if (mallctl("version", static_cast<void*>(&version), &size, nullptr, 0) != 0 || version == nullptr) {
        return "unknown";
    }
    // "5.3.0-0-g54eaed1d...": the release, without the commit it was built from.
    const std::string text(version);
    return text.substr(0, text.find('-'));
}

} // namespace fibre::cli
