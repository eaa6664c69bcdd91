#pragma once
/// @file demo.hpp
/// The synthetic département: a generator of everything a French département receives about
/// its FTTH rollout (cadastre, BAN addresses, a GraceTHD v3 delivery, an IPE file, worksites),
/// modelled on Charente-Maritime (17), together with the ground truth it was built from.
/// The file layout and fields are those of docs/formats.md; docs/demo.md describes the demo.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fibre::demo {

/// What to generate.
struct DemoOptions {
    std::filesystem::path out;      ///< folder written (created when absent)
    std::uint64_t premises = 20000; ///< number of FTTH premises (t_local FTTH rows), >= 1
    std::uint64_t seed = 17;        ///< same seed and premises: byte-identical files
};

/// Counts of what was generated, for the command's summary.
struct DemoSummary {
    std::uint64_t communes = 0;       ///< communes of the territory (all of département 17)
    std::uint64_t premises = 0;       ///< FTTH premises
    std::uint64_t addresses = 0;      ///< addresses (BAN rows, t_adresse rows)
    std::uint64_t nro = 0;            ///< NRO sites
    std::uint64_t pm = 0;             ///< PM (SRO) sites
    std::uint64_t pbo = 0;            ///< PBO boxes
    std::uint64_t cables = 0;         ///< t_cable rows, drops (RA) aside
    std::uint64_t paths = 0;          ///< t_cheminement rows
    std::uint64_t worksites = 0;      ///< features of chantiers.geojson
    std::uint64_t raccordables = 0;   ///< premises raccordable on the last day of the history
    std::uint64_t raccordes = 0;      ///< premises with a drop (RA cable to a PTO) by the last day
    std::uint64_t defects = 0;        ///< rows of truth/defects.csv
    std::vector<std::string> folders; ///< the folders written, relative to the output folder
};

/// First and last day of the rollout history; the delivery date of every file is the last.
inline constexpr const char* history_start = "2017-01-01";
inline constexpr const char* delivery_date = "2025-12-31";

/// Generates the synthetic département into options.out: the source folders (communes,
/// cadastre, ban, gracethd, ipe, worksites) and truth/. Existing files of the same names are
/// replaced; nothing else in the folder is touched.
/// @throws UsageError when premises is 0 or above 5 000 000.
/// @throws DataError when a file cannot be written (naming it) or the embedded commune list
///         is unreadable.
DemoSummary generate(const DemoOptions& options);

/// The embedded commune list of département 17 (data/communes-17.csv), as shipped.
const std::string& communes_17_csv();

} // namespace fibre::demo
