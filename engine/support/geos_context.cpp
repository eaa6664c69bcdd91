#include "engine/support/geos_context.hpp"

#include "engine/support/error.hpp"

#include <geos_c.h>

namespace fibre::geos {
namespace {

void context_message(const char* message, void* userdata) {
    auto* text = static_cast<std::string*>(userdata);
    *text = message != nullptr ? message : "";
}

} // namespace

void Context::Finisher::operator()(GEOSContextHandle_HS* h) const noexcept {
    GEOS_finish_r(h);
}

Context::Context() : messages_(std::make_unique<Messages>()) {
    GEOSContextHandle_t h = GEOS_init_r();
    handle_ = std::shared_ptr<GEOSContextHandle_HS>(h, Finisher{});
    GEOSContext_setErrorMessageHandler_r(h, context_message, &messages_->text);
    GEOSContext_setNoticeMessageHandler_r(h, context_message, &messages_->text);
}

std::string Context::version() {
    return GEOSversion();
}

void GeometryDestroyer::operator()(GEOSGeom_t* g) const noexcept {
    if (g != nullptr && ctx_) {
        GEOSGeom_destroy_r(ctx_.get(), g);
    }
}

void PreparedDestroyer::operator()(const GEOSPrepGeom_t* g) const noexcept {
    if (g != nullptr && ctx_) {
        GEOSPreparedGeom_destroy_r(ctx_.get(), g);
    }
}

struct GeometryPtrMaker {
    static std::shared_ptr<GEOSContextHandle_HS> handle(const Context& ctx) { return ctx.handle_; }
};

GeometryPtr own(const Context& ctx, GEOSGeom_t* g) {
    return GeometryPtr(g, GeometryDestroyer(GeometryPtrMaker::handle(ctx)));
}

PreparedPtr own_prepared(const Context& ctx, const GEOSPrepGeom_t* g) {
    return PreparedPtr(g, PreparedDestroyer(GeometryPtrMaker::handle(ctx)));
}

GeometryPtr from_wkb(const Context& ctx, const unsigned char* wkb, std::size_t size) {
    GEOSGeometry* g = GEOSGeomFromWKB_buf_r(ctx.handle(), wkb, size);
    if (g == nullptr) {
        throw DataError("invalid WKB geometry: " + ctx.last_message());
    }
    return own(ctx, g);
}

GeometryPtr from_wkt(const Context& ctx, const std::string& wkt) {
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.handle());
    GEOSGeometry* g = GEOSWKTReader_read_r(ctx.handle(), reader, wkt.c_str());
    GEOSWKTReader_destroy_r(ctx.handle(), reader);
    if (g == nullptr) {
        throw DataError("invalid WKT geometry: " + ctx.last_message());
    }
    return own(ctx, g);
}

std::string to_wkt(const Context& ctx, const GEOSGeom_t* g) {
    GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx.handle());
    GEOSWKTWriter_setTrim_r(ctx.handle(), writer, 1);
    char* text = GEOSWKTWriter_write_r(ctx.handle(), writer, g);
    GEOSWKTWriter_destroy_r(ctx.handle(), writer);
    std::string out = text != nullptr ? text : "";
    GEOSFree_r(ctx.handle(), text);
    return out;
}

} // namespace fibre::geos
