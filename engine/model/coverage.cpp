#include "engine/model/coverage.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace fibre::model {

const char* to_string(CoverageBasis basis) {
    switch (basis) {
    case CoverageBasis::arcep_best_estimate:
        return "arcep_best_estimate";
    case CoverageBasis::commune_reference:
        return "commune_reference";
    case CoverageBasis::premises:
        return "premises";
    case CoverageBasis::mixed:
        return "mixed";
    }
    return "premises";
}

const char* basis_label(CoverageBasis basis) {
    switch (basis) {
    case CoverageBasis::arcep_best_estimate:
        return "ARCEP best estimate";
    case CoverageBasis::commune_reference:
        return "commune reference";
    case CoverageBasis::premises:
        return "premises";
    case CoverageBasis::mixed:
        return "mixed bases";
    }
    return "premises";
}

void Denominator::add(const Denominator& other) {
    if (locaux == 0 && basis == CoverageBasis::premises) {
        // An empty sum takes the basis of its first part.
        basis = other.basis;
    } else if (basis != other.basis) {
        basis = CoverageBasis::mixed;
    }
    locaux += other.locaux;
}

Denominator commune_denominator(long long premise_locaux, long long reference_locaux,
                                std::optional<long long> arcep_estimate) {
    if (arcep_estimate) {
        return {*arcep_estimate, CoverageBasis::arcep_best_estimate};
    }
    if (reference_locaux > premise_locaux) {
        return {reference_locaux, CoverageBasis::commune_reference};
    }
    return {premise_locaux, CoverageBasis::premises};
}

std::unordered_map<std::string, long long> arcep_best_estimates(const std::vector<ArcepFigure>& figures) {
    std::unordered_map<std::string, std::pair<std::string, long long>> latest; // insee -> (quarter, locaux)
    for (const auto& f : figures) {
        if (f.level != "commune" || !f.locaux) {
            continue;
        }
        auto [it, added] = latest.try_emplace(f.code, f.quarter, *f.locaux);
        if (!added && f.quarter > it->second.first) {
            it->second = {f.quarter, *f.locaux};
        }
    }
    std::unordered_map<std::string, long long> out;
    out.reserve(latest.size());
    for (const auto& [insee, q] : latest) {
        out.emplace(insee, q.second);
    }
    return out;
}

double coverage_rate(long long raccordables, long long denominator) {
    return denominator > 0 ? static_cast<double>(raccordables) / static_cast<double>(denominator) : 0.0;
}

std::string group_thousands(long long n) {
    const bool negative = n < 0;
    std::string digits = std::to_string(negative ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ' ';
        }
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string describe_coverage(long long raccordables, const Denominator& denominator) {
    return fmt::format("{:.1f} % of {} locaux ({})", 100.0 * coverage_rate(raccordables, denominator.locaux),
                       group_thousands(denominator.locaux), basis_label(denominator.basis));
}

ArcepFigureIndex::ArcepFigureIndex(const std::vector<ArcepFigure>& figures) {
    for (const auto& f : figures) {
        by_area_[f.level + "|" + f.code].push_back(&f);
    }
    for (auto& [area, list] : by_area_) {
        std::sort(list.begin(), list.end(),
                  [](const auto* a, const auto* b) { return a->quarter < b->quarter; });
    }
}

const ArcepFigure* ArcepFigureIndex::at(const std::string& level, const std::string& code,
                                        const std::string& quarter) const {
    const auto it = by_area_.find(level + "|" + code);
    if (it == by_area_.end()) {
        return nullptr;
    }
    const ArcepFigure* best = nullptr;
    for (const auto* f : it->second) {
        if (f->quarter > quarter) {
            break;
        }
        best = f;
    }
    return best;
}

} // namespace fibre::model
