#include "engine/support/progress.hpp"

#include <atomic>
#include <cstdio>
#include <unistd.h>

namespace fibre {
namespace {
std::atomic<bool> disabled{false};
}

bool ProgressBar::enabled() {
    return !disabled.load() && isatty(STDERR_FILENO) == 1;
}

void ProgressBar::disable() {
    disabled = true;
}

ProgressBar::ProgressBar(std::string label, std::uint64_t total)
    : label_(std::move(label)), total_(total), active_(enabled()) {}

ProgressBar::~ProgressBar() {
    if (!finished_) {
        finish();
    }
}

void ProgressBar::update(std::uint64_t done) {
    done_ = done;
    if (!active_) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) {
        return;
    }
    last_draw_ = now;
    draw();
}

void ProgressBar::finish() {
    finished_ = true;
    if (!active_) {
        return;
    }
    if (total_ > 0) {
        done_ = total_;
    }
    draw();
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

void ProgressBar::draw() {
    if (total_ == 0) {
        std::fprintf(stderr, "\r%s %llu", label_.c_str(), static_cast<unsigned long long>(done_));
    } else {
        constexpr int width = 30;
        const double fraction =
            done_ >= total_ ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
        const int filled = static_cast<int>(fraction * width);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.append(static_cast<std::size_t>(width - filled), ' ');
        std::fprintf(stderr, "\r%s [%s] %3d%%", label_.c_str(), bar.c_str(),
                     static_cast<int>(fraction * 100.0));
    }
    std::fflush(stderr);
}

} // namespace fibre
