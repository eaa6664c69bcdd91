// Every code pattern of the demo in one place.

#include "engine/demo/world.hpp"

#include <fmt/format.h>

namespace fibre::demo {

std::string node_code(int i) {
    return fmt::format("ND17{:08d}", i + 1);
}
std::string local_code(int i) {
    return fmt::format("LC17{:08d}", i + 1);
}
std::string box_code(int i) {
    return fmt::format("BP17{:08d}", i + 1);
}
std::string pm_refpm(int i) {
    return fmt::format("SRO-17-{:04d}", i + 1);
}

std::string nro_local_code(const World& world, int n) {
    return local_code(static_cast<int>(world.local_address.size()) + n);
}

std::string pm_local_code(const World& world, int p) {
    return local_code(static_cast<int>(world.local_address.size() + world.nros.size()) + p);
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
