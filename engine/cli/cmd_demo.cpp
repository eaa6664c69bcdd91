// fibre demo: generates the synthetic département, then runs the pipeline on it.

#include "engine/cli/command.hpp"
#include "engine/demo/demo.hpp"
#include "engine/support/date.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>

namespace fibre::cli {
namespace {

class DemoCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "demo"; }
    [[nodiscard]] std::string summary() const override {
        return "Generate a synthetic département (Charente-Maritime) with its ground truth, and run fibre on "
               "it";
    }
    [[nodiscard]] int order() const override { return 5; }

    void setup(CLI::App& app) override {
        app.add_option("--out", out_, "Folder to write the demo into (created when absent)")
            ->required()
            ->type_name("DIR");
        app.add_option("--premises", premises_, "Number of FTTH premises (locaux), 1 to 5000000")
            ->type_name("N")
            ->capture_default_str();
        app.add_option("--seed", seed_, "Random seed: same seed and premises give byte-identical files")
            ->type_name("S")
            ->capture_default_str();
        app.add_flag("--generate-only", generate_only_, "Only write the files; do not run the pipeline");
    }

    int run() override {
        const auto started = std::chrono::steady_clock::now();
        demo::DemoOptions options;
        options.out = out_;
        options.premises = premises_;
        options.seed = seed_;
        log::info("generating the demo département ({} premises, seed {}) into {}", premises_, seed_, out_);
        const auto s = demo::generate(options);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        log::info("generated in {:.1f} s", seconds);

        const std::filesystem::path dir(out_);
        std::cout << fmt::format("demo: {}\n", dir.string());
        std::cout << fmt::format("  communes {}, addresses {}, premises {}\n", s.communes, s.addresses,
                                 s.premises);
        std::cout << fmt::format("  NRO {}, PM {}, PBO {}, cables {}, paths {}, worksites {}\n", s.nro, s.pm,
                                 s.pbo, s.cables, s.paths, s.worksites);
        std::cout << fmt::format(
            "  raccordables on {}: {} ({:.1f} %), injected defects: {}\n", demo::delivery_date,
            s.raccordables, 100.0 * static_cast<double>(s.raccordables) / static_cast<double>(s.premises),
            s.defects);
        std::cout << fmt::format("  raccordés on {}: {} (a PTO and an RA cable each), take-up {:.1f} %\n",
                                 demo::delivery_date, s.raccordes,
                                 s.raccordables > 0 ? 100.0 * static_cast<double>(s.raccordes) /
                                                          static_cast<double>(s.raccordables)
                                                    : 0.0);
        for (const auto& folder : s.folders) {
            std::cout << fmt::format("  {:<10} {}\n", folder, (dir / folder).string());
        }
        if (generate_only_) {
            return 0;
        }
        return run_pipeline(dir);
    }

private:
    // Runs each stage of the product that exists, on what was just generated.
    static int run_pipeline(const std::filesystem::path& dir) {
        const std::string db = (dir / "fibre.sqlite").string();
        if (!has_command("init")) {
            return 0;
        }
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::error_code ec;
            std::filesystem::remove(db + suffix, ec);
        }
        if (const int code = stage({"init", "--db", db}); code != 0) {
            return code;
        }
        if (has_command("import")) {
            for (const char* source : {"communes", "cadastre", "ban", "gracethd", "ipe", "worksites"}) {
                if (const int code = stage({"import", "--db", db, (dir / source).string()}); code != 0) {
                    return code;
                }
            }
        }
        if (has_command("analyze")) {
            if (const int code = stage({"analyze", "--db", db}); code != 0) {
                return code;
            }
        }
        const std::string report = (dir / "report").string();
        const std::string quarter = Quarter::of(*parse_date(demo::delivery_date)).str();
        if (has_command("report")) {
            if (const int code = stage({"report", "--db", db, "--at", quarter, "--out", report}); code != 0) {
                return code;
            }
        }
        std::cout << fmt::format("  {:<10} {}\n", "store", db);
        if (has_command("report")) {
            std::cout << fmt::format("  {:<10} {}\n", "report", report);
        }
        return 0;
    }

    static int stage(const std::vector<std::string>& args) {
        log::info("fibre {}", fmt::join(args, " "));
        try {
            const int code = run_subcommand(args);
            if (code != 0) {
                log::error("fibre {} ended with exit code {}", args.front(), code);
            }
            return code;
        } catch (Error& e) {
            e.add_context({});
            log::error("fibre {}: {}", args.front(), e.what());
            return static_cast<int>(e.exit_code());
        }
    }

    std::string out_;
    std::uint64_t premises_ = 20000;
    std::uint64_t seed_ = 17;
    bool generate_only_ = false;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::DemoCommand)
