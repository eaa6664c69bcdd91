#include "engine/store/database.hpp"

#include "engine/store/schema.hpp"
#include "engine/support/atomic_file.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "engine/support/scratch.hpp"

// sqlite3.h stays first: spatialite.h uses its types without including it.
// clang-format off
#include <sqlite3.h>
#include <spatialite.h>
// clang-format on
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace fibre::store {
namespace fs = std::filesystem;

namespace {

// How long a command waits for another to let go of the write lock before it says who holds
// it. Readers are never blocked in WAL mode, and fibre's own writers hold the lock for one
// import or one analysis at a time, so a longer wait would only delay the message.
constexpr int busy_timeout_ms = 2000;

std::string& command_name() {
    static std::string name = "fibre";
    return name;
}

// SQLite's message, with the cause in plain words for a full disk and the system's own error
// for the failures of a file.
std::string message_of(sqlite3* db) {
    if (db == nullptr) {
        return "out of memory";
    }
    const int code = sqlite3_extended_errcode(db) & 0xFF;
    const int system_error = sqlite3_system_errno(db);
    if (code == SQLITE_FULL ||
        ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && system_error == ENOSPC)) {
        return describe_errno(ENOSPC);
    }
    std::string message = sqlite3_errmsg(db);
    if ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY) && system_error != 0) {
        message += ": " + describe_errno(system_error);
    }
    return message;
}

/// The message of a failed statement for a user: SQLite's reason in plain words where it has
/// one (disk full, permission denied, a damaged store), never the SQL, which goes to the
/// debug log (-v) for whoever reports the problem.
std::string statement_failure(const std::string& message, std::string_view sql) {
    log::debug("the statement that failed: {}", sql);
    if (message.rfind("no such table", 0) == 0 || message.rfind("no such column", 0) == 0 ||
        message.find("has no column named") != std::string::npos) {
        return fmt::format(
            "the store does not hold what this command reads ({}): it was made by another version "
            "of fibre, or damaged",
            message);
    }
    if (message.find("malformed") != std::string::npos ||
        message.find("not a database") != std::string::npos) {
        return "the store is damaged (" + message + ")";
    }
    return message;
}

bool is_busy(int rc) {
    return (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED;
}

struct LockHolder {
    long pid = 0;
    std::string command;
    std::string since;
};

std::optional<LockHolder> read_lock_info(const fs::path& store) {
    std::ifstream in(lock_info_path(store));
    if (!in) {
        return std::nullopt;
    }
    LockHolder holder;
    for (std::string line; std::getline(in, line);) {
        const auto space = line.find(' ');
        if (space == std::string::npos) {
            continue;
        }
        const std::string key = line.substr(0, space);
        const std::string value = line.substr(space + 1);
        if (key == "pid") {
            holder.pid = std::strtol(value.c_str(), nullptr, 10);
        } else if (key == "command") {
            holder.command = value;
        } else if (key == "since") {
            holder.since = value;
        }
    }
    if (holder.pid < 1) {
        return std::nullopt;
    }
    return holder;
}

std::string local_time_now() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

// Best effort: a store in a folder we cannot write to is still usable, only the message of a
// command waiting for it is poorer.
void write_lock_info(const fs::path& store) {
    try {
        write_file_atomically(
            lock_info_path(store),
            fmt::format("pid {}\ncommand {}\nsince {}\n", ::getpid(), command_name(), local_time_now()),
            false);
    } catch (const Error& e) {
        log::debug("no lock-info file beside the store: {}", e.what());
    }
}

void remove_own_lock_info(const fs::path& store) {
    const auto holder = read_lock_info(store);
    if (holder && holder->pid == ::getpid()) {
        std::error_code ignored;
        fs::remove(lock_info_path(store), ignored);
    }
}

// What to tell a command that could not take the write lock.
std::string busy_message(const fs::path& store) {
    const auto holder = read_lock_info(store);
    if (holder && scratch::process_runs(holder->pid)) {
        return fmt::format("another fibre command ({}, pid {}) holds the store {} since {}; wait for it or "
                           "stop it",
                           holder->command.empty() ? "fibre" : holder->command, holder->pid, store.string(),
                           holder->since.empty() ? "a moment" : holder->since);
    }
    remove_stale_lock_info(store);
    return fmt::format("another program holds the write lock on the store {}; wait for it or stop it",
                       store.string());
}

} // namespace

void set_command_name(std::string name) {
    command_name() = std::move(name);
}

fs::path lock_info_path(const fs::path& store) {
    fs::path p = store;
    p += ".lock-info";
    return p;
}

void remove_stale_lock_info(const fs::path& store) {
    const auto holder = read_lock_info(store);
    std::error_code ec;
    // The file is written under a temporary name and renamed, so one that cannot be read is
    // no half-written file: as stale as one whose process is gone.
    if (holder ? !scratch::process_runs(holder->pid) : fs::exists(lock_info_path(store), ec)) {
        fs::remove(lock_info_path(store), ec);
    }
}

fs::path default_path(const std::string& from_option) {
    if (!from_option.empty()) {
        return from_option;
    }
    if (const char* env = std::getenv("FIBRE_DB"); env != nullptr && *env != '\0') {
        return env;
    }
    return "fibre.sqlite";
}

void Database::ConnectionCloser::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}
void Database::SpatialiteCache::operator()(void* cache) const noexcept {
    if (cache != nullptr) {
        spatialite_cleanup_ex(cache);
    }
}

Database::Database(fs::path path, Mode mode) : path_(std::move(path)) {
    const int flags =
        mode == Mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path_.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    connection_.reset(raw);
    if (rc != SQLITE_OK) {
        throw StoreError(fmt::format("cannot open: {}", message_of(raw)),
                         ErrorContext::in_file(path_.string()));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
    spatialite_cache_.reset(spatialite_alloc_connection());
    spatialite_init_ex(raw, spatialite_cache_.get(), 0);
}

void Database::close() {
    sqlite3* raw = connection_.release();
    const int rc = sqlite3_close(raw);
    spatialite_cache_.reset();
    if (rc != SQLITE_OK) {
        const std::string message = message_of(raw);
        sqlite3_close_v2(raw); // closes once its statements are finalised
        throw StoreError(fmt::format("cannot close: {}", message), ErrorContext::in_file(path_.string()));
    }
}

Database Database::create(const fs::path& path) {
    std::error_code ec;
    if (fs::exists(path, ec)) {
        throw StoreError("already exists; remove it or choose another --db",
                         ErrorContext::in_file(path.string()));
    }
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) {
        throw StoreError(fmt::format("cannot create the store: folder '{}' does not exist", parent.string()),
                         ErrorContext::in_file(path.string()));
    }
    const fs::path building = scratch::creating_path(path);
    const auto remove_partial = [&building] {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            fs::path p = building;
            p += suffix;
            fs::remove(p, ignored);
        }
        fs::remove(lock_info_path(building), ignored);
    };
    remove_partial();   // a leftover of a process that had our pid
    bool taken = false; // another command created the store meanwhile
    try {
        Database db(building, Mode::read_write);
        // 16 KiB pages: the store is read and written in large sequential runs (a
        // million premises, their statuses), which take a quarter of the system calls
        // they would in SQLite's default 4 KiB pages. Set before anything is written.
        db.exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        create_schema(db);
        // Everything back from the journal into the file, checked: a journal left beside the
        // building name would not follow the file when it is renamed.
        {
            Statement checkpoint = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
            if (!checkpoint.step() || checkpoint.integer(0) != 0) {
                throw StoreError("the journal could not be written back into the file");
            }
        }
        db.close();
        fs::path wal = building;
        wal += "-wal";
        if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0) {
            throw StoreError("the journal could not be written back into the file");
        }
        // link() refuses to replace a store another command made meanwhile; rename() would not.
        if (::link(building.c_str(), path.c_str()) == 0) {
            fs::remove(building, ec);
        } else if (errno == EEXIST) {
            taken = true;
        } else if (::rename(building.c_str(), path.c_str()) != 0) {
            throw StoreError(describe_errno(errno));
        }
    } catch (const Error& e) {
        remove_partial();
        throw StoreError(fmt::format("cannot create the store: {}", e.reason()),
                         ErrorContext::in_file(path.string()));
    }
    if (taken) {
        remove_partial();
        throw StoreError("already exists; remove it or choose another --db",
                         ErrorContext::in_file(path.string()));
    }
    return open(path, Mode::read_write);
}

Database Database::open(const fs::path& path, Mode mode) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw StoreError("no store here; create one with 'fibre init' or name it with --db / FIBRE_DB",
                         ErrorContext::in_file(path.string()));
    }
    if (!fs::is_regular_file(path, ec)) {
        throw StoreError("is not a file", ErrorContext::in_file(path.string()));
    }
    Database db(path, mode == Mode::read_only ? Mode::read_only : Mode::read_write);
    std::optional<int> version;
    try {
        version = db.stored_schema_version();
    } catch (const StoreError& e) {
        throw StoreError(fmt::format("is not a fibre store ({})", e.reason()),
                         ErrorContext::in_file(path.string()));
    }
    if (!version) {
        throw StoreError("is an SQLite database but not a fibre store (it has no schema_version table)",
                         ErrorContext::in_file(path.string()));
    }
    if (*version != schema_version) {
        throw StoreError(
            fmt::format("the store has schema version {}, this fibre reads schema version {}; {}", *version,
                        schema_version,
                        *version > schema_version ? "use a newer fibre"
                                                  : "re-create it with 'fibre init' and import again"),
            ErrorContext::in_file(path.string()));
    }
    if (mode == Mode::read_write) {
        db.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    }
    db.exec("PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
    return db;
}

std::optional<int> Database::stored_schema_version() {
    Statement probe =
        prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    probe.step();
    if (probe.integer(0) == 0) {
        return std::nullopt;
    }
    Statement read = prepare("SELECT max(version) FROM schema_version");
    if (!read.step() || read.is_null(0)) {
        return std::nullopt;
    }
    return static_cast<int>(read.integer(0));
}

void Database::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string copy(sql);
    if (const int rc = sqlite3_exec(handle(), copy.c_str(), nullptr, nullptr, &error); rc != SQLITE_OK) {
        const int code = rc & 0xFF;
        const bool file_error =
            code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY;
        std::string message =
            statement_failure(error != nullptr && !file_error ? error : message_of(handle()), sql);
        sqlite3_free(error);
        if (is_busy(rc)) {
            throw StoreError(busy_message(path_));
        }
        throw StoreError(message, ErrorContext::in_file(path_.string()));
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        throw StoreError(statement_failure(message_of(handle()), sql), ErrorContext::in_file(path_.string()));
    }
    return Statement(*this, stmt, std::string(sql));
}

std::int64_t Database::last_insert_id() const {
    return sqlite3_last_insert_rowid(handle());
}

std::string Database::sqlite_version() {
    return sqlite3_libversion();
}

std::string Database::spatialite_version() {
    return ::spatialite_version();
}

// ---- Statement ----

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

Statement::Statement(Database& db, sqlite3_stmt* stmt, std::string sql)
    : db_(&db), stmt_(stmt), sql_(std::move(sql)) {}

void Statement::check_bind(int rc, int index) {
    if (rc != SQLITE_OK) {
        throw StoreError(fmt::format("cannot bind parameter {}: {}", index,
                                     statement_failure(message_of(db_->handle()), sql_)),
                         ErrorContext::in_file(db_->path().string()));
    }
}

Statement& Statement::bind(int index, std::string_view text) {
    check_bind(
        sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT),
        index);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_.get(), index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_.get(), index, value), index);
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
    check_bind(sqlite3_bind_blob(stmt_.get(), index, data, static_cast<int>(size), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_.get(), index), index);
    return *this;
}

Statement& Statement::bind_text_or_null(int index, std::string_view text) {
    return text.empty() ? bind_null(index) : bind(index, text);
}

Statement& Statement::bind_static(int index, std::string_view text) {
    check_bind(
        sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC),
        index);
    return *this;
}

Statement& Statement::bind_static_or_null(int index, std::string_view text) {
    return text.empty() ? bind_null(index) : bind_static(index, text);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    const std::string message = message_of(db_->handle());
    sqlite3_reset(stmt_.get());
    if (is_busy(rc)) {
        throw StoreError(busy_message(db_->path()));
    }
    throw StoreError(statement_failure(message, sql_), ErrorContext::in_file(db_->path().string()));
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

bool Statement::run_unless_duplicate() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        reset();
        return true;
    }
    const int extended = sqlite3_extended_errcode(db_->handle());
    if (extended == SQLITE_CONSTRAINT_PRIMARYKEY || extended == SQLITE_CONSTRAINT_UNIQUE) {
        reset();
        return false;
    }
    const std::string message = message_of(db_->handle());
    reset();
    if (is_busy(rc)) {
        throw StoreError(busy_message(db_->path()));
    }
    throw StoreError(statement_failure(message, sql_), ErrorContext::in_file(db_->path().string()));
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::optional<Date> Statement::date(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return parse_date(text(column));
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    if (p == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)));
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}

const unsigned char* Statement::blob_data(int column, std::size_t& size) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_.get(), column));
    size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column));
    return p;
}

std::vector<unsigned char> Statement::blob(int column) const {
    std::size_t size = 0;
    const unsigned char* p = blob_data(column, size);
    return p == nullptr ? std::vector<unsigned char>{} : std::vector<unsigned char>(p, p + size);
}

// ---- Transaction ----

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
    write_lock_info(db_.path());
}

// The lock-info file goes before the lock: once the lock is free, another command may write
// its own.
Transaction::~Transaction() {
    if (!done_) {
        remove_own_lock_info(db_.path());
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    remove_own_lock_info(db_.path());
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace fibre::store
