#include "bench/synthetic_network.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace fibre::bench {
namespace {

constexpr int premises_per_pbo = 8;
constexpr int pbo_per_pm = 64; // an 8 x 8 street grid
constexpr double street_step = 40.0;

model::Lifecycle built_on(Date d) {
    return {"REC", "E", d, d, std::nullopt};
}

} // namespace

graph::NetworkInput synthetic_network(std::size_t premises, bool declared_links) {
    graph::NetworkInput in;
    const std::size_t pbos = (premises + premises_per_pbo - 1) / premises_per_pbo;
    const std::size_t pms = (pbos + pbo_per_pm - 1) / pbo_per_pm;
    const Date start = Date::from_ymd(2017, 1, 1);

    const model::Point nro_at{400000, 6500000};
    in.nodes.push_back({"ND-NRO", "ST", nro_at});
    in.sites.push_back({"LC-NRO", "NRO", "ND-NRO", "", built_on(start), nro_at});

    std::size_t cable = 0;
    auto add_cable = [&](const std::string& n1, const std::string& n2, model::Point a, model::Point b,
                         const std::string& level, Date d) {
        model::Link l;
        l.code = fmt::format("CB{:08d}", cable++);
        l.kind = model::LinkKind::cable;
        l.level = level;
        if (declared_links) {
            l.node1 = n1;
            l.node2 = n2;
        }
        l.life = built_on(d);
        l.geometry = {a, b};
        in.links.push_back(std::move(l));
    };

    std::size_t pbo_count = 0;
    std::size_t premise_count = 0;
    const int grid = 8;
    const auto pm_columns =
        static_cast<std::size_t>(std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(pms))));
    for (std::size_t pm = 0; pm < pms; ++pm) {
        const double ox = nro_at.x + static_cast<double>(pm % pm_columns) * (grid + 2) * street_step;
        const double oy = nro_at.y + 500 + static_cast<double>(pm / pm_columns) * (grid + 2) * street_step;
        const std::string pm_node = fmt::format("ND-PM{}", pm);
        const Date pm_date{start.days + static_cast<int>(pm * 7 % 2000)};
        in.nodes.push_back({pm_node, "ST", {ox, oy}});
        in.sites.push_back({fmt::format("LC-PM{}", pm), "SRO", pm_node, "", built_on(pm_date), {ox, oy}});
        add_cable("ND-NRO", pm_node, nro_at, {ox, oy}, "TR", pm_date);

        // Street grid: a chain along each row, rows joined along the first column.
        std::string previous_row_head = pm_node;
        model::Point previous_row_point{ox, oy};
        for (int row = 0; row < grid && pbo_count < pbos; ++row) {
            std::string previous = previous_row_head;
            model::Point previous_point = previous_row_point;
            for (int col = 0; col < grid && pbo_count < pbos; ++col) {
                const model::Point at{ox + (col + 1) * street_step, oy + (row + 1) * street_step};
                const std::string node = fmt::format("ND-BP{}", pbo_count);
                const std::string box = fmt::format("BP{:08d}", pbo_count);
                const Date d{pm_date.days + (row * grid + col) % 120};
                in.nodes.push_back({node, "PT", at});
                in.boxes.push_back({box, "PBO", node, built_on(d), at});
                add_cable(previous, node, previous_point, at, "DI", d);
                if (col == 0) {
                    previous_row_head = node;
                    previous_row_point = at;
                }
                previous = node;
                previous_point = at;
                for (int k = 0; k < premises_per_pbo && premise_count < premises; ++k) {
                    model::Premise p;
                    p.code = fmt::format("LC{:09d}", premise_count++);
                    p.insee = "17300";
                    p.type = "FTTH";
                    p.declared_pbo = (k % 4 == 3) ? std::string() : box; // some left to proximity
                    p.position = {at.x + 5 + k, at.y + 12};
                    in.premises.push_back(std::move(p));
                }
                ++pbo_count;
            }
        }
    }
    return in;
}

} // namespace fibre::bench
