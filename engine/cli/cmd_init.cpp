// fibre init: creates an empty store.

#include "engine/cli/command.hpp"
#include "engine/store/database.hpp"
#include "engine/support/log.hpp"

#include <iostream>

namespace fibre::cli {
namespace {

class InitCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "init"; }
    [[nodiscard]] std::string summary() const override {
        return "Create an empty store (SpatiaLite, EPSG:2154)";
    }
    [[nodiscard]] int order() const override { return 0; }

    void setup(CLI::App& app) override { add_db_option(app, db_); }

    int run() override {
        const auto path = store_path(db_);
        auto db = store::Database::create(path);
        log::info("created store {} (schema version {})", path.string(), store::schema_version);
        std::cout << path.string() << '\n';
        return 0;
    }

private:
    std::string db_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::InitCommand)
