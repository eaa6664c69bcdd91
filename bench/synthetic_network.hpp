#pragma once
/// @file synthetic_network.hpp
/// A regular FTTH network built in memory for micro-benchmarks: one NRO, PMs on a
/// transport star, each PM feeding a street grid of PBOs, each PBO serving premises.

#include "engine/graph/network_analysis.hpp"

#include <cstddef>

namespace fibre::bench {

/// Builds a network serving about @p premises premises (8 per PBO, 64 PBO per PM), with
/// declared end nodes on every cable and staggered commissioning dates, so that the search
/// has real work to do. @p declared_links false leaves cable ends to be found from geometry.
graph::NetworkInput synthetic_network(std::size_t premises, bool declared_links = true);

} // namespace fibre::bench
