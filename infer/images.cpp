// netpbm decoding (the format as netpbm's ppm(5)/pgm(5) manual pages give it: magic, width,
// height, maxval as ASCII separated by whitespace and '#' comments, one whitespace byte, then the
// raster), bilinear resize, layout and quantization.
#include "infer/images.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace wb::infer {

namespace fs = std::filesystem;

Image decode_netpbm(const std::string& b, const std::string& what) {
  auto bad = [&](const std::string& why) { throw std::runtime_error(what + ": not a binary PPM/PGM: " + why); };
  if (b.size() < 2 || b[0] != 'P' || (b[1] != '5' && b[1] != '6')) bad("expected magic P5 or P6");
  std::size_t pos = 2;
  auto number = [&]() -> std::size_t {
    for (;;) {
      while (pos < b.size() && std::isspace(static_cast<unsigned char>(b[pos]))) ++pos;
      if (pos < b.size() && b[pos] == '#') {
        while (pos < b.size() && b[pos] != '\n') ++pos;
        continue;
      }
      break;
    }
    std::size_t v = 0, digits = 0;
    while (pos < b.size() && std::isdigit(static_cast<unsigned char>(b[pos]))) {
      if (++digits > 6) bad("a header number over 6 digits");
      v = v * 10 + static_cast<std::size_t>(b[pos++] - '0');
    }
    if (!digits) bad("a header number expected at byte " + std::to_string(pos));
    return v;
  };
  Image img;
  img.channels = b[1] == '6' ? 3 : 1;
  img.width = number();
  img.height = number();
  std::size_t maxval = number();
  if (!img.width || !img.height || img.width > 16384 || img.height > 16384) bad("size outside 1..16384");
  if (maxval == 0 || maxval > 255) bad("only 8-bit images (maxval 1..255)");
  if (pos >= b.size() || !std::isspace(static_cast<unsigned char>(b[pos]))) bad("no whitespace before the raster");
  ++pos;
  std::size_t n = img.width * img.height * img.channels;
  if (b.size() - pos < n)
    bad("the raster is " + std::to_string(b.size() - pos) + " bytes, " + std::to_string(n) + " expected");
  img.pixels.assign(b.begin() + static_cast<std::ptrdiff_t>(pos), b.begin() + static_cast<std::ptrdiff_t>(pos + n));
  if (maxval != 255)
    for (auto& p : img.pixels)
      p = static_cast<std::uint8_t>(std::min<std::size_t>(255, (p * 255 + maxval / 2) / maxval));
  return img;
}

Image resize_bilinear(const Image& in, std::size_t w, std::size_t h) {
  if (w == in.width && h == in.height) return in;
  Image out{w, h, in.channels, std::vector<std::uint8_t>(w * h * in.channels)};
  double sx = static_cast<double>(in.width) / w, sy = static_cast<double>(in.height) / h;
  for (std::size_t y = 0; y < h; ++y) {
    double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, static_cast<double>(in.height - 1));
    auto y0 = static_cast<std::size_t>(fy);
    std::size_t y1 = std::min(y0 + 1, in.height - 1);
    double ay = fy - y0;
    for (std::size_t x = 0; x < w; ++x) {
      double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, static_cast<double>(in.width - 1));
      auto x0 = static_cast<std::size_t>(fx);
      std::size_t x1 = std::min(x0 + 1, in.width - 1);
      double ax = fx - x0;
      for (std::size_t c = 0; c < in.channels; ++c) {
        auto p = [&](std::size_t yy, std::size_t xx) {
          return static_cast<double>(in.pixels[(yy * in.width + xx) * in.channels + c]);
        };
        double v = (1 - ay) * ((1 - ax) * p(y0, x0) + ax * p(y0, x1)) + ay * ((1 - ax) * p(y1, x0) + ax * p(y1, x1));
        out.pixels[(y * w + x) * in.channels + c] = static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
      }
    }
  }
  return out;
}

Tensor image_tensor(const Image& img0, const InputSpec& spec, const ImageOptions& o) {
  if (spec.shape.size() != 4 || spec.shape[0] != 1)
    throw std::runtime_error("input '" + spec.name + "': images need a 1xCxHxW or 1xHxWxC input");
  bool nchw = spec.shape[1] == 1 || spec.shape[1] == 3;
  std::size_t c = nchw ? spec.shape[1] : spec.shape[3], h = nchw ? spec.shape[2] : spec.shape[1],
              w = nchw ? spec.shape[3] : spec.shape[2];
  if (c != 1 && c != 3) throw std::runtime_error("input '" + spec.name + "': images need 1 or 3 channels");
  if (spec.dtype != WB_OAAX_FLOAT && spec.dtype != WB_OAAX_UINT8 && spec.dtype != WB_OAAX_INT8)
    throw std::runtime_error("input '" + spec.name + "': images go into float32, uint8 or int8 inputs, not " +
                             dtype_name(spec.dtype));
  Image img = resize_bilinear(img0, w, h);
  Tensor t{spec.name, spec.dtype, spec.shape, std::vector<std::uint8_t>(w * h * c * *dtype_size(spec.dtype))};
  for (std::size_t y = 0; y < h; ++y)
    for (std::size_t x = 0; x < w; ++x)
      for (std::size_t k = 0; k < c; ++k) {
        // Grey into 3 channels: the same value thrice; RGB into 1: the ITU-R BT.601 luma.
        double v;
        const std::uint8_t* px = &img.pixels[(y * w + x) * img.channels];
        if (img.channels == c)
          v = px[k];
        else if (img.channels == 1)
          v = px[0];
        else
          v = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
        std::size_t i = nchw ? (k * h + y) * w + x : (y * w + x) * c + k;
        if (spec.dtype == WB_OAAX_FLOAT) {
          auto f = static_cast<float>((v / 255.0 - o.mean) / o.std);
          std::memcpy(t.bytes.data() + 4 * i, &f, 4);
        } else if (spec.dtype == WB_OAAX_UINT8) {
          t.bytes[i] = static_cast<std::uint8_t>(std::lround(v));
        } else {
          t.bytes[i] = static_cast<std::uint8_t>(static_cast<std::int8_t>(std::lround(v) - 128));
        }
      }
  return t;
}

std::vector<Tensors> image_inputs(const std::vector<InputSpec>& specs, const ImageOptions& o, std::uint64_t seed,
                                  std::size_t sets) {
  if (specs.empty()) throw std::runtime_error("images: the model has no inputs to put them in");
  std::error_code ec;
  if (!fs::is_directory(o.dir, ec)) throw std::runtime_error("images '" + o.dir + "': not a folder");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(o.dir, ec)) {
    auto ext = e.path().extension().string();
    if (e.is_regular_file(ec) && !e.is_symlink(ec) && (ext == ".ppm" || ext == ".pgm")) files.push_back(e.path());
    if (files.size() > 100000) throw std::runtime_error("images '" + o.dir + "': over 100 000 files");
  }
  if (ec) throw std::runtime_error("images '" + o.dir + "': " + ec.message());
  if (files.empty())
    throw std::runtime_error("images '" + o.dir +
                             "': no .ppm or .pgm files (convert others with `convert x.jpg x.ppm`)");
  std::sort(files.begin(), files.end());
  if (files.size() > sets) files.resize(sets);
  auto rest = synth_inputs(specs, seed, files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    auto size = fs::file_size(files[k], ec);
    if (ec || size > (std::uintmax_t{64} << 20))
      throw std::runtime_error(files[k].string() + ": unreadable or over 64 MiB");
    std::ifstream in(files[k], std::ios::binary);
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    rest[k][0] = image_tensor(decode_netpbm(bytes, files[k].string()), specs[0], o);
  }
  return rest;
}

}  // namespace wb::infer
