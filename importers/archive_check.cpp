#include "importers/archive_check.hpp"

#include "engine/support/error.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <vector>
#include <zip.h>
#include <zlib.h>

namespace fibre::importers {
namespace {

struct ZipCloser {
    void operator()(zip_t* z) const noexcept { zip_discard(z); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};
struct ArchiveCloser {
    void operator()(archive* a) const noexcept { archive_read_free(a); }
};

std::string zip_message(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string out = zip_error_strerror(&error);
    zip_error_fini(&error);
    return out;
}

std::uint64_t limit_from_env(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return fallback;
    }
    char* end = nullptr;
    const auto n = std::strtoull(value, &end, 10);
    if (end == value || *end != '\0') {
        throw UsageError(fmt::format("{}={}: expected a whole number", name, value));
    }
    return n;
}

DataError damaged(const std::string& display, const std::string& entry, const std::string& what) {
    ErrorContext c = ErrorContext::in_file(display);
    c.layer = entry;
    return DataError(what, c);
}

std::string size_text(std::uint64_t bytes) {
    if (bytes >= (1ULL << 30)) {
        return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / static_cast<double>(1ULL << 30));
    }
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / static_cast<double>(1ULL << 20));
}

void check_caps(const std::string& display, std::uint64_t entries, std::uint64_t unpacked,
                const ArchiveLimits& limits) {
    if (entries > limits.max_entries) {
        throw DataError(fmt::format("the archive holds more than {} entries, the most fibre unpacks "
                                    "(FIBRE_ARCHIVE_MAX_ENTRIES raises the cap)",
                                    limits.max_entries),
                        ErrorContext::in_file(display));
    }
    if (unpacked > limits.max_unpacked_bytes) {
        throw DataError(fmt::format("the archive unpacks to more than {}, the most fibre unpacks "
                                    "(FIBRE_ARCHIVE_MAX_BYTES raises the cap)",
                                    size_text(limits.max_unpacked_bytes)),
                        ErrorContext::in_file(display));
    }
}

/// A .tar.gz decompressed with zlib, which checks each gzip member's CRC-32 and size in its
/// trailer (libarchive does not), and handed to libarchive as a plain tar stream.
class GzipStream {
public:
    GzipStream(const std::filesystem::path& path, std::string display)
        : in_(std::fopen(path.c_str(), "rb"), &std::fclose), display_(std::move(display)), in_buf_(1 << 20),
          out_buf_(1 << 20) {
        if (!in_) {
            throw DataError("cannot read the archive", ErrorContext::in_file(display_));
        }
        if (inflateInit2(&z_, 15 + 32) != Z_OK) { // 32: a gzip header is expected and checked
            throw DataError("cannot start decompressing the archive", ErrorContext::in_file(display_));
        }
    }
    ~GzipStream() { inflateEnd(&z_); }
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;

    /// The next block of tar bytes; empty at the end. @throws DataError when damaged.
    std::pair<const char*, std::size_t> next() {
        while (true) {
            if (z_.avail_in == 0 && !eof_) {
                const auto n = std::fread(in_buf_.data(), 1, in_buf_.size(), in_.get());
                eof_ = n < in_buf_.size();
                z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
                z_.avail_in = static_cast<uInt>(n);
            }
            if (z_.avail_in == 0 && eof_) {
                if (member_open_) {
                    throw DataError("the gzip archive is truncated", ErrorContext::in_file(display_));
                }
                return {nullptr, 0};
            }
            if (!member_open_) {
                // Concatenated gzip members (pigz) follow one another.
                inflateReset(&z_);
                member_open_ = true;
            }
            z_.next_out = reinterpret_cast<Bytef*>(out_buf_.data());
            z_.avail_out = static_cast<uInt>(out_buf_.size());
            const int rc = inflate(&z_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                member_open_ = false;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                throw DataError(fmt::format("the gzip archive is damaged ({})",
                                            rc == Z_DATA_ERROR && z_.msg != nullptr
                                                ? std::string(z_.msg) == "incorrect data check"
                                                      ? "its content does not match its CRC-32 checksum"
                                                      : std::string(z_.msg)
                                                : "cannot be decompressed"),
                                ErrorContext::in_file(display_));
            }
            const std::size_t produced = out_buf_.size() - z_.avail_out;
            if (produced > 0) {
                return {out_buf_.data(), produced};
            }
        }
    }

private:
    std::unique_ptr<FILE, int (*)(FILE*)> in_;
    std::string display_;
    std::vector<char> in_buf_;
    std::vector<char> out_buf_;
    z_stream z_{};
    bool eof_ = false;
    bool member_open_ = false;
};

/// libarchive's read callback over a GzipStream; a DataError is kept for the caller.
struct GzipFeed {
    GzipStream* stream = nullptr;
    std::optional<DataError> error;
};

la_ssize_t gzip_read(archive* a, void* data, const void** buffer) {
    auto* feed = static_cast<GzipFeed*>(data);
    try {
        const auto [bytes, size] = feed->stream->next();
        *buffer = bytes;
        return static_cast<la_ssize_t>(size);
    } catch (const DataError& e) {
        feed->error = e;
        archive_set_error(a, EIO, "%s", "damaged gzip stream");
        return -1;
    }
}

bool is_gzip(const std::filesystem::path& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    unsigned char magic[2] = {0, 0};
    return in && std::fread(magic, 1, 2, in.get()) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

} // namespace

ArchiveLimits archive_limits() {
    ArchiveLimits limits;
    limits.max_unpacked_bytes = limit_from_env("FIBRE_ARCHIVE_MAX_BYTES", limits.max_unpacked_bytes);
    limits.max_entries = limit_from_env("FIBRE_ARCHIVE_MAX_ENTRIES", limits.max_entries);
    return limits;
}

void check_zip(const std::filesystem::path& archive, const std::string& display,
               const ArchiveLimits& limits) {
    int code = 0;
    std::unique_ptr<zip_t, ZipCloser> z(zip_open(archive.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!z) {
        throw DataError(fmt::format("not a zip archive, or a damaged one: {}", zip_message(code)),
                        ErrorContext::in_file(display));
    }
    const zip_int64_t n = zip_get_num_entries(z.get(), 0);
    if (n < 0) {
        throw DataError("the zip archive's directory cannot be read", ErrorContext::in_file(display));
    }
    // The caps first, from the central directory, before anything is unpacked.
    std::uint64_t declared = 0;
    std::vector<zip_stat_t> stats(static_cast<std::size_t>(n));
    for (zip_int64_t i = 0; i < n; ++i) {
        auto& st = stats[static_cast<std::size_t>(i)];
        zip_stat_init(&st);
        if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) {
            throw damaged(display, fmt::format("entry {}", i + 1),
                          fmt::format("the entry cannot be read: {}", zip_strerror(z.get())));
        }
        if ((st.valid & ZIP_STAT_SIZE) != 0) {
            declared += st.size;
        }
    }
    check_caps(display, static_cast<std::uint64_t>(n), declared, limits);

    std::vector<char> buffer(1 << 20);
    for (zip_int64_t i = 0; i < n; ++i) {
        const auto& st = stats[static_cast<std::size_t>(i)];
        const std::string name = (st.valid & ZIP_STAT_NAME) != 0 ? st.name : fmt::format("entry {}", i + 1);
        if (!name.empty() && name.back() == '/') {
            continue; // a folder
        }
        std::unique_ptr<zip_file_t, ZipFileCloser> f(
            zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0));
        if (!f) {
            throw damaged(display, name,
                          fmt::format("the entry cannot be opened: {}", zip_strerror(z.get())));
        }
        std::uint64_t read = 0;
        while (true) {
            const zip_int64_t got = zip_fread(f.get(), buffer.data(), buffer.size());
            if (got < 0) {
                const int e = zip_error_code_zip(zip_file_get_error(f.get()));
                throw damaged(display, name,
                              e == ZIP_ER_CRC
                                  ? std::string("the entry is damaged: its content does not match its CRC-32 "
                                                "checksum")
                                  : fmt::format("the entry is damaged: {}", zip_file_strerror(f.get())));
            }
            if (got == 0) {
                break;
            }
            read += static_cast<std::uint64_t>(got);
            if ((st.valid & ZIP_STAT_SIZE) != 0 && read > st.size) {
                throw damaged(display, name, "the entry unpacks to more bytes than its header declares");
            }
        }
        if ((st.valid & ZIP_STAT_SIZE) != 0 && read != st.size) {
            throw damaged(
                display, name,
                fmt::format("the entry unpacks to {} bytes where its header declares {}", read, st.size));
        }
        const int closed = zip_fclose(f.release());
        if (closed != 0) {
            throw damaged(display, name, fmt::format("the entry is damaged: {}", zip_message(closed)));
        }
    }
}

void check_tar(const std::filesystem::path& archive, const std::string& display,
               const ArchiveLimits& limits) {
    std::unique_ptr<::archive, ArchiveCloser> a(archive_read_new());
    if (!a) {
        throw DataError("cannot start reading the archive", ErrorContext::in_file(display));
    }
    archive_read_support_filter_none(a.get());
    archive_read_support_format_tar(a.get());
    std::optional<GzipStream> gzip;
    GzipFeed feed;
    const auto rethrow = [&] {
        if (feed.error) {
            throw *feed.error;
        }
    };
    int opened = ARCHIVE_OK;
    if (is_gzip(archive)) {
        gzip.emplace(archive, display);
        feed.stream = &*gzip;
        opened = archive_read_open(a.get(), &feed, nullptr, &gzip_read, nullptr);
    } else {
        opened = archive_read_open_filename(a.get(), archive.c_str(), 1 << 20);
    }
    if (opened != ARCHIVE_OK) {
        rethrow();
        throw DataError(fmt::format("not a tar archive, or a damaged one: {}", archive_error_string(a.get())),
                        ErrorContext::in_file(display));
    }
    std::uint64_t entries = 0;
    std::uint64_t unpacked = 0;
    std::vector<char> buffer(1 << 20);
    std::string name;
    while (true) {
        archive_entry* entry = nullptr;
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF) {
            break;
        }
        const std::string where = name.empty() ? std::string("its first entry") : "after " + name;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
            rethrow();
            throw damaged(
                display, where,
                fmt::format("the archive is damaged or truncated: {}", archive_error_string(a.get())));
        }
        const char* path = archive_entry_pathname(entry);
        name = path != nullptr ? path : fmt::format("entry {}", entries + 1);
        ++entries;
        if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) > 0) {
            unpacked += static_cast<std::uint64_t>(archive_entry_size(entry));
        }
        check_caps(display, entries, unpacked, limits);
        while (true) {
            const la_ssize_t got = archive_read_data(a.get(), buffer.data(), buffer.size());
            if (got < 0) {
                rethrow();
                throw damaged(
                    display, name,
                    fmt::format("the entry is damaged or truncated: {}", archive_error_string(a.get())));
            }
            if (got == 0) {
                break;
            }
        }
    }
}

} // namespace fibre::importers
