#include "engine/store/wkb.hpp"

#include "engine/support/error.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>

namespace fibre::store::wkb {
namespace {

static_assert(std::endian::native == std::endian::little, "WKB writer assumes a little-endian machine");

enum : std::uint32_t { wkb_point = 1, wkb_linestring = 2, wkb_polygon = 3, wkb_multipolygon = 6 };

class Writer {
public:
    void header(std::uint32_t type) {
        out.push_back(1);
        put(type);
    }
    void put(std::uint32_t v) { append(&v, sizeof v); }
    void put(double v) { append(&v, sizeof v); }
    void point(const model::Point& p) {
        put(p.x);
        put(p.y);
    }
    void points(const std::vector<model::Point>& pts) {
        put(static_cast<std::uint32_t>(pts.size()));
        for (const auto& p : pts) {
            point(p);
        }
    }
    std::vector<unsigned char> out;

private:
    void append(const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        out.insert(out.end(), b, b + n);
    }
};

class Reader {
public:
    Reader(const unsigned char* data, std::size_t size) : data_(data), size_(size) {}

    std::uint32_t header() {
        need(1);
        little_ = data_[pos_++] == 1;
        std::uint32_t type = u32();
        return type % 1000; // ISO Z/M variants are not expected; keep the base type
    }
    std::uint32_t u32() {
        need(4);
        std::uint32_t v = 0;
        std::memcpy(&v, data_ + pos_, 4);
        pos_ += 4;
        return little_ ? v : __builtin_bswap32(v);
    }
    double f64() {
        need(8);
        std::uint64_t v = 0;
        std::memcpy(&v, data_ + pos_, 8);
        pos_ += 8;
        if (!little_) {
            v = __builtin_bswap64(v);
        }
        return std::bit_cast<double>(v);
    }
    model::Point point() {
        const double x = f64();
        const double y = f64();
        return {x, y};
    }
    std::vector<model::Point> points() {
        const std::uint32_t n = u32();
        need(static_cast<std::size_t>(n) * 16);
        std::vector<model::Point> pts;
        pts.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            pts.push_back(point());
        }
        return pts;
    }
    model::Polygon polygon_body() {
        model::Polygon poly;
        const std::uint32_t rings = u32();
        for (std::uint32_t r = 0; r < rings; ++r) {
            poly.rings.push_back(points());
        }
        return poly;
    }

private:
    void need(std::size_t n) const {
        if (pos_ + n > size_) {
            throw StoreError("truncated WKB geometry");
        }
    }
    const unsigned char* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
    bool little_ = true;
};

[[noreturn]] void wrong_type(std::uint32_t type, const char* wanted) {
    throw StoreError(fmt::format("WKB geometry of type {} where a {} was expected", type, wanted));
}

} // namespace

std::vector<unsigned char> encode(const model::Point& p) {
    Writer w;
    w.header(wkb_point);
    w.point(p);
    return std::move(w.out);
}

std::vector<unsigned char> encode(const model::LineString& line) {
    Writer w;
    w.header(wkb_linestring);
    w.points(line);
    return std::move(w.out);
}

std::vector<unsigned char> encode(const model::MultiPolygon& mp) {
    Writer w;
    w.header(wkb_multipolygon);
    w.put(static_cast<std::uint32_t>(mp.size()));
    for (const auto& poly : mp) {
        w.header(wkb_polygon);
        w.put(static_cast<std::uint32_t>(poly.rings.size()));
        for (const auto& ring : poly.rings) {
            w.points(ring);
        }
    }
    return std::move(w.out);
}

model::Point decode_point(const unsigned char* data, std::size_t size) {
    Reader r(data, size);
    const auto type = r.header();
    if (type != wkb_point) {
        wrong_type(type, "POINT");
    }
    return r.point();
}

model::LineString decode_linestring(const unsigned char* data, std::size_t size) {
    Reader r(data, size);
    const auto type = r.header();
    if (type != wkb_linestring) {
        wrong_type(type, "LINESTRING");
    }
    return r.points();
}

model::MultiPolygon decode_multipolygon(const unsigned char* data, std::size_t size) {
    Reader r(data, size);
    const auto type = r.header();
    model::MultiPolygon mp;
    if (type == wkb_polygon) {
        mp.push_back(r.polygon_body());
        return mp;
    }
    if (type != wkb_multipolygon) {
        wrong_type(type, "MULTIPOLYGON");
    }
    const std::uint32_t parts = r.u32();
    for (std::uint32_t i = 0; i < parts; ++i) {
        const auto part_type = r.header();
        if (part_type != wkb_polygon) {
            wrong_type(part_type, "POLYGON");
        }
        mp.push_back(r.polygon_body());
    }
    return mp;
}

} // namespace fibre::store::wkb
