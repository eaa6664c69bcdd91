// Micro-benchmarks of the graph core on synthetic networks: building the topology, assigning
// premises to PBOs, and the whole analysis (dominated by the earliest-date search).

#include "bench/synthetic_network.hpp"
#include "engine/graph/premise_assignment.hpp"
#include "engine/graph/service_dates.hpp"
#include "engine/graph/topology.hpp"

#include <benchmark/benchmark.h>

namespace fibre::bench {
namespace {

std::vector<Date> starts(const std::vector<model::Link>& links) {
    std::vector<Date> out;
    out.reserve(links.size());
    for (const auto& l : links) {
        out.push_back(graph::service_start(l.life).from);
    }
    return out;
}

std::vector<Date> starts(const std::vector<model::Box>& boxes) {
    std::vector<Date> out;
    out.reserve(boxes.size());
    for (const auto& b : boxes) {
        out.push_back(graph::service_start(b.life).from);
    }
    return out;
}

void BM_Topology(benchmark::State& state, bool declared) {
    const auto in = synthetic_network(static_cast<std::size_t>(state.range(0)), declared);
    const auto link_from = starts(in.links);
    const auto box_from = starts(in.boxes);
    for (auto _ : state) {
        std::vector<model::Defect> defects;
        auto topo =
            graph::build_topology(in.nodes, in.links, in.sites, in.boxes, link_from, box_from, {}, defects);
        benchmark::DoNotOptimize(topo.edges.data());
    }
    state.counters["links"] = static_cast<double>(in.links.size());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.links.size()));
}

void BM_TopologyDeclared(benchmark::State& state) {
    BM_Topology(state, true);
}
void BM_TopologyFromGeometry(benchmark::State& state) {
    BM_Topology(state, false);
}

void BM_AssignPremises(benchmark::State& state) {
    const auto in = synthetic_network(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        std::vector<model::Defect> defects;
        auto assigned = graph::assign_premises(in.premises, in.boxes, in.zones, {}, {}, defects);
        benchmark::DoNotOptimize(assigned.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.premises.size()));
}

void BM_Analysis(benchmark::State& state) {
    const auto in = synthetic_network(static_cast<std::size_t>(state.range(0)));
    graph::AnalysisOptions options;
    double search = 0;
    for (auto _ : state) {
        auto result = graph::analyze_network(in, options);
        search += result.search_s;
        benchmark::DoNotOptimize(result.statuses.data());
    }
    state.counters["search_s"] = benchmark::Counter(search / static_cast<double>(state.iterations()));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.premises.size()));
}

BENCHMARK(BM_TopologyDeclared)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TopologyFromGeometry)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AssignPremises)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Analysis)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace fibre::bench

BENCHMARK_MAIN();
