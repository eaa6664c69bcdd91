#pragma once
/// @file allocator.hpp
/// The memory allocator the fibre command runs on (see allocator.cpp).

#include <string>

namespace fibre::cli {

/// jemalloc's version, as it reports it.
std::string allocator_version();

} // namespace fibre::cli
