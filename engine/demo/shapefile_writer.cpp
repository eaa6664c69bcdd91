// Shapefile layout: ESRI Shapefile Technical Description (1998) and the dBASE III table.

#include "engine/demo/shapefile_writer.hpp"

#include "engine/support/error.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <ogr_spatialref.h>

namespace fibre::demo {
namespace {

void put_be32(std::string& out, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    out += static_cast<char>((u >> 24U) & 0xFFU);
    out += static_cast<char>((u >> 16U) & 0xFFU);
    out += static_cast<char>((u >> 8U) & 0xFFU);
    out += static_cast<char>(u & 0xFFU);
}

void put_le32(std::string& out, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    out += static_cast<char>(u & 0xFFU);
    out += static_cast<char>((u >> 8U) & 0xFFU);
    out += static_cast<char>((u >> 16U) & 0xFFU);
    out += static_cast<char>((u >> 24U) & 0xFFU);
}

void put_le16(std::string& out, int v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}

void put_double(std::string& out, double v) {
    std::uint64_t u = 0;
    std::memcpy(&u, &v, sizeof u);
    for (int i = 0; i < 8; ++i) {
        out += static_cast<char>((u >> (8U * static_cast<unsigned>(i))) & 0xFFU);
    }
}

// Cuts a UTF-8 text to at most @p width bytes without splitting a character.
std::string_view fit(std::string_view s, int width) {
    auto w = static_cast<std::size_t>(width);
    if (s.size() <= w) {
        return s;
    }
    while (w > 0 && (static_cast<unsigned char>(s[w]) & 0xC0U) == 0x80U) {
        --w;
    }
    return s.substr(0, w);
}

std::string header(std::int32_t file_words, int shape, double xmin, double ymin, double xmax, double ymax) {
    std::string h;
    put_be32(h, 9994);
    for (int i = 0; i < 5; ++i) {
        put_be32(h, 0);
    }
    put_be32(h, file_words);
    put_le32(h, 1000);
    put_le32(h, shape);
    put_double(h, xmin);
    put_double(h, ymin);
    put_double(h, xmax);
    put_double(h, ymax);
    for (int i = 0; i < 4; ++i) {
        put_double(h, 0.0);
    }
    return h;
}

} // namespace

void write_file(const std::string& path, std::initializer_list<std::string_view> parts) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) {
        throw DataError(fmt::format("cannot create the file: {}", std::strerror(errno)),
                        ErrorContext::in_file(path));
    }
    for (const auto content : parts) {
        if (!content.empty() && std::fwrite(content.data(), 1, content.size(), f.get()) != content.size()) {
            throw DataError(fmt::format("cannot write the file: {}", std::strerror(errno)),
                            ErrorContext::in_file(path));
        }
    }
    if (std::fclose(f.release()) != 0) {
        throw DataError(fmt::format("cannot write the file: {}", std::strerror(errno)),
                        ErrorContext::in_file(path));
    }
}

const std::string& lambert93_prj() {
    static const std::string prj = [] {
        OGRSpatialReference srs;
        srs.importFromEPSG(2154);
        srs.morphToESRI();
        char* wkt = nullptr;
        srs.exportToWkt(&wkt);
        std::string text = wkt != nullptr ? wkt : "";
        CPLFree(wkt);
        return text;
    }();
    return prj;
}

ShapefileWriter::ShapefileWriter(std::string path, Shape shape, std::vector<ShapeField> fields,
                                 std::string prj, Date dbf_date)
    : path_(std::move(path)), shape_(shape), fields_(std::move(fields)), prj_(std::move(prj)),
      dbf_date_(dbf_date), widths_(fields_.size(), 1) {}

void ShapefileWriter::extend(Point p) {
    if (count_ == 0 && xmin_ == 0 && xmax_ == 0) {
        xmin_ = xmax_ = p.x;
        ymin_ = ymax_ = p.y;
    }
    xmin_ = std::min(xmin_, p.x);
    xmax_ = std::max(xmax_, p.x);
    ymin_ = std::min(ymin_, p.y);
    ymax_ = std::max(ymax_, p.y);
}

void ShapefileWriter::add_record(const std::string& content, const std::vector<std::string_view>& values) {
    const auto offset_words = static_cast<std::int32_t>((100 + shp_.size()) / 2);
    const auto content_words = static_cast<std::int32_t>(content.size() / 2);
    ++count_;
    put_be32(shp_, static_cast<std::int32_t>(count_));
    put_be32(shp_, content_words);
    shp_ += content;
    put_be32(shx_, offset_words);
    put_be32(shx_, content_words);
    // Values are kept as they come; the columns' widths are known, and the records laid out, at finish().
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const ShapeField& f = fields_[i];
        std::string_view v = i < values.size() ? values[i] : std::string_view{};
        if (f.width > 0) {
            v = fit(v, f.width);
        } else {
            widths_[i] = std::max(widths_[i], static_cast<int>(std::min<std::size_t>(v.size(), 254)));
        }
        values_ += v;
        values_ += '\x1F';
    }
}

std::string ShapefileWriter::dbf_records() const {
    std::string out;
    std::size_t at = 0;
    for (std::size_t r = 0; r < count_; ++r) {
        out += ' ';
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            const std::size_t end = values_.find('\x1F', at);
            const int width = fields_[i].width > 0 ? fields_[i].width : widths_[i];
            const std::string_view v = fit(std::string_view(values_).substr(at, end - at), width);
            at = end + 1;
            const auto pad = static_cast<std::size_t>(width) - v.size();
            if (fields_[i].type == 'N') {
                out.append(pad, ' ');
                out += v;
            } else {
                out += v;
                out.append(pad, ' ');
            }
        }
    }
    return out;
}

void ShapefileWriter::add_point(Point p, const std::vector<std::string_view>& values) {
    extend(p);
    std::string c;
    put_le32(c, static_cast<int>(Shape::point));
    put_double(c, p.x);
    put_double(c, p.y);
    add_record(c, values);
}

void ShapefileWriter::add_line(const std::vector<Point>& line, const std::vector<std::string_view>& values) {
    double x0 = line.front().x, x1 = x0, y0 = line.front().y, y1 = y0;
    for (const auto& p : line) {
        extend(p);
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
    }
    std::string c;
    put_le32(c, static_cast<int>(Shape::polyline));
    put_double(c, x0);
    put_double(c, y0);
    put_double(c, x1);
    put_double(c, y1);
    put_le32(c, 1);
    put_le32(c, static_cast<std::int32_t>(line.size()));
    put_le32(c, 0);
    for (const auto& p : line) {
        put_double(c, p.x);
        put_double(c, p.y);
    }
    add_record(c, values);
}

void ShapefileWriter::add_polygon(const std::vector<Ring>& rings,
                                  const std::vector<std::string_view>& values) {
    std::vector<Ring> cw;
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    std::int32_t points = 0;
    for (const auto& ring : rings) {
        Ring r = ring;
        if (r.front().x != r.back().x || r.front().y != r.back().y) {
            r.push_back(r.front());
        }
        double area = 0;
        for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            area += (r[j].x * r[i].y) - (r[i].x * r[j].y);
        }
        if (area > 0) {
            std::reverse(r.begin(), r.end());
        }
        for (const auto& p : r) {
            extend(p);
            x0 = std::min(x0, p.x);
            x1 = std::max(x1, p.x);
            y0 = std::min(y0, p.y);
            y1 = std::max(y1, p.y);
        }
        points += static_cast<std::int32_t>(r.size());
        cw.push_back(std::move(r));
    }
    std::string c;
    put_le32(c, static_cast<int>(Shape::polygon));
    put_double(c, x0);
    put_double(c, y0);
    put_double(c, x1);
    put_double(c, y1);
    put_le32(c, static_cast<std::int32_t>(cw.size()));
    put_le32(c, points);
    std::int32_t start = 0;
    for (const auto& r : cw) {
        put_le32(c, start);
        start += static_cast<std::int32_t>(r.size());
    }
    for (const auto& r : cw) {
        for (const auto& p : r) {
            put_double(c, p.x);
            put_double(c, p.y);
        }
    }
    add_record(c, values);
}

void ShapefileWriter::finish() {
    const int shape = static_cast<int>(shape_);
    write_file(path_ + ".shp",
               {header(static_cast<std::int32_t>((100 + shp_.size()) / 2), shape, xmin_, ymin_, xmax_, ymax_),
                shp_});
    write_file(path_ + ".shx",
               {header(static_cast<std::int32_t>((100 + shx_.size()) / 2), shape, xmin_, ymin_, xmax_, ymax_),
                shx_});
    std::string h;
    int year = 0;
    unsigned month = 0, day = 0;
    dbf_date_.to_ymd(year, month, day);
    h += '\x03';
    h += static_cast<char>(year - 1900);
    h += static_cast<char>(month);
    h += static_cast<char>(day);
    put_le32(h, static_cast<std::int32_t>(count_));
    int record = 1;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        record += fields_[i].width > 0 ? fields_[i].width : widths_[i];
    }
    put_le16(h, 32 + 32 * static_cast<int>(fields_.size()) + 1);
    put_le16(h, record);
    h.append(20, '\0');
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const ShapeField& f = fields_[i];
        std::string name = f.name.substr(0, 10);
        name.resize(11, '\0');
        h += name;
        h += f.type;
        h.append(4, '\0');
        h += static_cast<char>(f.width > 0 ? f.width : widths_[i]);
        h += static_cast<char>(f.decimals);
        h.append(14, '\0');
    }
    h += '\x0D';
    write_file(path_ + ".dbf", {h, dbf_records(), "\x1A"});
    write_file(path_ + ".prj", prj_);
    write_file(path_ + ".cpg", "UTF-8");
    shp_.clear();
    shx_.clear();
    values_.clear();
}

} // namespace fibre::demo
