// fibre export: the coverage layers (or the premises alone) for a GIS.

#include "engine/cli/analysis_input.hpp"
#include "engine/cli/command.hpp"
#include "engine/cli/network_defects.hpp"
#include "engine/report/geo_export.hpp"
#include "engine/rollout/rollout_data.hpp"
#include "engine/store/database.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "engine/support/scratch.hpp"

#include <algorithm>
#include <iostream>

namespace fibre::cli {
namespace {

class ExportCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "export"; }
    [[nodiscard]] std::string summary() const override {
        return "Export premises, communes, PM zones, network and worksites (GeoPackage, GeoJSON, FlatGeobuf, "
               "CSV)";
    }
    [[nodiscard]] int order() const override { return 44; }

    void setup(CLI::App& app) override {
        add_db_option(app, db_);
        app.add_option("--at", at_,
                       "The date the states are taken at (YYYY-MM-DD or a quarter, 2022Q4); default today");
        app.add_option(
            "--layer", layers_,
            "Only these layers, comma-separated: premises, communes, pm_zones, network_links, worksites, "
            "mismatches (only when named)");
        app.add_option("--out", out_, "Output file: .gpkg, .geojson, .fgb or .csv (required)");
        app.add_flag("--overwrite", overwrite_, "Replace the output file when it exists");
        app.add_flag(
            "--update", update_,
            "Add the layers to an existing GeoPackage, replacing those of the same name and keeping the "
            "others");
        app.add_option("--lang", lang_, "Language of the legends stored with the layers: fr (default) or en")
            ->check(CLI::IsMember({"fr", "en"}))
            ->default_val(lang_)
            ->type_name("LANG");
        add_analysis_options(app, analysis_);
    }

    int run() override {
        if (out_.empty()) {
            throw UsageError("fibre export: --out is required");
        }
        const Date at = at_.empty() ? Date::today() : parse_at_option(at_, "--at").day;
        if (overwrite_ && update_) {
            throw UsageError("fibre export: --overwrite and --update cannot be given together");
        }
        report::ExportOptions options;
        options.existing = overwrite_ ? report::Existing::overwrite
                           : update_  ? report::Existing::update
                                      : report::Existing::refuse;
        options.lang = lang_;
        const auto layers = report::parse_layer_list(layers_);
        // An unknown extension or layer, or a file in the way, is a usage error before any work.
        report::check_existing(report::output_files(out_, layers), options.existing);
        auto db = store::Database::open(store_path(db_), store::Database::Mode::read_only);
        require_analysis(db, store_path(db_));
        scratch::remove_leftovers_beside(out_); // of an export that was killed
        const auto data = rollout::RolloutData::load(db, true, rollout::RolloutData::Premises::each);
        if (std::find(layers.begin(), layers.end(), "defects") != layers.end()) {
            options.defects = find_network_defects(db, analysis_);
        }
        const auto summary = report::export_layers(db, data, at, out_, layers, options);
        for (const auto& [layer, n] : summary.layers) {
            log::info("{}: {} features", layer, n);
        }
        for (const auto& f : summary.files) {
            std::cout << f.string() << '\n';
        }
        return 0;
    }

private:
    std::string db_;
    std::string at_;
    std::string layers_;
    std::string out_;
    bool overwrite_ = false;
    bool update_ = false;
    std::string lang_ = "fr";
    graph::AnalysisOptions analysis_;
};

} // namespace
} // namespace fibre::cli

FIBRE_REGISTER_COMMAND(fibre::cli::ExportCommand)
