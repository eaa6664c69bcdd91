// The ground truth of the demo (DIR/truth), from the generator's own bookkeeping.

#include "engine/demo/shapefile_writer.hpp"
#include "engine/demo/world.hpp"
#include "engine/support/error.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iterator>

namespace fibre::demo {
namespace {

template <typename... Args>
void put(std::string& out, fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(out), f, std::forward<Args>(args)...);
}

// Why premise @p i is not raccordable on the delivery date, from the generator's own
// bookkeeping (docs/rollout-figures.md, "Causes", in the same order): "raccordable" when it is.
std::string cause_on_delivery(const World& world, std::size_t i) {
    if (world.raccordable_since[i] <= world.delivery) {
        return "raccordable";
    }
    const Address& a = world.addresses[static_cast<std::size_t>(world.local_address[i])];
    if (a.ipe_state == "ABANDONNE") {
        return "abandoned";
    }
    if (a.ipe_state == "RACCORDABLE DEMANDE") {
        return "on_demand";
    }
    const int box = world.local_box[i];
    if (box < 0) {
        return "no_plan";
    }
    const Box& b = world.boxes[static_cast<std::size_t>(box)];
    const Worksite& ws =
        world.worksites[static_cast<std::size_t>(world.pms[static_cast<std::size_t>(b.pm)].worksite)];
    const std::string state = ws.state_at(world.delivery);
    if (state == "abandoned") {
        return "abandoned";
    }
    if (state == "completed") {
        return "left_behind";
    }
    if (state == "suspended") {
        return "suspended";
    }
    if (state == "active" || (state == "overdue" && ws.actual_start <= world.delivery)) {
        return "running";
    }
    return "planned";
}

} // namespace

void write_truth(const World& world, const std::string& out) {
    const auto folder = std::filesystem::path(out) / "truth";
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) {
        throw DataError(fmt::format("cannot create the folder: {}", ec.message()),
                        ErrorContext::in_file(folder.string()));
    }

    const auto delivery_name = [&](Kind kind, int index, std::uint8_t half = 0) {
        const int d = delivery_of(world, kind, index, half);
        return d < 0 ? std::string{} : world.deliveries[static_cast<std::size_t>(d)].name;
    };
    std::string premises = "premise_code,delivery,raccordable_since,pbo_code,pm_code,nro_code,insee,locaux,"
                           "ipe_state,cause,raccorde_since\n";
    for (std::size_t i = 0; i < world.local_address.size(); ++i) {
        const Address& a = world.addresses[static_cast<std::size_t>(world.local_address[i])];
        const int box = world.local_box[i];
        std::string pbo, pm, nro;
        if (box >= 0) {
            const Box& b = world.boxes[static_cast<std::size_t>(box)];
            pbo = code_of(world, Kind::box, box);
            pm = pm_local_code(world, b.pm);
            nro = nro_local_code(world, world.pms[static_cast<std::size_t>(b.pm)].nro);
        }
        put(premises, "{},{},{},{},{},{},{},1,{},{},{}\n", code_of(world, Kind::local, static_cast<int>(i)),
            delivery_name(Kind::local, static_cast<int>(i)), world.raccordable_since[i].iso(), pbo, pm, nro,
            world.communes[static_cast<std::size_t>(a.commune)].insee, a.ipe_state,
            cause_on_delivery(world, i), world.raccorde_since[i].iso());
    }
    write_file((folder / "premises.csv").string(), premises);

    // Cumulative raccordables per commune and quarter, 2017Q1 to 2025Q4.
    const Quarter first{2017, 1};
    const Quarter last = Quarter::of(world.delivery);
    const auto quarters = static_cast<std::size_t>(last.minus(first) + 1);
    std::vector<std::vector<std::int64_t>> counts(world.communes.size(),
                                                  std::vector<std::int64_t>(quarters + 1, 0));
    auto raccordes = counts;
    const auto count = [&](std::vector<std::vector<std::int64_t>>& into, std::size_t i, Date since) {
        if (since.is_never()) {
            return;
        }
        const Quarter q = Quarter::of(since);
        const auto slot = static_cast<std::size_t>(std::max(0, q.minus(first)));
        const auto commune = static_cast<std::size_t>(
            world.addresses[static_cast<std::size_t>(world.local_address[i])].commune);
        if (slot < quarters) {
            into[commune][slot] += 1;
        }
    };
    for (std::size_t i = 0; i < world.local_address.size(); ++i) {
        count(counts, i, world.raccordable_since[i]);
        count(raccordes, i, world.raccorde_since[i]);
    }
    std::string quarterly = "quarter,insee,locaux,raccordables,raccordes\n";
    for (std::size_t c = 0; c < world.communes.size(); ++c) {
        std::int64_t cumulative = 0;
        std::int64_t connected = 0;
        Quarter q = first;
        for (std::size_t k = 0; k < quarters; ++k, q = q.next()) {
            cumulative += counts[c][k];
            connected += raccordes[c][k];
            put(quarterly, "{},{},{},{},{}\n", q.str(), world.communes[c].insee, world.communes[c].locals,
                cumulative, connected);
        }
    }
    write_file((folder / "quarterly.csv").string(), quarterly);

    std::string defects = "code,delivery,element_code,x,y,description\n";
    for (const auto& d : world.defects) {
        const ElementRef at = d.element.index >= 0 ? d.element : d.mentioned;
        const std::string element = d.element.index >= 0 ? code_of(world, d.element) : d.element_code;
        const std::string description =
            d.mentioned.index >= 0 ? fmt::format(fmt::runtime(d.description), code_of(world, d.mentioned))
                                   : d.description;
        put(defects, "{},{},{},{:.2f},{:.2f},\"{}\"\n", d.code, delivery_name(at.kind, at.index), element,
            d.p.x, d.p.y, description);
    }
    write_file((folder / "defects.csv").string(), defects);

    std::string traps = "trap,delivery,element_code,expected\n";
    for (const auto& t : world.traps) {
        put(traps, "{},{},{},\"{}\"\n", t.name, delivery_name(t.element.kind, t.element.index, t.half),
            code_of(world, t.element), t.expected);
    }
    write_file((folder / "traps.csv").string(), traps);

    // Per worksite: its state on two dates, and the premises its completion makes raccordable.
    std::vector<std::int64_t> on_completion(world.worksites.size(), 0);
    for (std::size_t i = 0; i < world.local_address.size(); ++i) {
        const int box = world.local_box[i];
        if (box < 0) {
            continue;
        }
        const Box& b = world.boxes[static_cast<std::size_t>(box)];
        const int ws_index = world.pms[static_cast<std::size_t>(b.pm)].worksite;
        const Worksite& ws = world.worksites[static_cast<std::size_t>(ws_index)];
        const bool counts_now = !ws.actual_end.is_never() && world.raccordable_since[i] == ws.actual_end;
        const bool would = ws.actual_end.is_never() && ws.abandoned.is_never() && b.role == BoxRole::normal;
        if (counts_now || would) {
            on_completion[static_cast<std::size_t>(ws_index)] += 1;
        }
    }
    std::string worksites = "code,state_2020_04_15,state_2023_06_30,locaux_on_completion\n";
    for (std::size_t i = 0; i < world.worksites.size(); ++i) {
        const Worksite& ws = world.worksites[i];
        put(worksites, "{},{},{},{}\n", worksite_code(world, static_cast<int>(i)),
            ws.state_at(Date::from_ymd(2020, 4, 15)), ws.state_at(Date::from_ymd(2023, 6, 30)),
            on_completion[i]);
    }
    write_file((folder / "worksites.csv").string(), worksites);
}

} // namespace fibre::demo
