// fibre diff: what a newer store or delivery changes against an older one, delivery by
// delivery (see docs/commands/diff.md).

#include "engine/cli/analysis_input.hpp"
#include "engine/cli/command.hpp"
#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/store/delivery_diff.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "importers/import_job.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <unistd.h>

namespace fibre::cli {
namespace {

namespace fs = std::filesystem;

// A folder of the temp dir holding the scratch stores, removed with them at the end.
class ScratchFolder {
public:
    ScratchFolder() {
        std::random_device random;
        path_ = fs::temp_directory_path() / fmt::format("fibre-diff-{}-{:08x}", ::getpid(), random());
        fs::create_directories(path_);
    }
    ~ScratchFolder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// Lowers the log to warnings while a stage of the comparison runs, as `fibre -q` would: the
// scratch imports' progress is not what the user asked for.
class QuieterLog {
public:
    QuieterLog() : previous_(log::level()) {
        if (previous_ < log::Level::warning) {
            log::set_level(log::Level::warning);
        }
    }
    ~QuieterLog() { log::set_level(previous_); }
    QuieterLog(const QuieterLog&) = delete;
    QuieterLog& operator=(const QuieterLog&) = delete;

private:
    log::Level previous_;
};

// One side of the comparison: a store as it is, or a delivery imported into a scratch store
// (and analysed there, unless asked not to).
struct Side {
    std::string given;
    bool is_store = false;
    fs::path store;
};

Side open_side(const std::string& given, const std::string& name, const ScratchFolder& scratch,
               const std::optional<importers::SourceKind>& kind, bool analyse,
               const graph::AnalysisOptions& options) {
    Side side;
    side.given = given;
    if (!fs::exists(given)) {
        throw DataError("no such store or delivery", ErrorContext::in_file(given));
    }
    if (store::is_fibre_store(given)) {
        side.is_store = true;
        side.store = given;
        auto db = store::Database::open(side.store, store::Database::Mode::read_only);
        if (const auto run = store::latest_analysis(db)) {
            if (const auto since = store::imports_since(db, *run); !since.empty()) {
                log::warning("{}: the store changed since its latest analysis ({} import(s) after it): its "
                             "raccordables may be out of date",
                             given, since.size());
            }
        } else {
            log::info("{}: the store holds no analysis: its raccordables are unknown", given);
        }
        return side;
    }
    side.store = scratch.path() / (name + ".sqlite");
    const QuieterLog quieter;
    {
        auto db = store::Database::create(side.store);
        importers::ImportRequest request;
        request.sources = {given};
        request.kind = kind;
        try {
            importers::run_import(db, request);
        } catch (Error& e) {
            e.add_context(ErrorContext::in_file(given));
            throw;
        }
    }
    if (analyse) {
        auto db = store::Database::open(side.store);
        auto prepared = prepare_analysis(db, options);
        const auto result = graph::analyze_network(prepared.input, options, std::move(prepared.network),
                                                   std::move(prepared.premises));
        store::AnalysisRun run;
        run.parameters_json = analysis_options_json(options);
        run.link_source = result.link_source;
        run.premises = static_cast<long long>(result.statuses.size());
        run.raccordables = static_cast<long long>(result.raccordables);
        store::write_analysis(db, run, result.statuses, result.defects);
    }
    return side;
}

std::string delivery_title(const store::StoreComparison::Delivery& d) {
    const auto& c = d.change;
    const std::string labels = c.old_label.empty()          ? c.new_label
                               : c.new_label.empty()        ? c.old_label
                               : c.old_label == c.new_label ? c.old_label
                                                            : c.old_label + " -> " + c.new_label;
    return fmt::format("{} {} ({}): {}", c.kind, c.perimeter.empty() ? "-" : c.perimeter, labels, d.status);
}

class DiffCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "diff"; }
    [[nodiscard]] std::string summary() const override {
        return "What a newer store or delivery changes against an older one";
    }
    [[nodiscard]] int order() const override { return 12; }

    void setup(CLI::App& app) override {
        app.add_option("OLD", old_, "The older store (.sqlite) or delivery (folder, archive)")->required();
        app.add_option("NEW", new_, "The newer store or delivery")->required();
        app.add_option("--as", kind_,
                       "Kind of the deliveries named, when detection is not wanted: cadastre, ban, ipe, "
                       "gracethd, worksites, arcep, communes");
        app.add_flag("--no-analysis", no_analysis_,
                     "Do not analyse the deliveries named (their raccordables are then unknown)");
        add_analysis_options(app, options_);
        add_format_option(app, format_, {"table", "json"});
    }

    int run() override {
        std::optional<importers::SourceKind> kind;
        if (!kind_.empty()) {
            kind = importers::kind_from_string(kind_);
            if (!kind) {
                throw UsageError("--as: unknown kind '" + kind_ +
                                 "' (cadastre, ban, ipe, gracethd, worksites, arcep, communes)");
            }
        }
        const ScratchFolder scratch;
        const auto old_side = open_side(old_, "old", scratch, kind, !no_analysis_, options_);
        const auto new_side = open_side(new_, "new", scratch, kind, !no_analysis_, options_);
        store::StoreComparison comparison;
        {
            auto old_db = store::Database::open(old_side.store, store::Database::Mode::read_only);
            auto new_db = store::Database::open(new_side.store, store::Database::Mode::read_only);
            comparison = store::compare_stores(old_db, new_db);
        }
        if (format_ == "json") {
            print_json(comparison, old_side, new_side);
        } else {
            print_table(comparison);
        }
        return 0;
    }

private:
    void print_table(const store::StoreComparison& comparison) const {
        std::cout << fmt::format("{} -> {}: {} deliveries\n", old_, new_, comparison.deliveries.size());
        for (const auto& d : comparison.deliveries) {
            std::cout << '\n' << delivery_title(d) << '\n';
            if (d.status != "unchanged") {
                std::cout << store::change_table(d.change);
            }
        }
        if (comparison.deliveries.size() > 1) {
            std::cout << "\ntotal\n" << store::change_table(comparison.total);
        }
    }

    void print_json(const store::StoreComparison& comparison, const Side& old_side,
                    const Side& new_side) const {
        nlohmann::json deliveries = nlohmann::json::array();
        for (const auto& d : comparison.deliveries) {
            auto entry = nlohmann::json::parse(store::change_json(d.change));
            entry["status"] = d.status;
            deliveries.push_back(std::move(entry));
        }
        auto total = nlohmann::json::parse(store::change_json(comparison.total));
        total.erase("kind");
        total.erase("perimeter");
        total.erase("old_label");
        total.erase("new_label");
        const nlohmann::json out{
            {"old", {{"path", old_side.given}, {"type", old_side.is_store ? "store" : "delivery"}}},
            {"new", {{"path", new_side.given}, {"type", new_side.is_store ? "store" : "delivery"}}},
            {"deliveries", deliveries},
            {"total", total}};
        std::cout << out.dump(2) << '\n';
    }

    std::string old_;
    std::string new_;
    std::string kind_;
    bool no_analysis_ = false;
    graph::AnalysisOptions options_;
    std::string format_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::DiffCommand)
