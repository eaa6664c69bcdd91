#include "importers/source.hpp"

#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/scratch.hpp"
#include "engine/support/text.hpp"
#include "importers/archive_check.hpp"

#include <algorithm>
#include <array>
#include <bzlib.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <memory>
#include <openssl/evp.h>
#include <system_error>
#include <unistd.h>

namespace fibre::importers {
namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 7> kind_names = {"cadastre",  "ban",   "ipe",     "gracethd",
                                                   "worksites", "arcep", "communes"};

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct DigestDeleter {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

/// SHA-256 over a sequence of files, read in large blocks.
class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new()) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
            throw DataError("cannot start a SHA-256 digest");
        }
    }
    void add_file(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw DataError("cannot read the file", ErrorContext::in_file(path.string()));
        }
        std::vector<char> buffer(1 << 20);
        while (in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            const auto n = in.gcount();
            if (n > 0) {
                EVP_DigestUpdate(ctx_.get(), buffer.data(), static_cast<std::size_t>(n));
            }
        }
        if (in.bad()) {
            throw DataError("read error", ErrorContext::in_file(path.string()));
        }
    }
    void add_text(std::string_view text) { EVP_DigestUpdate(ctx_.get(), text.data(), text.size()); }
    void add_gdal_file(const std::string& gdal_path) {
        std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> in(VSIFOpenL(gdal_path.c_str(), "rb"), &VSIFCloseL);
        if (!in) {
            throw DataError("cannot read the file", ErrorContext::in_file(gdal_path));
        }
        std::vector<char> buffer(1 << 20);
        std::size_t n = 0;
        while ((n = VSIFReadL(buffer.data(), 1, buffer.size(), in.get())) > 0) {
            EVP_DigestUpdate(ctx_.get(), buffer.data(), n);
        }
    }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx_.get(), md.data(), &len);
        std::string out;
        for (unsigned int i = 0; i < len; ++i) {
            out += fmt::format("{:02x}", md[i]);
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, DigestDeleter> ctx_;
};

/// Lists every file under a GDAL path (a folder or a /vsizip/, /vsitar/ root), recursively.
std::vector<SourceFile> list_vsi(const std::string& root) {
    std::vector<SourceFile> files;
    char** entries = VSIReadDirRecursive(root.c_str());
    for (int i = 0; entries != nullptr && entries[i] != nullptr; ++i) {
        std::string rel = entries[i];
        if (rel.empty() || rel.back() == '/') {
            continue;
        }
        const std::string full = root + "/" + rel;
        VSIStatBufL st;
        if (VSIStatL(full.c_str(), &st) != 0 || VSI_ISDIR(st.st_mode)) {
            continue;
        }
        const auto slash = rel.find_last_of('/');
        SourceFile f;
        f.gdal_path = full;
        f.name = text::lower(slash == std::string::npos ? rel : rel.substr(slash + 1));
        files.push_back(std::move(f));
    }
    CSLDestroy(entries);
    std::sort(files.begin(), files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.gdal_path < b.gdal_path; });
    return files;
}

/// Removes a scratch folder when the last Source using it goes away.
struct ScratchDir {
    fs::path dir;
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

/// GDAL reads .zip, .tar, .tar.gz without unpacking them, but has no bzip2 reader:
/// a .tar.bz2 is decompressed to a scratch .tar, which /vsitar/ then reads.
std::shared_ptr<ScratchDir> decompress_bz2(const fs::path& archive, const std::string& display,
                                           fs::path& tar_out, const ArchiveLimits& limits) {
    auto scratch = std::make_shared<ScratchDir>();
    std::error_code ec;
    const auto base = scratch::scratch_folder();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = scratch::temp_path(base, "import", attempt);
        if (fs::create_directory(candidate, ec)) {
            scratch->dir = candidate;
            break;
        }
    }
    if (scratch->dir.empty()) {
        throw DataError("cannot create a scratch folder to unpack the archive",
                        ErrorContext::in_file(display));
    }
    tar_out = scratch->dir / "source.tar";
    std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(archive.c_str(), "rb"), &std::fclose);
    std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(tar_out.c_str(), "wb"), &std::fclose);
    if (!in || !out) {
        throw DataError("cannot read the archive", ErrorContext::in_file(display));
    }
    std::vector<char> in_buf(1 << 20);
    std::vector<char> out_buf(1 << 20);
    const auto damaged = [&] {
        return DataError("the bzip2 archive is truncated or damaged", ErrorContext::in_file(display));
    };
    bz_stream strm{};
    if (BZ2_bzDecompressInit(&strm, 0, 0) != BZ_OK) {
        throw damaged();
    }
    std::uint64_t unpacked = 0;
    bool in_stream = true; // a stream has started and not ended
    bool any_input = false;
    while (true) {
        if (strm.avail_in == 0) {
            const auto n = std::fread(in_buf.data(), 1, in_buf.size(), in.get());
            if (n == 0) {
                break;
            }
            any_input = true;
            strm.next_in = in_buf.data();
            strm.avail_in = static_cast<unsigned int>(n);
        }
        if (!in_stream) {
            // Concatenated streams (pbzip2, lbzip2): start the next one.
            BZ2_bzDecompressEnd(&strm);
            char* next = strm.next_in;
            const unsigned int avail = strm.avail_in;
            strm = bz_stream{};
            if (BZ2_bzDecompressInit(&strm, 0, 0) != BZ_OK) {
                throw damaged();
            }
            strm.next_in = next;
            strm.avail_in = avail;
            in_stream = true;
        }
        strm.next_out = out_buf.data();
        strm.avail_out = static_cast<unsigned int>(out_buf.size());
        const int rc = BZ2_bzDecompress(&strm);
        if (rc != BZ_OK && rc != BZ_STREAM_END) {
            BZ2_bzDecompressEnd(&strm);
            throw DataError("not a bzip2 archive, or a damaged one", ErrorContext::in_file(display));
        }
        const std::size_t produced = out_buf.size() - strm.avail_out;
        unpacked += produced;
        if (unpacked > limits.max_unpacked_bytes) {
            BZ2_bzDecompressEnd(&strm);
            throw DataError(fmt::format("the archive unpacks to more than {} GiB, the most fibre unpacks "
                                        "(FIBRE_ARCHIVE_MAX_BYTES raises the cap)",
                                        limits.max_unpacked_bytes >> 30),
                            ErrorContext::in_file(display));
        }
        if (produced > 0 && std::fwrite(out_buf.data(), 1, produced, out.get()) != produced) {
            BZ2_bzDecompressEnd(&strm);
            throw DataError("cannot write the unpacked archive to the scratch folder",
                            ErrorContext::in_file(display));
        }
        if (rc == BZ_STREAM_END) {
            in_stream = false;
        }
    }
    BZ2_bzDecompressEnd(&strm);
    if (!any_input || in_stream) {
        throw damaged();
    }
    return scratch;
}

} // namespace

const char* to_string(SourceKind kind) {
    return kind_names.at(static_cast<std::size_t>(kind));
}

std::optional<SourceKind> kind_from_string(const std::string& name) {
    const auto lowered = text::lower(name);
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        if (lowered == kind_names[i]) {
            return static_cast<SourceKind>(i);
        }
    }
    return std::nullopt;
}

const SourceFile* Source::find(const std::string& name) const {
    const auto lowered = text::lower(name);
    for (const auto& f : files) {
        if (f.name == lowered) {
            return &f;
        }
    }
    return nullptr;
}

std::vector<Source> split_by_folder(const Source& source, const std::string& marker) {
    // The folders that hold the marker table (t_noeud.shp, t_noeud.csv...).
    std::vector<std::string> folders;
    for (const auto& f : source.files) {
        const auto dot = f.name.rfind('.');
        if (dot == std::string::npos || f.name.substr(0, dot) != marker) {
            continue;
        }
        const auto slash = f.gdal_path.find_last_of('/');
        auto folder = slash == std::string::npos ? std::string() : f.gdal_path.substr(0, slash);
        if (std::find(folders.begin(), folders.end(), folder) == folders.end()) {
            folders.push_back(std::move(folder));
        }
    }
    if (folders.size() < 2) {
        return {source};
    }
    std::sort(folders.begin(), folders.end());
    std::vector<Source> out;
    for (const auto& folder : folders) {
        Source part;
        part.is_container = true;
        part.gdal_path = folder;
        part.scratch = source.scratch;
        const std::string relative = folder.size() > source.gdal_path.size()
                                         ? folder.substr(source.gdal_path.size() + 1)
                                         : std::string();
        part.path = (fs::path(source.path) / relative).string();
        Sha256 digest;
        for (const auto& f : source.files) {
            const auto slash = f.gdal_path.find_last_of('/');
            if (slash != std::string::npos && f.gdal_path.compare(0, slash, folder) == 0 &&
                slash == folder.size()) {
                digest.add_text(f.name);
                digest.add_gdal_file(f.gdal_path);
                part.files.push_back(f);
            }
        }
        part.checksum = digest.hex();
        out.push_back(std::move(part));
    }
    return out;
}

std::vector<Source> top_level_entries(const Source& source) {
    std::vector<Source> out;
    if (!source.is_container) {
        return out;
    }
    std::map<std::string, std::vector<SourceFile>> by_entry; // first path component -> files
    const std::string prefix = source.gdal_path + "/";
    for (const auto& f : source.files) {
        if (f.gdal_path.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        const auto rest = f.gdal_path.substr(prefix.size());
        by_entry[rest.substr(0, rest.find('/'))].push_back(f);
    }
    const bool in_archive = source.gdal_path.rfind("/vsi", 0) == 0;
    for (auto& [entry, files] : by_entry) {
        if (!in_archive) {
            // A plain folder: each entry resolved as the user would name it (an archive in it
            // is opened as an archive).
            out.push_back(resolve_source((fs::path(source.path) / entry).string()));
            continue;
        }
        const bool is_folder = files.size() > 1 || files.front().gdal_path != prefix + entry;
        auto part = part_of(source, (fs::path(source.path) / entry).string(), std::move(files));
        if (is_folder) {
            part.gdal_path = prefix + entry;
        } else {
            part.is_container = false;
            part.gdal_path = part.files.front().gdal_path;
        }
        out.push_back(std::move(part));
    }
    return out;
}

Source part_of(const Source& source, std::string path, std::vector<SourceFile> files) {
    Source part;
    part.path = std::move(path);
    part.gdal_path = source.gdal_path;
    part.is_container = true;
    part.scratch = source.scratch;
    Sha256 digest;
    for (const auto& f : files) {
        digest.add_text(f.name);
        digest.add_gdal_file(f.gdal_path);
    }
    part.checksum = digest.hex();
    part.files = std::move(files);
    return part;
}

std::string source_label(const std::string& path) {
    auto name = fs::path(path).lexically_normal().filename().string();
    if (name.empty() || name == ".") {
        name = fs::path(path).lexically_normal().parent_path().filename().string();
    }
    for (const char* ext : {".tar.bz2", ".tar.gz", ".tbz2", ".tgz", ".tbz", ".zip", ".tar", ".sqlite",
                            ".gpkg", ".spatialite", ".db", ".csv", ".geojson", ".json", ".shp"}) {
        if (ends_with(text::lower(name), ext) && name.size() > std::string_view(ext).size()) {
            name.resize(name.size() - std::string_view(ext).size());
            break;
        }
    }
    return name;
}

Source resolve_source(const std::string& path) {
    gdal::initialise();
    std::error_code ec;
    const fs::path p(path);
    if (!fs::exists(p, ec)) {
        throw DataError("no such file or folder", ErrorContext::in_file(path));
    }
    Source source;
    source.path = path;
    const auto absolute = fs::absolute(p, ec).lexically_normal();
    Sha256 digest;
    if (fs::is_directory(p, ec)) {
        source.is_container = true;
        source.gdal_path = absolute.string();
        if (absolute.string() != path) {
            register_display_path(absolute.string() + "/", (fs::path(path) / "").string());
        }
        std::vector<fs::path> paths;
        for (fs::recursive_directory_iterator it(absolute, ec), end; it != end && !ec; it.increment(ec)) {
            if (it->is_regular_file(ec)) {
                paths.push_back(it->path());
            }
        }
        if (ec) {
            throw DataError(fmt::format("cannot list the folder: {}", ec.message()),
                            ErrorContext::in_file(path));
        }
        std::sort(paths.begin(), paths.end());
        if (paths.empty()) {
            throw DataError("the folder holds no file", ErrorContext::in_file(path));
        }
        for (const auto& f : paths) {
            digest.add_file(f);
            source.files.push_back(SourceFile{f.string(), text::lower(f.filename().string())});
        }
        source.checksum = digest.hex();
        return source;
    }
    if (!fs::is_regular_file(p, ec)) {
        throw DataError("not a regular file or folder", ErrorContext::in_file(path));
    }
    if (fs::file_size(p, ec) == 0 && !ec) {
        throw DataError("the file is empty (0 bytes)", ErrorContext::in_file(path));
    }
    digest.add_file(absolute);
    source.checksum = digest.hex();
    const auto lowered = text::lower(absolute.filename().string());
    // Archives are checked whole (every entry's CRC and size, the caps) before GDAL reads them:
    // GDAL's readers take the bytes they are given.
    if (ends_with(lowered, ".zip")) {
        source.is_container = true;
        check_zip(absolute, path, archive_limits());
        source.gdal_path = "/vsizip/" + absolute.string();
    } else if (ends_with(lowered, ".tar") || ends_with(lowered, ".tar.gz") || ends_with(lowered, ".tgz")) {
        source.is_container = true;
        check_tar(absolute, path, archive_limits());
        source.gdal_path = "/vsitar/" + absolute.string();
    } else if (ends_with(lowered, ".tar.bz2") || ends_with(lowered, ".tbz2") || ends_with(lowered, ".tbz")) {
        source.is_container = true;
        fs::path tar;
        const auto limits = archive_limits();
        source.scratch = decompress_bz2(absolute, path, tar, limits);
        check_tar(tar, path, limits);
        source.gdal_path = "/vsitar/" + tar.string();
    }
    if (source.is_container) {
        register_display_path(source.gdal_path, path);
        source.files = list_vsi(source.gdal_path);
        if (source.files.empty()) {
            throw DataError("the archive is empty or cannot be read", ErrorContext::in_file(path));
        }
    } else {
        source.gdal_path = absolute.string();
        source.files.push_back(SourceFile{absolute.string(), lowered});
    }
    return source;
}

} // namespace fibre::importers
