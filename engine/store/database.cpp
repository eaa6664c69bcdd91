#include "engine/store/database.hpp"

#include "engine/store/schema.hpp"
#include "engine/support/error.hpp"

// sqlite3.h stays first: spatialite.h uses its types without including it.
// clang-format off
#include <sqlite3.h>
#include <spatialite.h>
// clang-format on
#include <cstdlib>
#include <fmt/format.h>
#include <system_error>
#include <unistd.h>

namespace fibre::store {
namespace fs = std::filesystem;

namespace {

std::string message_of(sqlite3* db) {
    return db != nullptr ? sqlite3_errmsg(db) : "out of memory";
}

} // namespace

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
    sqlite3_busy_timeout(raw, 10000);
    spatialite_cache_.reset(spatialite_alloc_connection());
    spatialite_init_ex(raw, spatialite_cache_.get(), 0);
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
    fs::path building = path;
    building += fmt::format(".creating-{}", ::getpid());
    const auto remove_partial = [&building] {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            fs::path p = building;
            p += suffix;
            fs::remove(p, ignored);
        }
    };
    try {
        {
            Database db(building, Mode::read_write);
            // 16 KiB pages: the store is read and written in large sequential runs (a
            // million premises, their statuses), which take a quarter of the system calls
            // they would in SQLite's default 4 KiB pages. Set before anything is written.
            db.exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            create_schema(db);
        }
        fs::rename(building, path);
    } catch (const Error& e) {
        remove_partial();
        throw StoreError(fmt::format("cannot create the store: {}", e.reason()),
                         ErrorContext::in_file(path.string()));
    } catch (const fs::filesystem_error& e) {
        remove_partial();
        throw StoreError(fmt::format("cannot create the store: {}", e.code().message()),
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
    if (sqlite3_exec(handle(), copy.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error != nullptr ? error : message_of(handle());
        sqlite3_free(error);
        throw StoreError(message, ErrorContext::in_file(path_.string()));
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        throw StoreError(fmt::format("{} (in: {})", message_of(handle()), sql),
                         ErrorContext::in_file(path_.string()));
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
        throw StoreError(
            fmt::format("cannot bind parameter {}: {} (in: {})", index, message_of(db_->handle()), sql_));
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
    throw StoreError(fmt::format("{} (in: {})", message, sql_), ErrorContext::in_file(db_->path().string()));
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
    throw StoreError(fmt::format("{} (in: {})", message, sql_), ErrorContext::in_file(db_->path().string()));
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
}

Transaction::~Transaction() {
    if (!done_) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace fibre::store
