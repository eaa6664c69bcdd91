#pragma once
/// @file delivery_diff.hpp
/// What a delivery changes against another of the same kind and perimeter: per kind of
/// element (premises, cables, paths, boxes...), how many were added, removed and changed, and
/// the raccordable premises gained and lost. Used by `fibre import` when a newer delivery
/// replaces an older one (and to refuse a replacement that would remove most of what the
/// store holds), and by `fibre diff`. Definitions in docs/commands/diff.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fibre::store {

class Database;

/// The elements of one kind that some import runs hold, by key (their code within the
/// delivery; a cable's passage in a path by both codes).
struct EntityContents {
    /// What is known of the element(s) of one key: a hash of the compared columns (status and
    /// lifecycle for network elements) of its first row, and how many rows carry that key
    /// (a delivery may repeat a code).
    struct Item {
        std::uint64_t fingerprint = 0;
        long long rows = 0;
    };
    std::string entity; ///< "premises", "cables", "paths", "cable paths", "boxes"...
    long long rows = 0; ///< every row, repeated codes included
    std::unordered_map<std::string, Item> items;
};

/// What one or more import runs of one kind and perimeter hold, as the comparison sees it.
struct DeliveryContents {
    std::string kind;      ///< gracethd, ban, cadastre...
    std::string perimeter; ///< as import_run records it
    std::string label;     ///< the delivery's name (labels joined by ", " for several runs)
    std::vector<long long> runs;
    std::vector<EntityContents> entities; ///< every kind of element the source kind writes, in a fixed order
    /// Whether the store's latest analysis gave these runs' premises a status (an analysis
    /// made after they were imported).
    bool analysed = false;
    /// Codes of the premises raccordable at some date per that analysis.
    std::unordered_set<std::string> raccordable;
};

/// Reads what the import runs @p runs (of source kind @p kind) hold: the key and compared
/// columns of each of their rows, and the raccordable premises per the latest analysis.
/// @throws StoreError.
DeliveryContents read_delivery_contents(Database& db, const std::string& kind,
                                        const std::vector<long long>& runs);

/// The changes of one kind of element.
struct EntityChange {
    std::string entity;
    long long before = 0;  ///< rows on the old side
    long long after = 0;   ///< rows on the new side
    long long added = 0;   ///< rows of the new side whose key the old side lacks
    long long removed = 0; ///< rows of the old side whose key the new side lacks
    long long changed = 0; ///< keys on both sides whose compared columns differ
};

/// What replacing one delivery by another changes.
struct DeliveryChange {
    std::string kind;
    std::string perimeter;
    std::string old_label;              ///< empty when the delivery is new
    std::string new_label;              ///< empty when the delivery is gone
    std::vector<EntityChange> entities; ///< the kinds of element either side holds, in a fixed order
    /// Raccordable premises per each side's analysis; empty when that side has none.
    std::optional<long long> raccordables_before;
    std::optional<long long> raccordables_after;
    /// Premises raccordable on the old side and not on the new one. When the new side has no
    /// analysis, only those the new delivery removes (a lower bound: see lost_is_lower_bound).
    std::optional<long long> raccordables_lost;
    /// Premises raccordable on the new side and not on the old one; empty when the new side
    /// has no analysis (known after `fibre analyze`).
    std::optional<long long> raccordables_gained;
    /// The new side has no analysis: raccordables_lost counts removed premises only, and what
    /// the network's changes do to the others is known after `fibre analyze`.
    bool lost_is_lower_bound = false;

    /// Whether anything differs.
    [[nodiscard]] bool empty() const;
};

/// Compares two deliveries' contents, element kind by element kind. Either side may hold no
/// run (a delivery added or removed). Premises are matched by code, as are the raccordable
/// premises of the two analyses.
DeliveryChange compare_deliveries(const DeliveryContents& before, const DeliveryContents& after);

/// The guard of `fibre import`: a replacement is refused when, for any kind of element, it
/// would remove everything the store held (at least one row, none left) or, of a kind holding
/// at least min_rows rows, more than max_removed_share of them. docs/commands/import.md
/// ("Replacing a delivery") gives the reason.
struct RemovalGuard {
    double max_removed_share = 0.10;
    long long min_rows = 100;
};

/// The removal that exceeds @p guard, as a phrase ("12 of its 12 cables (100 %, none left)"), or an empty
/// string when the change is within it.
std::string excessive_removal(const DeliveryChange& change, const RemovalGuard& guard = {});

/// The change as a short text table: one line per kind of element (before, after, added,
/// removed, changed), then the raccordables.
std::string change_table(const DeliveryChange& change);

/// The change as a JSON object text: {"kind", "perimeter", "old_label", "new_label",
/// "entities": [{"entity", "before", "after", "added", "removed", "changed"}], "raccordables":
/// {"before", "after", "gained", "lost", "lost_is_lower_bound"}} (null where unknown).
std::string change_json(const DeliveryChange& change);

/// Adds @p changes (many deliveries' changes) up into one, labelled "total".
DeliveryChange total_change(const std::vector<DeliveryChange>& changes);

/// Two stores compared delivery by delivery.
struct StoreComparison {
    struct Delivery {
        std::string status; ///< "added", "removed", "changed" or "unchanged"
        DeliveryChange change;
    };
    std::vector<Delivery> deliveries; ///< in kind, then perimeter order
    DeliveryChange total;             ///< every delivery's change added up
};

/// Compares every delivery of @p before with the one of @p after of the same kind and
/// perimeter (import runs without perimeter are matched by kind and label); a delivery of one
/// store only is added or removed. Raccordables come from each store's latest analysis.
/// @throws StoreError.
StoreComparison compare_stores(Database& before, Database& after);

/// Records with import run @p run the change it made to the delivery it replaced (a JSON
/// object text, as change_json gives), in import_run.changes_json (the column is added to a
/// store made before it existed). @throws StoreError.
void record_import_change(Database& db, long long run, const std::string& change_json);

/// Whether @p path is a fibre store (an SQLite file with fibre's schema_version and
/// import_run tables), rather than a delivery (a folder, an archive, a GraceTHD database).
/// Never throws: what cannot be opened is not a store.
bool is_fibre_store(const std::filesystem::path& path);

/// The change recorded with import run @p run, if any (JSON text). @throws StoreError.
std::optional<std::string> read_import_change(Database& db, long long run);

} // namespace fibre::store
