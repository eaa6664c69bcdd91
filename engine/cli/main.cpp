// fibre: the FTTH rollout engine. main() only wires the registered commands together and
// maps outcomes to exit codes: 0 ok, 1 data problem, 2 usage error.

#include "engine/cli/command.hpp"
#include "engine/cli/versions.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/gdal_handles.hpp"
#include "engine/support/log.hpp"
#include "engine/support/progress.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    using namespace fibre;
    CLI::App app{"fibre: tracks the rollout of fibre to the home (FTTH) across a French département.\n"
                 "Imports cadastral and network deliveries into a SpatiaLite store, computes which premises\n"
                 "are raccordable and since when, and reports the figures.",
                 "fibre"};
    app.require_subcommand(0, 1);
    app.set_help_all_flag("--help-all", "Show help for every command");
    bool show_version = false;
    bool quiet = false;
    bool verbose = false;
    std::string db;
    std::string completion;
    app.add_flag("--version", show_version, "Print the versions of fibre and of the libraries it uses");
    // -q, -v and --db are global: they may stand before or after the command's name (each
    // command lets the options it does not know through to here).
    app.add_flag("-q,--quiet", quiet, "Only errors on stderr: no warnings, no progress bars");
    app.add_flag("-v,--verbose", verbose, "More messages on stderr: per-layer lines, debug messages");
    app.add_option("--db", db, "The store (SpatiaLite file); default $FIBRE_DB, else ./fibre.sqlite")
        ->type_name("PATH");
    app.add_option("--completion", completion, "Print the completion script for this shell")
        ->check(CLI::IsMember({"bash"}))
        ->group(""); // hidden: used at build time
    app.failure_message(cli::failure_message);

    auto commands = cli::make_commands();
    std::vector<std::pair<CLI::App*, cli::Command*>> subcommands;
    for (auto& command : commands) {
        CLI::App* sub = app.add_subcommand(command->name(), command->summary());
        command->setup(*sub);
        sub->fallthrough();
        subcommands.emplace_back(sub, command.get());
    }

    if (const auto unknown = cli::unknown_command(app, argc, argv)) {
        log::error("{}", *unknown);
        return static_cast<int>(ExitCode::usage);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 returns 0 for --help; its usage errors become our exit code 2.
        const int code = app.exit(e);
        return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
    }

    if (quiet) {
        log::set_level(log::Level::error);
        ProgressBar::disable();
    }
    if (verbose) {
        log::set_level(log::Level::debug);
    }
    cli::set_global_db(db);
    if (show_version) {
        std::cout << cli::versions_text();
        return 0;
    }
    if (!completion.empty()) {
        std::cout << cli::bash_completion(app);
        return 0;
    }

    // A write past the file size limit (ulimit -f) then fails with EFBIG, which fibre reports
    // ("file too large") and cleans up after, instead of killing the process on the spot.
    std::signal(SIGXFSZ, SIG_IGN);

    try {
        gdal::initialise();
        for (auto& [sub, command] : subcommands) {
            if (sub->parsed()) {
                store::set_command_name("fibre " + command->name());
                return command->run();
            }
        }
        std::cout << app.help();
        return static_cast<int>(ExitCode::usage);
    } catch (const Error& e) {
        log::error("{}", e.what());
        return static_cast<int>(e.exit_code());
    } catch (const std::bad_alloc&) {
        log::error("out of memory");
        return static_cast<int>(ExitCode::data);
    } catch (const std::exception& e) {
        log::error("internal error: {}", e.what());
        return static_cast<int>(ExitCode::data);
    }
}
