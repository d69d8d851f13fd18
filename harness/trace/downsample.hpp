// Min/max-per-column downsampling for plots: a long trace keeps its peaks and dips at any
// width, and the output size depends on the column count, not the trace length.
#pragma once
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "harness/trace/sample.hpp"

namespace wb {

using PlotPoint = std::pair<double, double>;  // (t_s, value)

// Streams samples into `columns` equal time buckets over [t0, t1]; each bucket yields its min
// and max in time order. Missing values and failed reads are skipped.
class MinMaxDownsampler {
 public:
  MinMaxDownsampler(double t0, double t1, int columns);
  void add(double t, double v);
  std::vector<PlotPoint> points() const;

 private:
  struct Bucket {
    bool used = false;
    double t_min = 0, v_min = 0, t_max = 0, v_max = 0;
  };
  double m_t0, m_t1;
  std::vector<Bucket> m_buckets;
};

// Plot data of one channel for a zoomable chart: every sample of a short trace (zooming in shows
// the real samples), min/max pairs over kZoomColumns columns of a long one (the page stays small
// and fast, and no peak is lost).
class TracePlotData {
 public:
  static constexpr std::size_t kFullResolutionMax = 20000;  // samples per trace kept as they are
  static constexpr int kZoomColumns = 4000;                 // a few per pixel, so a zoom keeps detail
  TracePlotData(double t0, double t1, std::size_t samples);
  void add(double t, double v);
  std::vector<PlotPoint> points() const;
  bool full_resolution() const { return !m_columns; }

 private:
  std::optional<MinMaxDownsampler> m_columns;
  std::vector<PlotPoint> m_all;
};

std::vector<PlotPoint> downsample(const std::vector<Sample>& samples, int channel, int columns);

}  // namespace wb
