#include "engine/support/proj_transform.hpp"

#include "engine/support/error.hpp"

#include <cmath>
#include <fmt/format.h>
#include <proj.h>

namespace fibre {

void ProjTransform::ContextDestroyer::operator()(pj_ctx* c) const noexcept {
    proj_context_destroy(c);
}
void ProjTransform::TransformDestroyer::operator()(PJconsts* p) const noexcept {
    proj_destroy(p);
}

ProjTransform::ProjTransform(const std::string& from, const std::string& to)
    : context_(proj_context_create()), description_(fmt::format("{} -> {}", from, to)) {
    PJ* raw = proj_create_crs_to_crs(context_.get(), from.c_str(), to.c_str(), nullptr);
    if (raw == nullptr) {
        throw DataError(
            fmt::format("no coordinate transformation from {} to {}: {}", from, to,
                        proj_context_errno_string(context_.get(), proj_context_errno(context_.get()))));
    }
    PJ* normalised = proj_normalize_for_visualization(context_.get(), raw);
    proj_destroy(raw);
    if (normalised == nullptr) {
        throw DataError(fmt::format("cannot set axis order for {} -> {}", from, to));
    }
    transform_.reset(normalised);
}

void ProjTransform::transform(double& x, double& y) const {
    PJ_COORD c = proj_coord(x, y, 0, 0);
    c = proj_trans(transform_.get(), PJ_FWD, c);
    if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y)) {
        throw DataError(fmt::format("point ({}, {}) cannot be transformed ({})", x, y, description_));
    }
    x = c.xy.x;
    y = c.xy.y;
}

std::string ProjTransform::version() {
    const PJ_INFO info = proj_info();
    return info.version != nullptr ? info.version : "";
}

} // namespace fibre
