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

namespace {
std::string& global_db() {
    static std::string db;
    return db;
}
} // namespace

void set_global_db(std::string db) {
    global_db() = std::move(db);
}

std::filesystem::path store_path(const std::string& db_option) {
    auto path = store::default_path(db_option.empty() ? global_db() : db_option);
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

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
    const std::size_t allowed = std::min<std::size_t>(2, std::max<std::size_t>(1, word.size() / 3));
    std::string best;
    std::size_t best_distance = allowed + 1;
    for (const auto& c : candidates) {
        // A prefix of a longer name ("stat" for "status") is also what the user meant.
        const std::size_t d =
            c.size() > word.size() && c.compare(0, word.size(), word) == 0 && word.size() >= 3
                ? 1
                : edit_distance(word, c);
        if (d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

namespace {

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        names.push_back(sub->get_name());
    }
    return names;
}

// The options of @p app as typed ("--format", "-q").
std::vector<std::string> option_words(const CLI::App& app) {
    std::vector<std::string> words;
    for (const auto* opt : app.get_options()) {
        if (opt->get_group().empty()) {
            continue;
        }
        for (const auto& l : opt->get_lnames()) {
            words.push_back("--" + l);
        }
        for (const auto& s : opt->get_snames()) {
            words.push_back("-" + s);
        }
    }
    return words;
}

} // namespace

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "--") {
            return std::nullopt;
        }
        if (word == "--db" || word == "--completion") {
            ++i; // its value
            continue;
        }
        if (word.starts_with("-")) {
            continue;
        }
        const auto names = command_names(app);
        if (std::find(names.begin(), names.end(), word) != names.end()) {
            return std::nullopt;
        }
        const auto guess = nearest(word, names);
        return guess.empty() ? fmt::format("unknown command '{}' (fibre --help lists the commands)", word)
                             : fmt::format("unknown command '{}'; did you mean '{}'?", word, guess);
    }
    return std::nullopt;
}

std::string failure_message(const CLI::App* app, const CLI::Error& error) {
    const CLI::App* command = nullptr;
    for (const auto* sub : app->get_subcommands()) {
        command = sub;
    }
    const std::string help = command != nullptr ? fmt::format("fibre {} --help", command->get_name())
                                                : std::string("fibre --help");
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        std::vector<std::string> known = option_words(*app);
        if (command != nullptr) {
            const auto own = option_words(*command);
            known.insert(known.end(), own.begin(), own.end());
        }
        for (const auto& word : app->remaining(true)) {
            if (!word.starts_with("-")) {
                return fmt::format("error: unexpected argument '{}' ({} lists what the command takes)\n",
                                   word, help);
            }
            const auto name = word.substr(0, word.find('='));
            const auto guess = nearest(name, known);
            return guess.empty()
                       ? fmt::format("error: unknown option '{}' ({} lists the options)\n", name, help)
                       : fmt::format("error: unknown option '{}'; did you mean '{}'?\n", name, guess);
        }
    }
    return fmt::format("error: {} (see {})\n", error.what(), help);
}

std::string bash_completion(const CLI::App& app) {
    std::string out = "# bash completion for fibre, made by `fibre --completion bash`.\n"
                      "_fibre() {\n"
                      "    local cur=${COMP_WORDS[COMP_CWORD]} prev=\"\"\n"
                      "    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                      "    local command=\"\" i\n"
                      "    for (( i = 1; i < COMP_CWORD; ++i )); do\n"
                      "        case ${COMP_WORDS[i]} in\n"
                      "            --db) (( ++i )) ;;\n"
                      "            -*) ;;\n"
                      "            *) command=${COMP_WORDS[i]}; break ;;\n"
                      "        esac\n"
                      "    done\n";
    std::vector<std::string> valued;
    auto collect_valued = [&valued](const CLI::App& a) {
        for (const auto* opt : a.get_options()) {
            if (opt->get_type_size() != 0 && !opt->get_lnames().empty() && !opt->get_group().empty()) {
                valued.push_back("--" + opt->get_lnames().front());
            }
        }
    };
    collect_valued(app);
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        collect_valued(*sub);
    }
    std::sort(valued.begin(), valued.end());
    valued.erase(std::unique(valued.begin(), valued.end()), valued.end());
    out += fmt::format("    case $prev in\n        {})\n"
                       "            COMPREPLY=( $(compgen -f -- \"$cur\") ); return ;;\n    esac\n",
                       fmt::join(valued, "|"));
    const auto global = option_words(app);
    out += fmt::format("    local global=\"{}\" options=\"\"\n", fmt::join(global, " "));
    out += "    case $command in\n";
    out += fmt::format("        \"\") COMPREPLY=( $(compgen -W \"{} $global\" -- \"$cur\") ); return ;;\n",
                       fmt::join(command_names(app), " "));
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        out += fmt::format("        {}) options=\"{}\" ;;\n", sub->get_name(),
                           fmt::join(option_words(*sub), " "));
    }
    out += "    esac\n"
           "    if [[ $cur == -* ]]; then\n"
           "        COMPREPLY=( $(compgen -W \"$options $global\" -- \"$cur\") )\n"
           "    else\n"
           "        COMPREPLY=( $(compgen -f -- \"$cur\") )\n"
           "    fi\n"
           "}\n"
           "complete -o filenames -F _fibre fibre\n";
    return out;
}

} // namespace fibre::cli
