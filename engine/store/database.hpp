#pragma once
/// @file database.hpp
/// The SpatiaLite store: one SQLite file holding the schema described in
/// docs/data-model.md. This folder is the only place in fibre that speaks SQL.

#include "engine/support/date.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace fibre::store {

/// The schema version this build reads and writes.
inline constexpr int schema_version = 2;

/// Where the store is when nothing is said: --db, else $FIBRE_DB, else ./fibre.sqlite.
std::filesystem::path default_path(const std::string& from_option);

/// Names the command this process runs ("fibre import") in the lock-info files it writes,
/// so that another command waiting for the store can say who holds it. Default "fibre".
void set_command_name(std::string name);

/// `<store>.lock-info`: written beside the store while a Transaction holds its write lock
/// (the holder's pid, command and start time), removed when the transaction ends.
std::filesystem::path lock_info_path(const std::filesystem::path& store);

/// Removes the lock-info file of @p store when the process it names is gone. Best effort.
void remove_stale_lock_info(const std::filesystem::path& store);

class Statement;

/// An open store. Move-only; closes the connection (and SpatiaLite's cache) on destruction.
class Database {
public:
    enum class Mode { read_only, read_write };

    /// Creates a new store at @p path: SpatiaLite metadata with EPSG:2154 registered, WAL
    /// journal, the whole schema, and its schema_version row. The file is built beside its
    /// final place (`<path>.creating-<pid>`), written back from its journal and closed with
    /// the result checked, and only then renamed into it, so a failure leaves nothing behind.
    /// @throws StoreError when the file exists or cannot be created; the message names the
    /// cause ("disk full", "permission denied").
    static Database create(const std::filesystem::path& path);

    /// Opens an existing store and checks its schema version.
    /// @throws StoreError when the file is missing, is not a fibre store, or has another
    /// schema version (the message names both versions).
    static Database open(const std::filesystem::path& path, Mode mode = Mode::read_write);

    /// Runs one or more SQL statements with no result. @throws StoreError with SQLite's message.
    void exec(std::string_view sql);
    /// Prepares one statement. @throws StoreError with SQLite's message and the SQL.
    [[nodiscard]] Statement prepare(std::string_view sql);

    /// The version written in the store's schema_version table; nullopt when it has none.
    [[nodiscard]] std::optional<int> stored_schema_version();

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    /// The raw connection, for this folder's .cpp files.
    [[nodiscard]] sqlite3* handle() const { return connection_.get(); }
    /// Row id of the last insert on this connection.
    [[nodiscard]] std::int64_t last_insert_id() const;

    /// SQLite's version ("3.40.1").
    static std::string sqlite_version();
    /// SpatiaLite's version ("5.0.1").
    static std::string spatialite_version();

private:
    struct ConnectionCloser {
        void operator()(sqlite3* db) const noexcept;
    };
    struct SpatialiteCache {
        void operator()(void* cache) const noexcept;
    };

    Database(std::filesystem::path path, Mode mode);
    /// Closes the connection now. @throws StoreError when SQLite cannot close it.
    void close();

    std::filesystem::path path_;
    // Declared before the connection so that the connection closes first.
    std::unique_ptr<void, SpatialiteCache> spatialite_cache_;
    std::unique_ptr<sqlite3, ConnectionCloser> connection_;
};

/// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(Database& db, sqlite3_stmt* stmt, std::string sql);

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, long long value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind_blob(int index, const void* data, std::size_t size);
    Statement& bind_null(int index);
    /// Binds an empty string as NULL (codes and dates that the source left empty).
    Statement& bind_text_or_null(int index, std::string_view text);
    /// Binds text without copying it: @p text must stay unchanged until the statement is
    /// next run, reset or rebound. For writing millions of rows from memory.
    Statement& bind_static(int index, std::string_view text);
    /// bind_static(), with an empty string bound as NULL.
    Statement& bind_static_or_null(int index, std::string_view text);

    /// Advances to the next row. @return true while there is a row. @throws StoreError.
    bool step();
    /// Runs a statement that returns no row, then resets it for the next bindings.
    void run();
    /// Like run(), but a primary-key or unique violation returns false (nothing written)
    /// instead of throwing. Other failures still throw.
    bool run_unless_duplicate();
    /// Resets and clears the bindings.
    void reset();

    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::string text(int column) const; ///< NULL reads as ""
    /// A date column as the store writes it (ISO text); NULL reads as nullopt.
    /// @throws DataError when the text is not a date.
    [[nodiscard]] std::optional<Date> date(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const; ///< NULL reads as 0
    [[nodiscard]] double real(int column) const;          ///< NULL reads as 0
    [[nodiscard]] std::vector<unsigned char> blob(int column) const;
    [[nodiscard]] const unsigned char* blob_data(int column, std::size_t& size) const;

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };
    void check_bind(int rc, int index);

    Database* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
    std::string sql_;
};

/// A write transaction that rolls back unless commit() was called.
/// Never commits in its destructor. While it holds the write lock, the store's lock-info
/// file names this process (see lock_info_path()).
class Transaction {
public:
    /// Begins an IMMEDIATE transaction (takes the write lock at once, waiting a few seconds
    /// for another writer). @throws StoreError when another command holds the lock: "another
    /// fibre command (fibre import, pid N) holds the store PATH since TIME; wait for it or
    /// stop it".
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Makes the changes durable. @throws StoreError (the transaction is then rolled back).
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

} // namespace fibre::store
