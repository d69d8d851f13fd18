// Runs the metric table's sample folds (e.g. the peak) over one probe's window samples, and
// combines the folds of the probes summed into the headline power.
#pragma once
#include <map>
#include <string>

namespace wb {

class WindowFolds {
 public:
  void add(double power_w);  // one valid power sample inside the window
  const std::map<std::string, double>& values() const { return m_values; }

 private:
  std::map<std::string, double> m_values;
};

// Several rails' folds into `into` with each row's combine (rails are sampled at different instants).
void merge_folds(std::map<std::string, double>& into, const std::map<std::string, double>& rail);

}  // namespace wb
