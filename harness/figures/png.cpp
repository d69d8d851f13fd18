// librsvg + cairo rendering, the one translation unit that includes them.
#include "harness/figures/png.hpp"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <set>
#include <stdexcept>

namespace wb::figures {

namespace {
struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct ObjectFree {
  void operator()(void* o) const { g_object_unref(o); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;
}  // namespace

void render_png(const std::string& svg, const std::filesystem::path& png, double scale) {
  GError* err = nullptr;
  std::unique_ptr<RsvgHandle, ObjectFree> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &err));
  if (!handle) {
    std::string why = err ? err->message : "unknown error";
    if (err) g_error_free(err);
    throw std::runtime_error(fmt::format("{}: librsvg could not read the SVG: {}", png.string(), why));
  }
  gdouble w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h) || w <= 0 || h <= 0 || w * scale > 20000 ||
      h * scale > 20000)
    throw std::runtime_error(fmt::format("{}: the SVG has no usable width and height", png.string()));
  int pw = static_cast<int>(std::lround(w * scale)), ph = static_cast<int>(std::lround(h * scale));
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph));
  std::unique_ptr<cairo_t, CairoFree> cr(cairo_create(surface.get()));
  // An opaque white page: a PNG pasted into a dark-themed page stays readable.
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  RsvgRectangle viewport{0, 0, static_cast<double>(pw), static_cast<double>(ph)};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &err)) {
    std::string why = err ? err->message : "unknown error";
    if (err) g_error_free(err);
    throw std::runtime_error(fmt::format("{}: librsvg could not render the SVG: {}", png.string(), why));
  }
  cairo_surface_flush(surface.get());
  if (auto st = cairo_surface_write_to_png(surface.get(), png.c_str()); st != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(fmt::format("{}: cannot write the PNG: {}", png.string(), cairo_status_to_string(st)));
}

PngFacts png_facts(const std::filesystem::path& png) {
  Surface surface(cairo_image_surface_create_from_png(png.c_str()));
  if (auto st = cairo_surface_status(surface.get()); st != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(fmt::format("{}: not a readable PNG: {}", png.string(), cairo_status_to_string(st)));
  cairo_surface_flush(surface.get());
  PngFacts f;
  f.width = cairo_image_surface_get_width(surface.get());
  f.height = cairo_image_surface_get_height(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  if (!data || f.width == 0 || f.height == 0) return f;
  auto pixel = [&](int x, int y) {
    const unsigned char* p = data + static_cast<std::ptrdiff_t>(y) * stride + x * 4;
    return static_cast<std::uint32_t>(p[0]) | p[1] << 8 | p[2] << 16 | static_cast<std::uint32_t>(p[3]) << 24;
  };
  std::uint32_t background = pixel(0, 0);
  std::set<std::uint32_t> colours;
  for (int y = 0; y < f.height; ++y)
    for (int x = 0; x < f.width; ++x)
      if (auto p = pixel(x, y); p != background) {
        ++f.foreground_pixels;
        if (colours.size() < 100000) colours.insert(p);
      }
  f.distinct_colours = colours.size();
  return f;
}

}  // namespace wb::figures
