#pragma once
/// @file command.hpp
/// How a subcommand plugs into the fibre command: a class deriving from Command in its
/// own cmd_<name>.cpp, registered with FIBRE_REGISTER_COMMAND. main() builds the
/// command line from every registered command, sorted by order().

#include "engine/support/date.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fibre::store {
class Database;
}

namespace fibre::cli {

/// One subcommand of fibre.
class Command {
public:
    virtual ~Command() = default;
    /// The word after `fibre` ("import").
    [[nodiscard]] virtual std::string name() const = 0;
    /// One line for `fibre --help`.
    [[nodiscard]] virtual std::string summary() const = 0;
    /// Where it stands in `fibre --help`: the pipeline's order (init 0, demo 5, import 10...).
    [[nodiscard]] virtual int order() const = 0;
    /// Declares the command's options on its CLI11 subcommand.
    virtual void setup(CLI::App& app) = 0;
    /// Does the work once the options are parsed. Results go to stdout, messages to
    /// stderr. @return the exit code; throw a fibre::Error for data and usage problems.
    virtual int run() = 0;
};

using CommandFactory = std::unique_ptr<Command> (*)();

/// Adds a command to the registry. @return true (so it can initialise a static).
bool register_command(CommandFactory factory);
/// Every registered command, made fresh, sorted by order().
std::vector<std::unique_ptr<Command>> make_commands();

/// Runs one registered command as if typed after `fibre` (args[0] is the command's name),
/// in this process. Used by commands that chain others (`fibre demo` runs import, analyze,
/// report). @return its exit code. @throws UsageError when no such command is registered
/// or its arguments are wrong; fibre::Error from the command itself.
int run_subcommand(const std::vector<std::string>& args);
/// Whether a command of this name is registered.
bool has_command(const std::string& name);

/// Whether the command running is the whole work of the process (run by main), rather than
/// a stage of another command (run_subcommand).
bool command_ends_the_process();

/// Lets go of a command's large working data at its end. Run by main, the process ends right
/// after and the system takes the memory back at once, where freeing millions of small
/// objects one by one would take most of a second: the data is left to it. Run inside
/// another command, it is freed here. A build with AddressSanitizer (FIBRE_SANITIZE) always
/// frees it: its leak check at exit would report the data, and the destructors get checked too.
template <typename T>
void release_at_end(std::unique_ptr<T> data) {
#if defined(__SANITIZE_ADDRESS__) // gcc
    constexpr bool checks_leaks = true;
#elif defined(__has_feature) // clang
    constexpr bool checks_leaks = __has_feature(address_sanitizer);
#else
    constexpr bool checks_leaks = false;
#endif
    if (!checks_leaks && command_ends_the_process()) {
        static_cast<void>(data.release());
    }
}

/// Adds the `--db PATH` option (the store; default $FIBRE_DB, else ./fibre.sqlite).
void add_db_option(CLI::App& app, std::string& db);
/// The store path the user meant: the command's --db, else the one given before the
/// command's name (`fibre --db X status`), else $FIBRE_DB, else ./fibre.sqlite.
std::filesystem::path store_path(const std::string& db_option);
/// Records the `--db` given before the command's name (empty when none). Called by main.
void set_global_db(std::string db);

/// The number of single-character edits (insertions, deletions, substitutions) between two words.
std::size_t edit_distance(const std::string& a, const std::string& b);
/// The candidate nearest to @p word, when it is near enough to be a typing slip (at most a
/// third of its letters, and two, apart); empty otherwise.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

/// The message for a command line that names no registered command where a command is
/// expected ("unknown command 'stauts'; did you mean 'status'?"), or nothing when the line
/// is fine. Only looks at the words before the command's name.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);
/// How fibre words a command-line error of CLI11: prefixed `error:`, with a "did you mean"
/// for a mistyped option, and where to find the help.
std::string failure_message(const CLI::App* app, const CLI::Error& error);

/// A bash completion script for the commands and options of @p app (`fibre --completion bash`).
std::string bash_completion(const CLI::App& app);

/// Refuses a store that holds no analysis, with the words `fibre status` uses: the figures
/// of progress, remaining, worksites, report and export come from the stored analysis, and
/// would all be zeros. @throws DataError (exit 1) naming @p path.
void require_analysis(store::Database& db, const std::filesystem::path& path);

/// "at D, data up to E" (E "unknown" when the store holds no dated data), the words that
/// head every figure printed for a terminal.
std::string at_and_data_date(Date at, const std::optional<Date>& data_date);

/// Says on stderr (a warning) that figures asked at @p at stand after the newest data, when
/// they do: nothing after the data date is known, so a pace or a state after it is not seen.
void warn_if_beyond_data(Date at, const std::optional<Date>& data_date);

/// Adds `--format` with the given choices (first is the default).
void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices);

} // namespace fibre::cli

#define FIBRE_CONCAT_INNER(a, b) a##b
#define FIBRE_CONCAT(a, b) FIBRE_CONCAT_INNER(a, b)
/// Registers a Command subclass with the fibre command; put it once in the command's .cpp.
#define FIBRE_REGISTER_COMMAND(Type)                                                                         \
    namespace {                                                                                              \
    const bool FIBRE_CONCAT(registered_, __LINE__) = ::fibre::cli::register_command(                         \
        []() -> std::unique_ptr<::fibre::cli::Command> { return std::make_unique<Type>(); });                \
    }
