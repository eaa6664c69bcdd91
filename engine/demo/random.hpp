#pragma once
/// @file random.hpp
/// The demo's random numbers. The standard library's distributions are implementation-defined,
/// so the same seed would give other files with another compiler: these are written out here
/// (xoshiro256** seeded through splitmix64) and give the same sequence everywhere.

#include <cmath>
#include <cstdint>

namespace fibre::demo {

/// A small, fast, portable pseudo-random generator (xoshiro256**).
class Random {
public:
    /// Seeds the four words of state from @p seed through splitmix64.
    explicit Random(std::uint64_t seed) {
        for (auto& word : state_) {
            seed += 0x9E3779B97F4A7C15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
            word = z ^ (z >> 31U);
        }
    }

    /// A generator for a sub-task, so that changing how many numbers one stage draws does not
    /// shift every later stage.
    [[nodiscard]] Random fork(std::uint64_t salt) { return Random{next() ^ (salt * 0xD1B54A32D192ED03ULL)}; }

    /// 64 random bits.
    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17U;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    /// Uniform in [0, 1), 53 bits.
    double uniform() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [lo, hi] (both included).
    std::int64_t integer(std::int64_t lo, std::int64_t hi) {
        const auto span = static_cast<std::uint64_t>(hi - lo) + 1U;
        return lo + static_cast<std::int64_t>(next() % span);
    }
    /// True with probability @p p.
    bool chance(double p) { return uniform() < p; }
    /// Roughly normal (sum of four uniforms), mean 0 and standard deviation @p sigma.
    double bell(double sigma) {
        const double s = uniform() + uniform() + uniform() + uniform() - 2.0;
        return s * sigma * 1.7320508075688772; // the sum of 4 uniforms has variance 1/3
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t state_[4]{};
};

} // namespace fibre::demo
