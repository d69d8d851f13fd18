// Inputs from a folder of images, decoded, resized, laid out and quantized the same way for every
// runtime. Decoded here: binary netpbm (P5 grey, P6 RGB; 8-bit), the format every converter writes
// (`convert x.jpg x.ppm`); JPEG and PNG need OpenCV's imgcodecs, which Debian packages with GDAL
// and forty other libraries, so they are not read yet.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "infer/inputs.hpp"

namespace wb::infer {

struct ImageOptions {
  std::string dir;
  double mean = 0, std = 1;  // float inputs: (pixel / 255 - mean) / std
};

struct Image {
  std::size_t width = 0, height = 0, channels = 0;  // channels 1 or 3 (RGB)
  std::vector<std::uint8_t> pixels;                 // row-major, interleaved
};

// A P5/P6 file's bytes; throws naming `what` and what was malformed.
Image decode_netpbm(const std::string& bytes, const std::string& what);
// Bilinear resize (pixel centres aligned, as OpenCV's INTER_LINEAR).
Image resize_bilinear(const Image& in, std::size_t width, std::size_t height);
// The tensor for `spec` (rank 4, NCHW when dimension 1 is 1 or 3, else NHWC) from one image:
// resized to the spec's H x W, grey expanded to RGB where 3 channels are asked, then float
// (normalised), uint8 (as is) or int8 (pixel - 128).
Tensor image_tensor(const Image& img, const InputSpec& spec, const ImageOptions& o);
// Up to `sets` images of the folder (regular files ending .ppm or .pgm, by name), each one set
// whose first input is the image and the others the seeded synthetic tensors.
std::vector<Tensors> image_inputs(const std::vector<InputSpec>& specs, const ImageOptions& o, std::uint64_t seed,
                                  std::size_t sets);

}  // namespace wb::infer
