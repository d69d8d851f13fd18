// A variant's ResultIdentity (harness/identity): planned from its config before its first run
// (card, model artifact and its hash, tool and its work arguments, scope, probes, host,
// wattbench version), kept as <variant>/identity.json, and completed from its runs (the
// versions the tool printed).
#pragma once
#include <filesystem>

#include <nlohmann/json.hpp>

#include "harness/config/config.hpp"
#include "harness/identity/identity.hpp"
#include "harness/report/summary.hpp"

namespace wb {

// environment: the results folder's environment.json (may be null).
ResultIdentity plan_identity(const Variant& v, const nlohmann::json& environment);
// The versions of the variant's first ok run (else any run) fill the tool version, driver and
// firmware; the runs' scope replaces the planned one.
void complete_identity(VariantRecord& v);

// <results>/<variant>/identity.json: read when present, else planned and written.
ResultIdentity recorded_identity(const std::filesystem::path& results_dir, const Variant& v,
                                 const nlohmann::json& environment);

// The wattbench version this build reports.
const char* wattbench_version();

}  // namespace wb
