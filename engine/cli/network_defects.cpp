#include "engine/cli/network_defects.hpp"

#include "engine/cli/analysis_input.hpp"
#include "engine/store/database.hpp"

#include <algorithm>

namespace fibre::cli {

std::vector<model::Defect> find_network_defects(store::Database& db, const graph::AnalysisOptions& options,
                                                std::vector<model::Reject>* rejects) {
    auto prepared = prepare_analysis(db, options);
    if (rejects != nullptr) {
        *rejects = prepared.input.rejects;
    }
    auto defects = graph::analyze_network(prepared.input, options, std::move(prepared.network),
                                          std::move(prepared.premises))
                       .defects;
    std::stable_sort(defects.begin(), defects.end(), [](const model::Defect& a, const model::Defect& b) {
        if (a.severity != b.severity) {
            return a.severity > b.severity;
        }
        return a.code != b.code ? a.code < b.code : a.element_code < b.element_code;
    });
    return defects;
}

} // namespace fibre::cli
