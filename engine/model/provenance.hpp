#pragma once
/// @file provenance.hpp
/// Where the store's rows came from: import runs and the features they rejected.

#include <string>

namespace fibre::model {

struct ImportRun {
    long long id = 0;
    std::string kind;       ///< cadastre, ban, ipe, gracethd, worksites, arcep, communes
    std::string source;     ///< the path as given
    std::string checksum;   ///< SHA-256 of the source's bytes
    std::string perimeter;  ///< what it covers (INSEE codes, PM refs...), used to replace older deliveries
    std::string started_at; ///< ISO 8601 UTC
    std::string finished_at;
    std::string counts_json; ///< per layer: read, imported, repaired, rejected
    std::string label;       ///< the delivery's name (its folder or file), unique among imports of its kind
    friend bool operator==(const ImportRun&, const ImportRun&) = default;
};

/// A feature an import could not take as it was: rejected (not written), repaired
/// (written after a sound repair, such as an invalid polygon made valid), or kept
/// (written as delivered, with a problem worth reporting: a reference that points
/// nowhere, an unknown code).
struct Reject {
    long long import_run = 0;
    std::string source;
    std::string layer;
    std::string feature_id;
    std::string field;
    std::string reason;
    std::string action = "rejected"; ///< "rejected", "repaired" or "kept"
    friend bool operator==(const Reject&, const Reject&) = default;
};

} // namespace fibre::model
