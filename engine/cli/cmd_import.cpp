// fibre import: reads sources into the store (see docs/commands/import.md).

#include "engine/cli/command.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "importers/import_job.hpp"

#include <filesystem>
#include <iostream>

namespace fibre::cli {
namespace {

/// Removes the store files (and SQLite's -wal and -shm beside it) on destruction, unless
/// keep() was called or the store existed before.
class NewStoreGuard {
public:
    NewStoreGuard(std::filesystem::path path, bool is_new) : path_(std::move(path)), is_new_(is_new) {}
    ~NewStoreGuard() {
        if (!is_new_) {
            return;
        }
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path_.string() + suffix, ec);
        }
    }
    NewStoreGuard(const NewStoreGuard&) = delete;
    NewStoreGuard& operator=(const NewStoreGuard&) = delete;
    [[nodiscard]] bool is_new() const { return is_new_; }
    void keep() { is_new_ = false; }

private:
    std::filesystem::path path_;
    bool is_new_;
};

class ImportCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "import"; }
    [[nodiscard]] std::string summary() const override {
        return "Import sources (GraceTHD, cadastre, BAN, IPE, worksites, ARCEP, communes) into the store";
    }
    [[nodiscard]] int order() const override { return 10; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option("SOURCE", sources_, "Files, folders, or .zip / .tar.gz / .tar.bz2 archives")
            ->required();
        app.add_option("--as", kind_,
                       "Kind of the sources, when detection is not wanted: cadastre, ban, ipe, gracethd, "
                       "worksites, arcep, communes");
        app.add_option("--srs", srs_, "CRS of sources that declare none, as EPSG:N (e.g. EPSG:2154)");
        app.add_flag("--replace", replace_,
                     "Import again a source already imported with the same content; replace an earlier "
                     "delivery of the same perimeter even when it would remove a large part of it");
        app.add_flag("--strict", strict_,
                     "Stop at the first rejected feature or malformed CSV record: exit 1, store unchanged");
        app.add_flag("--all-territory", all_territory_,
                     "ARCEP figures: keep every area of the file, not only the communes, EPCI and "
                     "départements of the store's commune table");
    }

    int run() override {
        importers::ImportRequest request;
        request.sources = sources_;
        request.replace = replace_;
        request.options.strict = strict_;
        request.options.all_territory = all_territory_;
        if (!kind_.empty()) {
            request.kind = importers::kind_from_string(kind_);
            if (!request.kind) {
                throw UsageError("--as: unknown kind '" + kind_ +
                                 "' (cadastre, ban, ipe, gracethd, worksites, arcep, communes)");
            }
        }
        if (!srs_.empty()) {
            request.options.srs_epsg = parse_epsg(srs_);
        }
        const auto path = store_path(db_);
        // A store this import creates is removed again when the import fails: a mistyped --db
        // must not leave an empty store behind.
        NewStoreGuard guard(path, !std::filesystem::exists(path));
        std::vector<importers::SourceOutcome> outcomes;
        {
            auto db = guard.is_new() ? store::Database::create(path) : store::Database::open(path);
            outcomes = importers::run_import(db, request);
        }
        guard.keep();
        std::cout << importers::summary_table(outcomes);
        long long rejected = 0;
        for (const auto& o : outcomes) {
            rejected += o.rejected();
        }
        if (rejected > 0) {
            log::warning("{} feature(s) rejected; see the reject table (fibre check lists them)", rejected);
        }
        return strict_ && rejected > 0 ? 1 : 0;
    }

private:
    static int parse_epsg(const std::string& text) {
        std::string digits = text;
        const auto colon = text.find(':');
        if (colon != std::string::npos) {
            const auto auth = text.substr(0, colon);
            if (auth != "EPSG" && auth != "epsg") {
                throw UsageError("--srs: give the CRS as EPSG:N (e.g. EPSG:2154), not '" + text + "'");
            }
            digits = text.substr(colon + 1);
        }
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
            digits.size() > 6) {
            throw UsageError("--srs: give the CRS as EPSG:N (e.g. EPSG:2154), not '" + text + "'");
        }
        return std::stoi(digits);
    }

    std::string db_;
    std::vector<std::string> sources_;
    std::string kind_;
    std::string srs_;
    bool replace_ = false;
    bool strict_ = false;
    bool all_territory_ = false;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::ImportCommand)
