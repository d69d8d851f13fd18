// Grouped bar figures: data from compare rows, SVG sized for a blog column, CSV beside it.
#include "harness/figures/bar_figure.hpp"
#include "harness/pci/link_control.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "harness/figures/png.hpp"
#include "harness/report/format.hpp"
#include "harness/report/svg.hpp"
#include "harness/util/checked_write.hpp"
#include "harness/util/csv_cell.hpp"
#include "harness/util/printable.hpp"

namespace wb::figures {

namespace {

struct MetricSpec {
  const char* key;
  const char* title;
  const char* axis;
  const char* unit;
  bool power;  // a power figure: its axis names the scope
};
const MetricSpec kMetrics[] = {
    {"fps", "Throughput", "FPS", "FPS", false},
    {"power_w", "Power while running", "Power (W)", "W", true},
    {"fps_per_w", "Efficiency", "FPS/W", "FPS/W", true},
    {"j_per_inference", "Energy per inference", "Energy per inference", "J", true},
};

std::string scopes_text(const std::vector<std::vector<Slot>>& slots) {
  std::set<std::string> scopes;
  for (const auto& g : slots)
    for (const auto& s : g)
      if (s.value && !s.scope.empty()) scopes.insert(s.scope);
  if (scopes.empty()) return "";
  if (scopes.size() == 1) return "scope: " + *scopes.begin();
  return "scopes differ per card, see the CSV";
}

std::string interval_note(const std::vector<std::vector<Slot>>& slots) {
  std::size_t lo = SIZE_MAX, hi = 0;
  for (const auto& g : slots)
    for (const auto& s : g)
      if (s.value) {
        lo = std::min(lo, s.n);
        hi = std::max(hi, s.n);
      }
  if (hi == 0) return "No pair has a figure.";
  if (hi < 2) return "One run per pair: no interval (error bars need two or more runs).";
  if (lo < 2) return "Error bars: 95 % interval (Student t) where a pair has two or more runs; n per pair in the CSV.";
  return lo == hi ? fmt::format("Error bars: 95 % interval of the mean (Student t), {} runs per pair.", lo)
                  : fmt::format("Error bars: 95 % interval of the mean (Student t), {} to {} runs per pair.", lo, hi);
}

Slot slot_of(const CompareRow& r, const std::string& key) {
  Slot s;
  s.n = r.stat(key).n;
  s.scope = r.scope;
  if (auto m = r.stat(key).mean) {
    s.value = *m;
    s.ci95 = r.stat(key).ci95;
    return s;
  }
  if (r.runs == 0)
    s.status = "not run";
  else if (r.failed_runs == r.runs) {
    s.status = r.tool_refused ? "refused" : "failed";
    s.reason = r.failure;
  } else
    s.status = "not measured";
  return s;
}

// Three significant digits: what a bar's label can honestly carry and still fit.
std::string short_value(double v) {
  if (v == 0) return "0";
  int digits = std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
  return fmt::format("{:.{}f}", v, digits);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> figure_titles() {
  std::vector<std::pair<std::string, std::string>> t;
  for (const auto& m : kMetrics) t.emplace_back(m.key, fmt::format("{} by model and card", m.title));
  t.emplace_back("idle_power_w", "Idle power per card");
  return t;
}

std::string card_colour(std::size_t index) {
  static const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                   "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return kPalette[index % std::size(kPalette)];
}

std::vector<BarFigure> bar_figures(const std::vector<CompareRow>& rows, const std::vector<Unrun>& unrun) {
  std::vector<std::string> models, card_ids, card_labels;
  auto add = [](std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  // Pairs run in several ASPM states (an ASPM sweep) are separate groups, never folded into one.
  std::vector<std::string> aspm_states;
  for (const auto& r : rows) add(aspm_states, r.identity.aspm.state);
  const bool split_by_aspm = aspm_states.size() > 1;
  auto group_of = [&](const CompareRow& r) {
    std::string model = r.identity.model.id.empty() ? r.model : r.identity.model.id;
    if (!split_by_aspm) return model;
    return model + " · ASPM " +
           (r.identity.aspm.state.empty() ? "not read back" : aspm_state_label(r.identity.aspm.state));
  };
  for (const auto& r : rows) {
    add(models, group_of(r));
    if (std::find(card_ids.begin(), card_ids.end(), r.identity.card.id) == card_ids.end()) {
      card_ids.push_back(r.identity.card.id);
      card_labels.push_back(card_label(r.identity));
    }
  }
  for (const auto& u : unrun) {
    add(models, u.model);
    if (std::find(card_ids.begin(), card_ids.end(), u.card_id) == card_ids.end()) {
      card_ids.push_back(u.card_id);
      card_labels.push_back(u.card_id);
    }
  }
  auto card_index = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find(card_ids.begin(), card_ids.end(), id) - card_ids.begin());
  };
  auto model_index = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find(models.begin(), models.end(), id) - models.begin());
  };
  Slot not_planned;
  not_planned.status = "not run";

  std::vector<BarFigure> out;
  for (const auto& m : kMetrics) {
    BarFigure f;
    f.id = m.key;
    f.metric = m.key;
    f.title = fmt::format("{} by model and card", m.title);
    f.unit = m.unit;
    f.groups = models;
    f.cards = card_labels;
    f.card_ids = card_ids;
    f.slots.assign(models.size(), std::vector<Slot>(card_ids.size(), not_planned));
    for (const auto& r : rows) {
      auto& s = f.slots[model_index(group_of(r))][card_index(r.identity.card.id)];
      // Several results of one pair (compare over nights): the first with a figure wins.
      if (s.value) continue;
      s = slot_of(r, m.key);
    }
    for (const auto& u : unrun) {
      auto& s = f.slots[model_index(u.model)][card_index(u.card_id)];
      if (s.status == "not run") s.reason = u.reason;
    }
    std::string scopes = m.power ? scopes_text(f.slots) : "";
    f.axis = scopes.empty() ? m.axis : fmt::format("{} ({})", m.axis, scopes);
    f.note = interval_note(f.slots);
    out.push_back(std::move(f));
  }

  // Idle: a card's idle does not depend on the model it later runs; its first figure stands.
  // Where links' ASPM states were read back, one group per state (the card keeps its colour).
  BarFigure idle;
  idle.id = idle.metric = "idle_power_w";
  idle.title = "Idle power per card";
  idle.unit = "W";
  std::vector<std::string> states;
  for (const auto& r : rows) add(states, r.identity.aspm.state);
  bool by_state = std::any_of(states.begin(), states.end(), [](const std::string& s) { return !s.empty(); });
  if (!by_state) states = {""};
  for (const auto& st : states)
    idle.groups.push_back(!by_state ? "" : st.empty() ? "ASPM not read back" : "ASPM " + aspm_state_label(st));
  if (by_state) idle.title = "Idle power per card and ASPM state (read back)";
  idle.cards = card_labels;
  idle.card_ids = card_ids;
  Slot not_in_state;
  not_in_state.status = "not measured";
  not_in_state.reason = "not run in this ASPM state";
  idle.slots.assign(states.size(), std::vector<Slot>(card_ids.size(), by_state ? not_in_state : not_planned));
  auto state_index = [&](const std::string& st) {
    return by_state ? static_cast<std::size_t>(std::find(states.begin(), states.end(), st) - states.begin()) : 0;
  };
  for (const auto& r : rows) {
    auto& s = idle.slots[state_index(r.identity.aspm.state)][card_index(r.identity.card.id)];
    if (!s.value) s = slot_of(r, "idle_power_w");
  }
  if (!by_state)
    for (const auto& u : unrun)
      if (auto& s = idle.slots[0][card_index(u.card_id)]; s.status == "not run" && s.reason.empty())
        s.reason = u.reason;
  std::string scopes = scopes_text(idle.slots);
  idle.axis = scopes.empty() ? "Idle power (W)" : fmt::format("Idle power (W, {})", scopes);
  idle.note = interval_note(idle.slots);
  out.push_back(std::move(idle));
  return out;
}

std::vector<double> axis_ticks(double lo, double hi) {
  if (!(hi > lo)) hi = lo + 1;
  double raw = (hi - lo) / 5, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag * (raw / mag < 1.5 ? 1 : raw / mag < 3 ? 2 : raw / mag < 7 ? 5 : 10);
  std::vector<double> t;
  for (double v = std::floor(lo / step) * step; v < hi + step * 0.999; v += step)
    t.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  return t;
}

std::string card_legend(const std::vector<LegendEntry>& entries, double left, double right, double& bottom) {
  using svg::escape;
  std::string legend;
  double lx = left, ly = bottom;
  for (const auto& e : entries) {
    double w = 30 + 9.0 * static_cast<double>(e.label.size());
    if (lx + w > right && lx > left) {
      lx = left;
      ly += 26;
    }
    legend += fmt::format(
        "<rect data-legend=\"{}\" x=\"{:.0f}\" y=\"{:.0f}\" width=\"18\" height=\"18\" fill=\"{}\"/>"
        "<text x=\"{:.0f}\" y=\"{:.0f}\" font-size=\"16\">{}</text>\n",
        escape(e.card_id), lx, ly - 14, card_colour(e.colour), lx + 24, ly, escape(e.label));
    lx += w + 18;
  }
  bottom = ly;
  return legend;
}

std::string svg_head(const std::string& id, const std::string& title, double width, double height, double title_x) {
  using svg::escape;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" data-figure=\"{}\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-label=\"{}\" "
      "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n",
      escape(id), width, height, width, height, escape(title));
  out += fmt::format("<rect width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#ffffff\"/>\n", width, height);
  out +=
      fmt::format("<text x=\"{}\" y=\"30\" font-size=\"22\" font-weight=\"bold\">{}</text>\n", title_x, escape(title));
  return out;
}

std::string figure_svg(const BarFigure& f) {
  using svg::escape;
  // 960 × 560 user units: scaled to a 700 px column the 15 px tick labels are still 11 px.
  const double W = 960, ml = 96, mr = 24;
  // Legend: one swatch per card, wrapped into rows.
  std::vector<LegendEntry> entries;
  for (std::size_t c = 0; c < f.cards.size(); ++c) entries.push_back({f.card_ids[c], f.cards[c], c});
  double ly = 66;
  const std::string legend = card_legend(entries, ml, W - mr, ly);
  const double mt = ly + 24, mb = 96, H = mt + 360 + mb;
  const double plot_h = H - mt - mb, plot_w = W - ml - mr;

  // J per inference spans µJ to J: one prefix for the whole axis.
  double vmax = 0;
  for (const auto& g : f.slots)
    for (const auto& s : g)
      if (s.value) vmax = std::max(vmax, *s.value + s.ci95.value_or(0));
  double k = 1;
  std::string axis = f.axis;
  if (f.unit == "J" && vmax > 0) {
    const char* prefix = vmax >= 1 ? "" : vmax >= 1e-3 ? "m" : "µ";
    k = vmax >= 1 ? 1 : vmax >= 1e-3 ? 1e3 : 1e6;
    auto paren = f.axis.find(" (");
    axis = paren == std::string::npos
               ? fmt::format("{} ({}J)", f.axis, prefix)
               : fmt::format("{} ({}J, {}", f.axis.substr(0, paren), prefix, f.axis.substr(paren + 2));
  }
  auto t = axis_ticks(0, vmax * k * 1.12);
  double top = t.back();
  auto Y = [&](double v) { return mt + (1 - v * k / top) * plot_h; };

  std::string out = svg_head(f.id, f.title, W, H, ml);
  out += legend;
  for (double v : t) {
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/>", ml, W - mr,
                       mt + (1 - v / top) * plot_h, mt + (1 - v / top) * plot_h);
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"15\" text-anchor=\"end\">{:g}</text>\n", ml - 8,
                       mt + (1 - v / top) * plot_h + 5, v);
  }
  out += fmt::format(
      "<text x=\"24\" y=\"{:.1f}\" font-size=\"17\" transform=\"rotate(-90 24 {:.1f})\" "
      "text-anchor=\"middle\">{}</text>\n",
      mt + plot_h / 2, mt + plot_h / 2, escape(axis));

  const double group_w = plot_w / static_cast<double>(std::max<std::size_t>(1, f.groups.size()));
  const double bar_w = std::min(110.0, group_w * 0.84 / static_cast<double>(std::max<std::size_t>(1, f.cards.size())));
  for (std::size_t g = 0; g < f.groups.size(); ++g) {
    double gx = ml + group_w * static_cast<double>(g),
           x0 = gx + (group_w - bar_w * static_cast<double>(f.cards.size())) / 2;
    out += fmt::format("<g data-group=\"{}\">\n", escape(f.groups[g]));
    for (std::size_t c = 0; c < f.cards.size(); ++c) {
      const Slot& s = f.slots[g][c];
      double x = x0 + bar_w * static_cast<double>(c) + 3, w = bar_w - 6, cx = x + w / 2;
      if (s.value) {
        double y = Y(*s.value), label_y = y - 8;
        out += fmt::format(
            "<rect data-card=\"{}\" data-status=\"ok\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"{}\"/>\n",
            escape(f.card_ids[c]), x, y, w, mt + plot_h - y, card_colour(c));
        if (s.ci95) {
          double a = Y(std::max(0.0, *s.value - *s.ci95)), e = Y(*s.value + *s.ci95);
          out += fmt::format(
              "<path data-ci=\"{}\" d=\"M{:.1f} {:.1f}V{:.1f}M{:.1f} {:.1f}H{:.1f}M{:.1f} {:.1f}H{:.1f}\" "
              "stroke=\"#000000\" "
              "stroke-width=\"2\" fill=\"none\"/>\n",
              escape(f.card_ids[c]), cx, a, e, cx - 8, a, cx + 8, cx - 8, e, cx + 8);
          label_y = e - 8;
        }
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"14\" text-anchor=\"middle\">{}</text>\n", cx,
                           label_y, short_value(*s.value * k));
      } else {
        // A labelled empty slot: the pair is part of the comparison even without a figure.
        double h = plot_h * 0.45;
        out += fmt::format(
            "<rect data-card=\"{}\" data-status=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"none\" "
            "stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
            escape(f.card_ids[c]), escape(s.status), x, mt + plot_h - h, w, h, card_colour(c));
        out += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"15\" text-anchor=\"middle\" transform=\"rotate(-90 {:.1f} "
            "{:.1f})\" "
            "fill=\"#333333\">{}</text>\n",
            cx + 5, mt + plot_h - h / 2, cx + 5, mt + plot_h - h / 2, escape(s.status));
      }
    }
    if (!f.groups[g].empty())
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"17\" text-anchor=\"middle\">{}</text>\n",
                         gx + group_w / 2, mt + plot_h + 26, escape(f.groups[g]));
    out += "</g>\n";
  }
  out +=
      fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#444444\" stroke-width=\"1.5\"/>\n",
                  ml, W - mr, mt + plot_h, mt + plot_h);
  out += fmt::format("<text data-note=\"\" x=\"{}\" y=\"{:.1f}\" font-size=\"14\" fill=\"#333333\">{}</text>\n", ml,
                     H - 40, escape(f.note));
  bool empty_slot = false;
  for (const auto& g : f.slots)
    for (const auto& s : g) empty_slot = empty_slot || !s.value;
  if (empty_slot)
    out += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"14\" fill=\"#333333\">Dashed slot: no figure for the pair "
        "(refused by its tool, failed or not run); the reason is in the CSV.</text>\n",
        ml, H - 18);
  return out + "</svg>\n";
}

std::string figure_csv(const BarFigure& f) {
  std::string out = "figure,model,card,card_id,status,value,ci95,n,unit,scope,reason\n";
  for (std::size_t g = 0; g < f.groups.size(); ++g)
    for (std::size_t c = 0; c < f.cards.size(); ++c) {
      const Slot& s = f.slots[g][c];
      // Full precision: the CSV is for re-plotting, the figure's labels are rounded.
      auto num = [](std::optional<double> v) { return v ? fmt::format("{:.9g}", *v) : std::string(); };
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_cell(f.id), csv_cell(f.groups[g]),
                         csv_cell(f.cards[c]), csv_cell(f.card_ids[c]), csv_cell(s.status), num(s.value), num(s.ci95),
                         s.value ? std::to_string(s.n) : "", csv_cell(f.unit), csv_cell(s.scope), csv_cell(s.reason));
    }
  return out;
}

std::vector<std::string> write_figures(const std::vector<BarFigure>& figures, const std::filesystem::path& dir,
                                       bool png) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> names;
  for (const auto& f : figures) {
    std::string svg_text = printable(figure_svg(f));
    write_file_atomic(dir / (f.id + ".svg"), svg_text);
    write_file_atomic(dir / (f.id + ".csv"), printable(figure_csv(f)));
    names.push_back(f.id + ".svg");
    names.push_back(f.id + ".csv");
    if (png) {
      // Rendered beside, then renamed: a reader never sees half a PNG.
      auto tmp = dir / ("." + f.id + ".png.tmp");
      render_png(svg_text, tmp);
      std::filesystem::rename(tmp, dir / (f.id + ".png"));
      names.push_back(f.id + ".png");
    }
  }
  return names;
}

}  // namespace wb::figures
