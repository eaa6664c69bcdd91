#pragma once
/// @file archive_check.hpp
/// Archives are checked whole before any of their content is read: a damaged entry must
/// be refused, not imported as garbage; an archive that would unpack to more than a
/// département's data (a "zip bomb") is refused before it fills the disk or the memory.
/// The caps are in docs/commands/import.md.

#include <cstdint>
#include <filesystem>
#include <string>

namespace fibre::importers {

/// What an archive may hold.
struct ArchiveLimits {
    /// The sum of the entries' unpacked sizes. A whole département's GraceTHD, cadastre and
    /// BAN files unpack to a few GiB; 32 GiB leaves room for ten times that.
    std::uint64_t max_unpacked_bytes = 32ULL << 30;
    /// Entries (files and folders). A département's EDIGÉO cadastre is some 20 000 sheets.
    std::uint64_t max_entries = 1'000'000;
};

/// The limits in force: the defaults, or FIBRE_ARCHIVE_MAX_BYTES / FIBRE_ARCHIVE_MAX_ENTRIES
/// when set (whole numbers). @throws UsageError when one is not a number.
ArchiveLimits archive_limits();

/// Reads every entry of a .zip to its end, checking its CRC-32 and its size against the
/// central directory, and the caps. @param display the archive as the user named it.
/// @throws DataError naming the archive and the entry.
void check_zip(const std::filesystem::path& archive, const std::string& display, const ArchiveLimits& limits);

/// Reads every entry of a .tar (plain or gzip-compressed) to its end: header checksums,
/// entry sizes against the data present, the gzip CRC, and the caps.
/// @throws DataError naming the archive and the entry.
void check_tar(const std::filesystem::path& archive, const std::string& display, const ArchiveLimits& limits);

} // namespace fibre::importers
