#include "engine/cli/command.hpp"

#include "engine/store/database.hpp"

#include <algorithm>

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

void add_db_option(CLI::App& app, std::string& db) {
    app.add_option("--db", db, "The store (SpatiaLite file); default $FIBRE_DB, else ./fibre.sqlite")
        ->type_name("PATH");
}

std::filesystem::path store_path(const std::string& db_option) {
    return store::default_path(db_option);
}

void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices) {
    format = choices.front();
    app.add_option("--format", format, "Output format")
        ->check(CLI::IsMember(choices))
        ->default_str(choices.front())
        ->type_name("FORMAT");
}

} // namespace fibre::cli
