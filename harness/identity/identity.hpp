// What a result measured: the card, the model, the tool and the arguments that change its
// work, the power scope and probes, the host and wattbench's version. Every run and variant
// carries one (summary.json variants[].identity); labels, tables and gates are built from it,
// and results are compared only when the fields that define the work match.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wb {

struct ResultIdentity {
  struct Card {
    std::string id;  // the campaign's card name, or the config's name for a single bench
    std::string vendor, product, form_factor, pci_address, serial;
  } card;
  struct Model {
    std::string id;        // logical id (a catalog id, else the artifact's stem)
    std::string artifact;  // file (or folder) name of what the tool loaded
    std::string sha256;    // of its content; "" when it could not be read
  } model;
  struct Tool {
    std::string name, version;                            // version as the tool printed it
    nlohmann::json work_args = nlohmann::json::object();  // batch, streams, mode, cores, target rate...
  } tool;
  std::string scope;                // the power scope of the figures
  std::vector<std::string> probes;  // "name: kind, rail"
  struct Host {
    std::string cpu, kernel, os;
  } host;
  std::string driver, firmware;  // as the tool or environment recorded them
  // The card link's ASPM: the config's device.aspm and the state read back from the Link
  // Control register for the runs ("" unknown: no PCI address, or the register unreadable).
  struct Aspm {
    std::string requested, state;
  } aspm;
  std::string wattbench_version;
};

nlohmann::json to_json(const ResultIdentity& id);
// Tolerant of missing fields (older summaries): what is absent stays empty.
ResultIdentity identity_from_json(const nlohmann::json& j);

// "Hailo Hailo-8 (M.2 2280 M)"; the card id where the product is unknown; never empty.
std::string card_label(const ResultIdentity& id);
// "Hailo Hailo-8 (M.2 2280 M) · resnet50 · hailortcli"; never empty.
std::string identity_label(const ResultIdentity& id);
// The fields that define the work (card, model, tool and its work arguments, scope) as one
// string: two results with the same key measured the same thing.
std::string identity_key(const ResultIdentity& id);

struct IdentityDiff {
  std::vector<std::string> mismatches;  // "card.product: Hailo-8 vs DX-M1": not the same work
  std::vector<std::string> warnings;    // host, tool version, driver, firmware: same work, other set-up
  bool same_work() const { return mismatches.empty(); }
};
// a: the current result, b: the baseline. Fields unknown on either side are not compared,
// except the model hash: known on one side only is a warning.
IdentityDiff compare_identities(const ResultIdentity& a, const ResultIdentity& b);

}  // namespace wb
