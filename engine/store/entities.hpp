#pragma once
/// @file entities.hpp
/// Writing the imported entities into the store and reading them back as model structs.
/// The importers write through EntityWriter; the graph engine and the rollout figures
/// read through the read_* functions.

#include "engine/model/network.hpp"
#include "engine/model/rollout.hpp"
#include "engine/model/territory.hpp"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace fibre::store {

class Database;

/// Inserts entities for one import run. Statements are prepared on first use and reused,
/// so adding a million rows costs one prepare per table. Call inside a Transaction.
///
/// Tables keyed by a code that must be unique (parcel, building, address, premise,
/// worksite) return false from add() when the code is already there, and write nothing:
/// the importer reports it as a rejected duplicate. Network tables (node, link, site, box,
/// zone) accept duplicate codes: `fibre check` reports them. A commune that is already
/// there is completed: fields the new row has replace the stored ones, others are kept.
class EntityWriter {
public:
    /// @param import_run the import_run.id recorded on every row written
    EntityWriter(Database& db, long long import_run);
    ~EntityWriter();
    EntityWriter(const EntityWriter&) = delete;
    EntityWriter& operator=(const EntityWriter&) = delete;

    void add(const model::Commune& c);
    bool add(const model::Parcel& p);
    bool add(const model::Building& b);
    bool add(const model::Address& a);
    bool add(const model::Premise& p);
    void add(const model::Node& n);
    void add(const model::Link& l);
    void add(const model::CablePath& cp);
    void add(const model::Site& s);
    void add(const model::Box& b);
    void add(const model::Zone& z);
    bool add(const model::Worksite& w);
    void add(const model::Declaration& d);
    /// Replaces the figure of the same level, code and quarter. A store made before the
    /// figures carried ARCEP's best estimate, band and zone gets those columns here.
    void add(const model::ArcepFigure& f);
    /// ARCEP's commune reference (its `communes.csv`), kept apart from the commune table,
    /// which it never changes. Replaces the row of the same INSEE code.
    void add(const model::ArcepCommune& c);

private:
    struct Statements;
    Database& db_;
    long long import_run_;
    std::unique_ptr<Statements> st_;
};

std::vector<model::Commune> read_communes(Database& db);
std::vector<model::Parcel> read_parcels(Database& db);
std::vector<model::Building> read_buildings(Database& db);
std::vector<model::Address> read_addresses(Database& db);
std::vector<model::Premise> read_premises(Database& db);
std::vector<model::Node> read_nodes(Database& db);
std::vector<model::Link> read_links(Database& db);
std::vector<model::CablePath> read_cable_paths(Database& db);
std::vector<model::Site> read_sites(Database& db);
std::vector<model::Box> read_boxes(Database& db);
/// Whether the store's box table has the local_code column (stores made before it do not).
bool box_has_local_code(Database& db);
/// Adds the local_code column to the box table of a store made before it. @throws StoreError.
void ensure_box_local_code(Database& db);
std::vector<model::Zone> read_zones(Database& db);
std::vector<model::Worksite> read_worksites(Database& db);
std::vector<model::Declaration> read_declarations(Database& db);
/// ARCEP's figures, in level, code and quarter order. A commune figure without a zone of its
/// own takes the zone of ARCEP's commune reference, when imported.
std::vector<model::ArcepFigure> read_arcep_figures(Database& db);
std::vector<model::ArcepCommune> read_arcep_communes(Database& db);

/// The areas a store covers: the INSEE codes, EPCI SIRENs and départements of its commune table.
struct Territory {
    std::set<std::string> communes;
    std::set<std::string> epcis;
    std::set<std::string> departements;
    [[nodiscard]] bool empty() const { return communes.empty(); }
};
Territory read_territory(Database& db);

} // namespace fibre::store
