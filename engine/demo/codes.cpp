// Every code pattern of the demo in one place.

#include "engine/demo/world.hpp"

#include <fmt/format.h>

namespace fibre::demo {

namespace {

constexpr const char* prefixes[kind_count] = {"ND", "CM", "CB", "BP", "ST", "LC",
                                              "AD", "BA", "PT", "ZN", "ZS", "ZP"};

} // namespace

std::string code_of(const World& world, Kind kind, int index) {
    const auto k = static_cast<std::size_t>(kind);
    return fmt::format("{}{:012d}", prefixes[k], world.numbering[k].number[static_cast<std::size_t>(index)]);
}

std::string code_of(const World& world, ElementRef e) {
    return code_of(world, e.kind, e.index);
}

std::string cableline_code(const World& world, int i) {
    return fmt::format(
        "CL{:012d}",
        world.numbering[static_cast<std::size_t>(Kind::cable)].number[static_cast<std::size_t>(i)]);
}

bool delivered_in(const World& world, Kind kind, int index, const Delivery& d) {
    const Numbering& n = world.numbering[static_cast<std::size_t>(kind)];
    const auto i = static_cast<std::size_t>(index);
    return n.nro[i] == d.nro && (n.halves[i] & d.half) != 0;
}

int delivery_of(const World& world, Kind kind, int index, std::uint8_t half) {
    const Numbering& n = world.numbering[static_cast<std::size_t>(kind)];
    const auto i = static_cast<std::size_t>(index);
    for (std::size_t d = 0; d < world.deliveries.size(); ++d) {
        const Delivery& dl = world.deliveries[d];
        if (dl.nro == n.nro[i] && (n.halves[i] & dl.half) != 0 && (half == 0 || dl.half == half)) {
            return static_cast<int>(d);
        }
    }
    return -1;
}

int drop_box_index(const World& world, int k) {
    return static_cast<int>(world.boxes.size() + world.splices.size()) + k;
}

int drop_cable_index(const World& world, int k) {
    return static_cast<int>(world.cables.size()) + k;
}

int nro_local_index(const World& world, int n) {
    return static_cast<int>(world.local_address.size()) + n;
}

int pm_local_index(const World& world, int p) {
    return static_cast<int>(world.local_address.size() + world.nros.size()) + p;
}

std::string pm_refpm(int i) {
    return fmt::format("SRO-17-{:04d}", i + 1);
}

std::string nro_ref(int n) {
    return fmt::format("NRO-17-{:03d}", n + 1);
}

std::string nro_local_code(const World& world, int n) {
    return code_of(world, Kind::local, nro_local_index(world, n));
}

std::string pm_local_code(const World& world, int p) {
    return code_of(world, Kind::local, pm_local_index(world, p));
}

std::string worksite_code(const World& world, int i) {
    const Worksite& ws = world.worksites[static_cast<std::size_t>(i)];
    return ws.transport ? fmt::format("CHT-T-{:03d}", ws.owner + 1)
                        : fmt::format("CHT-D-{:05d}", ws.owner + 1);
}

std::string ipe_building_id(const World& world, int address) {
    return fmt::format(
        "IMB/{}/X/{:06X}",
        world.communes[static_cast<std::size_t>(world.addresses[static_cast<std::size_t>(address)].commune)]
            .insee,
        address + 1);
}

std::string hexacle(const World& world, int address) {
    static constexpr char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string tail(5, '0');
    auto v = static_cast<unsigned>(address);
    for (int k = 4; k >= 0; --k) {
        tail[static_cast<std::size_t>(k)] = digits[v % 36];
        v /= 36;
    }
    return world
               .communes[static_cast<std::size_t>(world.addresses[static_cast<std::size_t>(address)].commune)]
               .insee +
           tail;
}

} // namespace fibre::demo
