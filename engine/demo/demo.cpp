// fibre demo's generator: territory, then network and history, then the files.

#include "engine/demo/demo.hpp"

#include "engine/demo/world.hpp"
#include "engine/support/error.hpp"
#include "engine/support/log.hpp"
#include "engine/support/progress.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace fibre::demo {

DemoSummary generate(const DemoOptions& options) {
    if (options.premises == 0 || options.premises > 5'000'000) {
        throw UsageError(fmt::format("--premises must be between 1 and 5000000, not {}", options.premises));
    }
    std::error_code ec;
    std::filesystem::create_directories(options.out, ec);
    if (ec) {
        throw DataError(fmt::format("cannot create the output folder: {}", ec.message()),
                        ErrorContext::in_file(options.out.string()));
    }
    ProgressBar progress("generating the demo", 4);
    World world;
    world.seed = options.seed;
    world.delivery = *parse_date(delivery_date);
    Random random(options.seed);
    Random territory = random.fork(100);
    build_territory(world, options.premises, territory);
    progress.advance();
    log::debug("territory: {} communes, {} addresses, {} premises", world.communes.size(),
               world.addresses.size(), world.local_address.size());
    Random network = random.fork(200);
    build_network(world, network);
    progress.advance();
    write_sources(world, options.out.string());
    progress.advance();
    write_truth(world, options.out.string());
    progress.finish();

    DemoSummary s;
    s.communes = world.communes.size();
    s.premises = world.local_address.size();
    s.addresses = world.addresses.size();
    s.nro = world.nros.size();
    s.pm = world.pms.size();
    s.pbo = world.boxes.size();
    s.cables = world.cables.size();
    s.paths = world.paths.size();
    s.worksites = world.worksites.size();
    s.raccordables = static_cast<std::uint64_t>(std::count_if(world.raccordable_since.begin(),
                                                              world.raccordable_since.end(),
                                                              [&](Date d) { return d <= world.delivery; }));
    s.raccordes = world.drops.size();
    s.defects = world.defects.size();
    s.folders = {"communes", "cadastre", "ban", "gracethd", "ipe", "worksites", "truth"};
    return s;
}

} // namespace fibre::demo
