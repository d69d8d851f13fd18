// SVG to PNG through librsvg and cairo (Debian's librsvg2-dev), so a figure needs no browser.
// Only png.cpp includes their headers: GLib's macros stay out of the rest of the harness.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

namespace wb::figures {

// Renders svg at `scale` × its own size into png; throws std::runtime_error with librsvg's or
// cairo's message (naming `png`) when either fails.
void render_png(const std::string& svg, const std::filesystem::path& png, double scale = 2.0);

// What a PNG holds, for tests and checks: its size, pixels unlike the top-left (background)
// one, and how many distinct colours among them.
struct PngFacts {
  int width = 0, height = 0;
  std::size_t foreground_pixels = 0, distinct_colours = 0;
};
PngFacts png_facts(const std::filesystem::path& png);

}  // namespace wb::figures
