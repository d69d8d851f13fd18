#!/usr/bin/env bash
# compare --format openmetrics against real consumers: Debian's python3-prometheus-client
# parses it with its OpenMetrics parser, and a real Prometheus Pushgateway (started here on
# 127.0.0.1 at a free port, stopped after) accepts the push and serves every series with its
# identity labels on /metrics. Two simulated cards, two nights of one of them.
# Usage: export_pushgateway.sh WATTBENCH SOURCE_DIR WORK_DIR
set -euo pipefail
wattbench=$1 src=$2 work=$3
py=/usr/bin/python3  # Debian's Python, where python3-prometheus-client installs
gw=/usr/bin/prometheus-pushgateway
if [ ! -x "$gw" ] || ! "$py" -c 'import prometheus_client.openmetrics.parser' 2>/dev/null; then
  echo "SKIP: prometheus-pushgateway or python3-prometheus-client missing (scripts/deps.sh --with-test-tools installs them)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
cd "$src"
gw_pid=""
cleanup() { [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null; true; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

run() {  # CONFIG OUT [--set ...]
  local config=$1 out=$2
  shift 2
  "$wattbench" run "$config" --output "$out" --set repeat=2 --set phases.idle_s=0.5 "$@" >"$out.log" 2>&1 ||
    { cat "$out.log"; fail "run $config"; }
}
run configs/sim/hailo8-resnet50.yaml "$work/hailo8-1" --set benchmark.args.time_s=1
run configs/sim/hailo8-resnet50.yaml "$work/hailo8-2" --set benchmark.args.time_s=1
run configs/sim/deepx-m1-resnet50.yaml "$work/deepx-1" --set benchmark.args.time_s=1
"$wattbench" compare "$work/hailo8-1" "$work/hailo8-2" "$work/deepx-1" --format openmetrics --output "$work/metrics.txt" ||
  fail "compare --format openmetrics"

# 1. The client's OpenMetrics parser: every family parses, every sample has the identity labels.
"$py" - "$work/metrics.txt" <<'PY' || fail "the OpenMetrics parser rejected the exposition"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
text = open(sys.argv[1], encoding="utf-8").read()
families = {f.name: f for f in text_string_to_metric_families(text)}
for name in ("wattbench_fps", "wattbench_fps_per_watt", "wattbench_power_watts", "wattbench_idle_power_watts",
             "wattbench_energy_per_inference_joules"):
    assert name in families, f"{name} missing: {sorted(families)}"
    f = families[name]
    assert f.type == "gauge", (name, f.type)
    products = sorted(s.labels["product"] for s in f.samples)
    assert products == ["Hailo-8", "M1"], (name, products)  # one series per identity: the latest Hailo night
    for s in f.samples:
        for label in ("vendor", "product", "model", "tool", "scope", "benchmark"):
            assert s.labels.get(label), (name, label, s.labels)
        assert s.value > 0, (name, s)
assert families["wattbench_power_watts"].unit == "watts"
print("parsed", len(families), "families")
PY

# 2. A real Pushgateway: push, then read every series back from its /metrics.
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$gw" --web.listen-address="127.0.0.1:$port" >"$work/pushgateway.log" 2>&1 &
gw_pid=$!
"$py" - "$port" "$work/metrics.txt" <<'PY' || { cat "$work/pushgateway.log"; fail "push to the Pushgateway"; }
import sys, time, urllib.request
port, path = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/-/ready", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
body = open(path, "rb").read()
req = urllib.request.Request(base + "/metrics/job/wattbench_nightly", data=body, method="PUT",
                             headers={"Content-Type": "application/openmetrics-text; version=1.0.0; charset=utf-8"})
with urllib.request.urlopen(req, timeout=5) as r:
    assert r.status in (200, 202), r.status
served = urllib.request.urlopen(base + "/metrics", timeout=5).read().decode()
from prometheus_client.parser import text_string_to_metric_families
got = {}
for f in text_string_to_metric_families(served):
    for s in f.samples:
        if s.labels.get("job") == "wattbench_nightly":
            got.setdefault(s.name, []).append(s.labels)
for name in ("wattbench_fps", "wattbench_fps_per_watt", "wattbench_power_watts", "wattbench_idle_power_watts",
             "wattbench_energy_per_inference_joules"):
    labels = got.get(name, [])
    assert sorted(l["product"] for l in labels) == ["Hailo-8", "M1"], (name, labels)
    for l in labels:
        for k in ("vendor", "model", "tool", "scope", "card", "benchmark"):
            assert l.get(k), (name, k, l)
print("pushgateway serves", sum(len(v) for v in got.values()), "series")
PY
echo "PASS"
