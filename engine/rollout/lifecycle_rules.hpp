#pragma once
/// @file lifecycle_rules.hpp
/// When a network element is in service, by the rules of docs/figures.md.

#include "engine/model/lifecycle.hpp"
#include "engine/support/date.hpp"

namespace fibre::rollout {

/// The first day an element is in service, by the analysis' own rules (graph::service_start),
/// so that the exports and worksite figures agree with it: its commissioning date, else its construction
/// date, else Date::always() for a built element with no date; Date::never() for an element
/// that is abandoned, out of service, not built (avct C or T) or still at design stage.
Date service_start(const model::Lifecycle& life);

/// Whether the element is still to be built: avct C (to build) or T (works in progress).
bool is_unfinished(const model::Lifecycle& life);

/// Whether the element was abandoned or taken out of service (avct A or H, or an
/// out-of-service date).
bool is_dropped(const model::Lifecycle& life);

} // namespace fibre::rollout
