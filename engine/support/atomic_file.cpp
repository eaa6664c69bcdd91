#include "engine/support/atomic_file.hpp"

#include "engine/support/error.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace fibre {
namespace fs = std::filesystem;

namespace {

// A write that fails leaves less than this free: no library writes in larger pieces.
constexpr unsigned long long nearly_full_bytes = 1ULL << 20;

fs::path folder_of(const fs::path& p) {
    return p.has_parent_path() ? p.parent_path() : fs::path(".");
}

struct Descriptor {
    explicit Descriptor(int descriptor) : fd(descriptor) {}
    ~Descriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    /// Closes now. @return 0, or the errno of a failed close.
    int close_now() {
        const int rc = ::close(fd);
        fd = -1;
        return rc == 0 ? 0 : errno;
    }
    int fd;
};

// Makes a rename durable; a folder that cannot be opened or synced (some network file
// systems) is not a write failure: the file itself is already on the disk.
void sync_folder(const fs::path& folder) {
    Descriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.fd >= 0) {
        ::fsync(dir.fd);
    }
}

} // namespace

std::string describe_errno(int error) {
    switch (error) {
    case ENOSPC:
        return "disk full";
#ifdef EDQUOT
    case EDQUOT:
        return "disk quota exceeded";
#endif
    case EACCES:
    case EPERM:
        return "permission denied";
    case EFBIG:
        return "file too large";
    case EROFS:
        return "read-only file system";
    case ENOENT:
        return "no such file or folder";
    case ENOTDIR:
        return "a part of the path is not a folder";
    case EISDIR:
        return "is a folder";
    case EIO:
        return "input/output error (the disk may be failing)";
    case ENAMETOOLONG:
        return "name too long";
    default: {
        std::string text = std::strerror(error);
        if (!text.empty()) {
            text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
        }
        return text;
    }
    }
}

bool is_write_errno(int error) noexcept {
    switch (error) {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
    case EFBIG:
    case EIO:
    case EROFS:
        return true;
    default:
        return false;
    }
}

std::string write_failure_cause(const fs::path& folder, int error) {
    if (is_write_errno(error)) {
        return describe_errno(error);
    }
    struct statvfs st {};
    if (::statvfs(folder.c_str(), &st) == 0) {
        const unsigned long long free_bytes =
            static_cast<unsigned long long>(st.f_bavail) * static_cast<unsigned long long>(st.f_frsize);
        if (free_bytes < nearly_full_bytes) {
            return describe_errno(ENOSPC);
        }
    }
    return {};
}

fs::path part_path(const fs::path& final_path, bool keep_extension) {
    fs::path p = final_path;
    p += fmt::format(".part-{}", ::getpid());
    if (keep_extension) {
        p += final_path.extension();
    }
    return p;
}

AtomicFile::AtomicFile(fs::path final_path, Extension extension)
    : final_(std::move(final_path)), temp_(part_path(final_, extension == Extension::kept)) {
    const fs::path folder = folder_of(final_);
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
        const int error = errno;
        throw DataError(error == ENOENT
                            ? fmt::format("cannot write: the folder '{}' does not exist", folder.string())
                            : fmt::format("cannot write: {}", describe_errno(error)),
                        ErrorContext::in_file(final_.string()));
    }
    if (!S_ISDIR(st.st_mode)) {
        throw DataError(fmt::format("cannot write: '{}' is not a folder", folder.string()),
                        ErrorContext::in_file(final_.string()));
    }
    // A leftover of a process that had our pid.
    std::error_code ignored;
    fs::remove(temp_, ignored);
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        discard();
    }
}

void AtomicFile::discard() noexcept {
    std::error_code ignored;
    fs::remove(temp_, ignored);
    // What a library made beside its file: SQLite's -journal, -wal, -shm; GDAL's temporary files.
    const std::string prefix = temp_.filename().string();
    for (fs::directory_iterator it(folder_of(temp_), ignored), end; !ignored && it != end;
         it.increment(ignored)) {
        const std::string name = it->path().filename().string();
        // Not "<name>.part-1234" when ours is "<name>.part-123": that is another process's.
        if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
            std::isdigit(static_cast<unsigned char>(name[prefix.size()])) == 0) {
            std::error_code also_ignored;
            fs::remove_all(it->path(), also_ignored);
        }
    }
}

std::string AtomicFile::failure_cause(int error) const {
    if (is_write_errno(error)) {
        return describe_errno(error);
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        // The largest of the file and what a library made beside it (SQLite's journal).
        unsigned long long largest = 0;
        const std::string prefix = temp_.filename().string();
        std::error_code ec;
        for (fs::directory_iterator it(folder_of(temp_), ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.compare(0, prefix.size(), prefix) == 0 &&
                (name.size() == prefix.size() ||
                 std::isdigit(static_cast<unsigned char>(name[prefix.size()])) == 0)) {
                std::error_code size_ec;
                const auto size = fs::file_size(it->path(), size_ec);
                if (!size_ec) {
                    largest = std::max<unsigned long long>(largest, size);
                }
            }
        }
        if (largest + nearly_full_bytes / 16 >= static_cast<unsigned long long>(limit.rlim_cur)) {
            return describe_errno(EFBIG);
        }
    }
    return write_failure_cause(folder_of(final_), 0);
}

void AtomicFile::fail(int error, const std::string& fallback) {
    std::string cause = error != 0 && !is_write_errno(error) ? describe_errno(error) : failure_cause(error);
    discard();
    if (cause.empty()) {
        cause = fallback;
    }
    if (cause.empty()) {
        cause = "unknown error";
    }
    throw DataError(fmt::format("cannot write: {}", cause), ErrorContext::in_file(final_.string()));
}

void AtomicFile::write(std::string_view content, bool durable) {
    Descriptor out(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (out.fd < 0) {
        const int error = errno;
        discard();
        throw DataError(fmt::format("cannot write: {}", describe_errno(error)),
                        ErrorContext::in_file(final_.string()));
    }
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(out.fd, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (durable && ::fsync(out.fd) != 0) {
        fail(errno);
    }
    if (const int error = out.close_now(); error != 0) {
        fail(error);
    }
}

void AtomicFile::probe() {
    Descriptor out(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (out.fd < 0) {
        const int error = errno;
        throw DataError(fmt::format("cannot write: {}", describe_errno(error)),
                        ErrorContext::in_file(final_.string()));
    }
    out.close_now();
    std::error_code ignored;
    fs::remove(temp_, ignored);
}

void AtomicFile::sync() {
    Descriptor f(::open(temp_.c_str(), O_RDWR | O_CLOEXEC));
    if (f.fd < 0) {
        fail(errno);
    }
    if (::fsync(f.fd) != 0) {
        fail(errno);
    }
    if (const int error = f.close_now(); error != 0) {
        fail(error);
    }
}

void AtomicFile::commit(bool durable) {
    if (::rename(temp_.c_str(), final_.c_str()) != 0) {
        const int error = errno;
        discard();
        throw DataError(fmt::format("cannot write: {}", describe_errno(error)),
                        ErrorContext::in_file(final_.string()));
    }
    committed_ = true;
    if (durable) {
        sync_folder(folder_of(final_));
    }
}

void write_file_atomically(const fs::path& path, std::string_view content, bool durable) {
    AtomicFile file(path);
    file.write(content, durable);
    file.commit(durable);
}

} // namespace fibre
