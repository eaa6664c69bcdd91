#pragma once
/// @file progress.hpp
/// A progress bar on stderr, drawn only when stderr is a terminal.

#include <chrono>
#include <cstdint>
#include <string>

namespace fibre {

/// Shows "label [#####     ]  52%" on stderr while long work runs. Does nothing when
/// stderr is not a terminal (pipes, CI, tests). Updates at most ten times a second.
class ProgressBar {
public:
    /// @param label what is being done ("importing t_cable")
    /// @param total number of units of work; 0 when unknown (a counter is shown)
    ProgressBar(std::string label, std::uint64_t total);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// Moves the bar to @p done units.
    void update(std::uint64_t done);
    /// Adds @p n units.
    void advance(std::uint64_t n = 1) { update(done_ + n); }
    /// Draws 100 % and ends the line. Called by the destructor when not called before.
    void finish();

    /// Whether bars are drawn in this process (stderr is a terminal and not disabled).
    [[nodiscard]] static bool enabled();
    /// Disables bars for this process (`--quiet`).
    static void disable();

private:
    void draw();

    std::string label_;
    std::uint64_t total_;
    std::uint64_t done_ = 0;
    bool active_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

} // namespace fibre
