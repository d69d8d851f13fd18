// The proposed config: YAML text with comments, since yaml-cpp's emitter drops them.
#include "harness/init/init_config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace wb {

namespace fs = std::filesystem;

std::string example_args(const std::string& tool) {
  static const std::map<std::string, std::string> kArgs{
      {"hailortcli", "{mode: run2, hef: model.hef, time_s: 30}"},
      {"acclBench", "{dfp: model.dfp, frames: 4000}"},
      {"axelera", "{network: resnet50-imagenet, media: fakevideo@5000, frames: 20000}"},
      {"benchmark_app", "{model: model.xml, device: NPU, duration_s: 30}"},
      {"benchmark_model", "{graph: model.tflite, min_secs: 30}"},
      {"dxbenchmark", "{dir: models, time_s: 30}"},
      {"infer",
       "{runtime: libvendor_oaax_runtime.so, model: model.onnx, scenario: offline, in_flight: 8, duration_s: 30}"},
      {"onnxruntime_perf_test", "{model: model.onnx}"},
      {"rknn_benchmark", "{model: model.rknn}"},
      {"trtexec", "{onnx: model.onnx, duration_s: 30}"},
      {"generic",
       "{argv: [--model, model.bin], fps: {regex: 'FPS: ([0-9.]+)'}, start_marker: 'timed phase starts', "
       "end_marker: 'timed phase ends'}"}};
  auto it = kArgs.find(tool);
  return it == kArgs.end() ? kArgs.at("generic") : it->second;
}

namespace {
std::string quoted(const std::string& s) { return YAML::Dump(YAML::Node(s)); }

std::string probe_name(const std::string& kind, unsigned address, std::size_t adapter, std::size_t adapters) {
  return adapters > 1 ? fmt::format("{}_{}_{:02x}", kind, adapter + 1, address)
                      : fmt::format("{}_{:02x}", kind, address);
}

ProposedConfig simulated(const BenchScan& scan, const fs::path& demo, std::vector<std::string> found) {
  ProposedConfig p;
  p.simulated = true;
  p.found = std::move(found);
  YAML::Node cfg = YAML::LoadFile(demo.string());
  // The demo's model folder, absolute: the written file may live anywhere.
  fs::path dir = cfg["benchmark"]["args"]["dir"].as<std::string>();
  if (dir.is_relative()) cfg["benchmark"]["args"]["dir"] = fs::weakly_canonical(demo.parent_path() / dir).string();
  cfg["name"] = "simulated-bench";
  YAML::Emitter out;
  out << cfg;
  p.yaml = fmt::format(
      "# Written by `wattbench init`. Nothing to measure with is attached\n"
      "# ({}),\n"
      "# so this is the SIMULATED bench of {}:\n"
      "# a simulated FT232H + INA228 and a fake dxbenchmark, every figure checked against the\n"
      "# simulator's truth. Attach an FT232H with an INA228 (or load a hwmon power driver) and run\n"
      "# `wattbench init` again for a config of your own bench.\n{}\n",
      scan.ftdi.empty() ? "no FT232H adapter, no hwmon power chip"
                        : "no INA2xx answered on the FT232H, no hwmon power chip",
      demo.string(), out.c_str());
  return p;
}
}  // namespace

ProposedConfig propose_config(const BenchScan& scan, const fs::path& demo_config) {
  std::vector<std::string> found;
  for (const auto& f : scan.ftdi) {
    std::string chips;
    for (const auto& c : f.chips) chips += fmt::format(" {}@0x{:02x}", c.kind.empty() ? "unknown" : c.kind, c.address);
    found.push_back(fmt::format("FT232H {}: {}", f.url,
                                !f.error.empty() ? "not scanned: " + f.error
                                : chips.empty()  ? "no chip answered"
                                                 : chips));
  }
  for (const auto& h : scan.hwmon)
    found.push_back(fmt::format("hwmon {} ({}) with power readings", h.name, h.dir.string()));
  for (const auto& a : scan.accelerators)
    found.push_back(fmt::format("PCIe {} vendor 0x{:04x} device 0x{:04x}: {}", a.pci_address, a.vendor, a.device,
                                a.manufacturer.empty() ? "a processing accelerator wattbench has no adapter for"
                                                       : a.manufacturer + " " + a.accelerator));
  for (const auto& t : scan.tools) found.push_back(fmt::format("tool {} at {}", t.tool, t.path.string()));
  if (scan.no_probe()) return simulated(scan, demo_config, found);

  ProposedConfig p;
  p.found = found;
  const AcceleratorFound* acc = nullptr;
  for (const auto& a : scan.accelerators)
    if (!a.manufacturer.empty() && !acc) acc = &a;
  // The tool: the accelerator's vendor tool, else the first one on PATH, else a generic placeholder.
  std::string tool = acc ? acc->tool : !scan.tools.empty() ? scan.tools.front().tool : "generic";
  auto on_path = std::find_if(scan.tools.begin(), scan.tools.end(), [&](const ToolFound& t) { return t.tool == tool; });
  std::string y =
      "# Written by `wattbench init` from what is attached. Every TODO is a guess to check;\n"
      "# then `wattbench validate <this file>` and `wattbench run <this file>`.\n";
  y += fmt::format("name: {}\n", acc ? fmt::format("{}-bench", acc->manufacturer) : std::string("my-bench"));
  y += "device:\n";
  if (acc) {
    y += fmt::format("  manufacturer: {}        # PCIe {} vendor 0x{:04x} device 0x{:04x}\n", acc->manufacturer,
                     acc->pci_address, acc->vendor, acc->device);
    y += fmt::format("  accelerator: {}         # TODO: the exact model\n", acc->accelerator);
    y += fmt::format("  pcie: {}\n", acc->pci_address);
  } else {
    y += "  manufacturer: TODO\n  accelerator: TODO\n";
  }
  y += "  form_factor: TODO            # e.g. M.2 2280\nprobes:\n";
  for (std::size_t i = 0; i < scan.ftdi.size(); ++i) {
    const auto& f = scan.ftdi[i];
    for (const auto& c : f.chips) {
      if (c.kind.empty()) continue;
      y += fmt::format("  - name: {}\n    kind: {}\n    transport: ftdi\n    device: {}\n    address: 0x{:02x}\n",
                       probe_name(c.kind, c.address, i, scan.ftdi.size()), c.kind, f.url, c.address);
      if (c.kind != "ina260")  // the INA260 carries its own 2 mΩ shunt
        y += "    shunt_ohm: 0.015             # TODO: your board's shunt (0.015 on the Adafruit INA228 breakout)\n"
             "    max_current_a: 2.0           # TODO: the rail's maximum current\n";
      y += "    rail: M.2 3.3 V              # TODO: the rail this chip measures\n"
           "    scope: m2-rail               # m2-rail | board | npu-silicon | soc | host\n"
           "    accuracy_pct: 1.0            # TODO: the shunt's tolerance and the chip's gain error\n";
    }
  }
  for (std::size_t i = 0; i < scan.hwmon.size(); ++i) {
    const auto& h = scan.hwmon[i];
    std::string name = "hwmon_";
    for (char c : h.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    bool shared_name =
        std::count_if(scan.hwmon.begin(), scan.hwmon.end(), [&](const HwmonFound& o) { return o.name == h.name; }) > 1;
    if (shared_name) name += fmt::format("_{}", i + 1);
    y += fmt::format("  - name: {}\n    kind: hwmon\n", name);
    if (h.dir.parent_path() != "/sys/class/hwmon")
      y += fmt::format("    root: {}\n", quoted(h.dir.parent_path().string()));
    if (shared_name)
      y += fmt::format(
          "    path: {}                # TODO: chips named {} share a name and hwmonN can change across boots\n",
          h.dir.filename().string(), h.name);
    else
      y += fmt::format("    chip: {}\n", quoted(h.name));
    y += "    rail: TODO                   # the rail this driver measures\n    scope: board\n";
  }
  y += fmt::format("benchmark:\n  tool: {}{}\n", tool,
                   on_path != scan.tools.end() ? "                  # found at " + on_path->path.string()
                   : tool == "generic"         ? "                  # TODO: no vendor tool found on PATH"
                                               : "                  # TODO: not found on PATH; install it");
  if (tool == "generic")
    y += "  executable: your-benchmark       # TODO: the tool, described by its argv, figures and markers\n";
  y += fmt::format("  args: {}    # TODO: your model\n", example_args(tool));
  y += "phases:\n  idle_s: 5\nrepeat: 3\n";
  p.yaml = y;
  return p;
}

}  // namespace wb
