#include "engine/cli/command.hpp"

#include "engine/store/analysis_results.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "engine/support/scratch.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace fibre::cli {
namespace {

std::vector<CommandFactory>& registry() {
    static std::vector<CommandFactory> factories;
    return factories;
}

} // namespace

bool register_command(CommandFactory factory) {
    registry().push_back(factory);
    return true;
}

std::vector<std::unique_ptr<Command>> make_commands() {
    std::vector<std::unique_ptr<Command>> commands;
    for (auto factory : registry()) {
        commands.push_back(factory());
    }
    std::stable_sort(commands.begin(), commands.end(),
                     [](const auto& a, const auto& b) { return a->order() < b->order(); });
    return commands;
}

bool has_command(const std::string& name) {
    for (const auto& command : make_commands()) {
        if (command->name() == name) {
            return true;
        }
    }
    return false;
}

namespace {
int nested_commands = 0; // commands run by run_subcommand, still running
} // namespace

bool command_ends_the_process() {
    return nested_commands == 0;
}

int run_subcommand(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw UsageError("no command to run");
    }
    for (auto& command : make_commands()) {
        if (command->name() != args.front()) {
            continue;
        }
        CLI::App app{command->summary(), command->name()};
        command->setup(app);
        std::vector<std::string> reversed(args.rbegin(), args.rend() - 1); // CLI11 takes them reversed
        try {
            app.parse(reversed);
        } catch (const CLI::ParseError& e) {
            throw UsageError(fmt::format("fibre {}: {}", command->name(), e.what()));
        }
        struct Nested {
            Nested() { ++nested_commands; }
            ~Nested() { --nested_commands; }
            Nested(const Nested&) = delete;
            Nested& operator=(const Nested&) = delete;
        } nested;
        return command->run();
    }
    throw UsageError(fmt::format("no command '{}'", args.front()));
}

void add_db_option(CLI::App& app, std::string& db) {
    app.add_option("--db", db, "The store (SpatiaLite file); default $FIBRE_DB, else ./fibre.sqlite")
        ->type_name("PATH");
}

std::filesystem::path store_path(const std::string& db_option) {
    auto path = store::default_path(db_option);
    // Where a command first names its store, what a killed fibre left beside it goes: the
    // store it was creating, the files it was writing, its lock-info file.
    static std::set<std::filesystem::path> cleaned;
    if (cleaned.insert(path).second) {
        for (const auto& removed : scratch::remove_leftovers_beside(path)) {
            log::debug("removed {}, left by a fibre that is gone", removed.string());
        }
        store::remove_stale_lock_info(path);
    }
    return path;
}

void require_analysis(store::Database& db, const std::filesystem::path& path) {
    if (!store::latest_analysis(db)) {
        throw DataError(
            fmt::format("the store {} holds no analysis: run `fibre analyze` first", path.string()));
    }
}

std::string at_and_data_date(Date at, const std::optional<Date>& data_date) {
    return fmt::format("at {}, data up to {}", at.iso(), data_date ? data_date->iso() : "an unknown date");
}

void warn_if_beyond_data(Date at, const std::optional<Date>& data_date) {
    if (data_date && at > *data_date) {
        log::warning("the figures are asked at {}, after the newest data ({}): nothing after {} is known, so "
                     "they show the data as it stood then",
                     at.iso(), data_date->iso(), data_date->iso());
    }
}

void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices) {
    format = choices.front();
    app.add_option("--format", format, "Output format")
        ->check(CLI::IsMember(choices))
        ->default_str(choices.front())
        ->type_name("FORMAT");
}

} // namespace fibre::cli
