#pragma once
/// @file atomic_file.hpp
/// Files that appear whole or not at all. Every file fibre writes is written beside its final
/// place under a temporary name (`<name>.part-<pid>`), flushed to the disk, closed with the
/// result checked, and only then renamed into place. A failure removes the temporary file,
/// leaves any earlier file at the final place as it was, and names the user's path and the
/// real cause ("disk full", "permission denied") — never the temporary name.

#include <filesystem>
#include <string>
#include <string_view>

namespace fibre {

/// Plain words for an errno value: "disk full" for ENOSPC, "permission denied" for EACCES
/// and EPERM, "file too large" for EFBIG, "read-only file system" for EROFS... and
/// strerror's text for the others.
std::string describe_errno(int error);

/// Whether @p error is what a failed write reports (ENOSPC, EDQUOT, EFBIG, EIO, EROFS...),
/// as opposed to the ENOENT and EAGAIN that libraries leave behind when they probe for files.
bool is_write_errno(int error) noexcept;

/// Why writing into @p folder failed, in plain words, when the library that wrote said only
/// that it failed: describe_errno(@p error) when @p error is a write error, else "disk full"
/// when the file system of @p folder has (nearly) no space left, else empty.
std::string write_failure_cause(const std::filesystem::path& folder, int error);

/// The temporary name a file is written under beside @p final_path: `<name>.part-<pid>`, and
/// `<name>.part-<pid><ext>` with @p keep_extension, for libraries that pick their format from
/// the extension (GDAL).
std::filesystem::path part_path(const std::filesystem::path& final_path, bool keep_extension = false);

/// One file being written under its temporary name. Removes the temporary file (and the
/// `-journal`, `-wal`, ... files a library may have made beside it) on destruction unless
/// commit() was called. Never commits in its destructor.
class AtomicFile {
public:
    /// How the temporary name ends.
    enum class Extension { dropped, kept };

    /// Prepares to write @p final_path. Nothing is created yet.
    /// @throws DataError naming @p final_path when its folder does not exist or is not a folder.
    explicit AtomicFile(std::filesystem::path final_path, Extension extension = Extension::dropped);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// The user's path.
    [[nodiscard]] const std::filesystem::path& path() const { return final_; }
    /// Where the file is being written.
    [[nodiscard]] const std::filesystem::path& temp_path() const { return temp_; }

    /// Checks that the temporary file can be made, by making it and removing it, so that a
    /// library's own message (GDAL's "unable to open database file") need not be read for the
    /// cause. @throws DataError naming path() and the cause ("permission denied").
    void probe();

    /// Writes @p content as the whole temporary file, flushed to the disk (fsync) unless
    /// @p durable is false, and closed. @throws DataError naming path() and the cause.
    void write(std::string_view content, bool durable = true);

    /// For a temporary file written and closed by a library: flushes it to the disk (fsync).
    /// @throws DataError naming path() and the cause.
    void sync();

    /// Renames the temporary file into place (replacing any earlier file) and flushes the
    /// folder. @throws DataError naming path() and the cause; the temporary file is removed.
    void commit(bool durable = true);

    /// Removes the temporary file and what a library made beside it, now.
    void discard() noexcept;

    /// Why writing the temporary file failed, in plain words, when the library that wrote it
    /// said only that it failed: describe_errno(@p error) for a write error; "file too large"
    /// when the file (or one a library made beside it) has reached the size limit of the
    /// process (ulimit -f); "disk full" when its file system has (nearly) no space left; else
    /// empty. Call before discard().
    [[nodiscard]] std::string failure_cause(int error) const;

    /// Throws "cannot write: <cause>" for path(), after removing the temporary file.
    /// @param error an errno value, or 0 to find the cause from the folder's free space.
    /// @param fallback the cause when none is found ("GDAL: ...").
    [[noreturn]] void fail(int error, const std::string& fallback = {});

private:
    std::filesystem::path final_;
    std::filesystem::path temp_;
    bool committed_ = false;
};

/// Writes @p content to @p path through an AtomicFile. @throws DataError naming @p path.
void write_file_atomically(const std::filesystem::path& path, std::string_view content, bool durable = true);

} // namespace fibre
