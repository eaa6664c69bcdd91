#pragma once
/// @file source.hpp
/// A source as the user names it (a file, a folder, a .zip / .tar.bz2 / .tar.gz archive),
/// resolved to the paths GDAL opens, through its virtual file systems for archives.

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fibre::importers {

/// The kinds of source fibre imports.
enum class SourceKind { cadastre, ban, ipe, gracethd, worksites, arcep, communes };

/// "cadastre", "ban"...
const char* to_string(SourceKind kind);
/// Inverse of to_string; nullopt for an unknown name.
std::optional<SourceKind> kind_from_string(const std::string& name);

/// One file inside a source.
struct SourceFile {
    std::string gdal_path; ///< what GDAL opens: a plain path, or /vsizip/..., /vsitar/...
    std::string name;      ///< the file name alone, lower-case ("t_noeud.shp")
};

/// A resolved source.
struct Source {
    std::string path;          ///< as the user gave it
    std::string gdal_path;     ///< the path, or the archive's /vsi path
    bool is_container = false; ///< a folder or an archive
    std::vector<SourceFile>
        files;            ///< every file (recursively) of a folder or archive; the file itself otherwise
    std::string checksum; ///< SHA-256 (hex) of the source's bytes (all files, in name order)
    /// Keeps alive what the source needs while it is read (the scratch copy of a .tar.bz2
    /// archive, removed when the last copy of the Source goes away). May be null.
    std::shared_ptr<void> scratch;

    /// The file whose lower-case name is @p name (e.g. "t_noeud.shp"), if any.
    [[nodiscard]] const SourceFile* find(const std::string& name) const;
};

/// Resolves @p path. @throws DataError when it does not exist or cannot be read.
Source resolve_source(const std::string& path);

/// The deliveries inside a container, one per folder holding a file named @p marker (any
/// extension: "t_noeud" finds t_noeud.shp and t_noeud.csv), each with the files of that folder
/// and a checksum of its own; the source itself when fewer than two folders hold one.
/// @throws DataError when a file cannot be read.
std::vector<Source> split_by_folder(const Source& source, const std::string& marker);

/// The entries at the top of a container, each as a source of its own: one per sub-folder
/// (with every file under it) and one per file directly in it, in name order, each with a
/// checksum of its own. Empty for a source that is not a container.
/// @throws DataError when a file cannot be read.
std::vector<Source> top_level_entries(const Source& source);

/// The part of @p source made of @p files (a subset of its files), named @p path, with a
/// checksum of its own (their names and bytes). @throws DataError when a file cannot be read.
Source part_of(const Source& source, std::string path, std::vector<SourceFile> files);

/// The name a delivery goes by: the last component of @p path without its extension
/// ("deliveries/zone-a.zip" -> "zone-a").
std::string source_label(const std::string& path);

} // namespace fibre::importers
