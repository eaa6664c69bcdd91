#include "engine/model/analysis.hpp"

namespace fibre::model {

const char* to_string(Assignment a) {
    switch (a) {
    case Assignment::declared:
        return "declared";
    case Assignment::zone:
        return "zone";
    case Assignment::nearest:
        return "nearest";
    case Assignment::none:
        break;
    }
    return "none";
}

const char* to_string(DateBasis basis) {
    switch (basis) {
    case DateBasis::installation:
        return "installation";
    case DateBasis::undated:
        return "undated";
    case DateBasis::commissioning:
        break;
    }
    return "commissioning";
}

Assignment assignment_from_string(const std::string& s) {
    if (s == "declared") {
        return Assignment::declared;
    }
    if (s == "zone") {
        return Assignment::zone;
    }
    if (s == "nearest") {
        return Assignment::nearest;
    }
    return Assignment::none;
}

const char* to_string(Severity s) {
    switch (s) {
    case Severity::info:
        return "info";
    case Severity::warning:
        return "warning";
    case Severity::error:
        break;
    }
    return "error";
}

Severity severity_from_string(const std::string& s) {
    if (s == "info") {
        return Severity::info;
    }
    if (s == "error") {
        return Severity::error;
    }
    return Severity::warning;
}

} // namespace fibre::model
