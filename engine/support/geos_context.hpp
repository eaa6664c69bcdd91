#pragma once
/// @file geos_context.hpp
/// A GEOS context (one per thread) and geometries owned through it, via the
/// reentrant C API (`geos_c.h`, `_r` functions). GEOS headers stay out of this header.

#include <memory>
#include <string>

struct GEOSContextHandle_HS;
struct GEOSGeom_t;
struct GEOSPrepGeom_t;
struct GEOSSTRtree_t;

namespace fibre::geos {

/// One GEOS context. Not shared between threads. Geometries made with it must be
/// destroyed before it: GeometryPtr keeps the context alive through a shared owner.
class Context {
public:
    Context();

    /// The raw handle, for `_r` calls in .cpp files.
    [[nodiscard]] GEOSContextHandle_HS* handle() const { return handle_.get(); }
    /// The last message GEOS gave through this context (errors and notices).
    [[nodiscard]] const std::string& last_message() const { return messages_->text; }

    /// The GEOS version string ("3.11.1-CAPI-1.17.1").
    static std::string version();

private:
    struct Messages {
        std::string text;
    };
    struct Finisher {
        void operator()(GEOSContextHandle_HS* h) const noexcept;
    };
    std::unique_ptr<Messages> messages_;
    std::shared_ptr<GEOSContextHandle_HS> handle_;

    friend class GeometryDestroyer;
    friend struct GeometryPtrMaker;
};

/// Destroys a geometry through the context it was made with.
class GeometryDestroyer {
public:
    GeometryDestroyer() = default;
    explicit GeometryDestroyer(std::shared_ptr<GEOSContextHandle_HS> ctx) : ctx_(std::move(ctx)) {}
    void operator()(GEOSGeom_t* g) const noexcept;

private:
    std::shared_ptr<GEOSContextHandle_HS> ctx_;
};

class PreparedDestroyer {
public:
    PreparedDestroyer() = default;
    explicit PreparedDestroyer(std::shared_ptr<GEOSContextHandle_HS> ctx) : ctx_(std::move(ctx)) {}
    void operator()(const GEOSPrepGeom_t* g) const noexcept;

private:
    std::shared_ptr<GEOSContextHandle_HS> ctx_;
};

using GeometryPtr = std::unique_ptr<GEOSGeom_t, GeometryDestroyer>;
using PreparedPtr = std::unique_ptr<const GEOSPrepGeom_t, PreparedDestroyer>;

/// Takes ownership of a geometry that @p ctx created (nullptr stays nullptr).
GeometryPtr own(const Context& ctx, GEOSGeom_t* g);
/// Takes ownership of a prepared geometry that @p ctx created.
PreparedPtr own_prepared(const Context& ctx, const GEOSPrepGeom_t* g);

/// Reads WKB bytes. @throws DataError with GEOS's message when they are not valid WKB.
GeometryPtr from_wkb(const Context& ctx, const unsigned char* wkb, std::size_t size);
/// Reads WKT. @throws DataError with GEOS's message.
GeometryPtr from_wkt(const Context& ctx, const std::string& wkt);
/// Writes WKT (for messages and tests).
std::string to_wkt(const Context& ctx, const GEOSGeom_t* g);

} // namespace fibre::geos
