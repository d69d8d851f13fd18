#!/usr/bin/env bash
# Installs the Debian 12 packages wattbench builds with (root or sudo); a no-op when present.
# --with-test-tools adds Chromium (the report's browser test), clang's libFuzzer runtime, umockdev (the USB-emulation tests), tmux (the live monitor's screen test), zsh (the completion test), prometheus-pushgateway, python3-prometheus-client (the OpenMetrics export test), python3-onnx (the infer tests generate their ONNX models) and clang-format (the style check).
set -euo pipefail
pkgs=(build-essential cmake pkg-config ccache libftdi1-dev libboost-dev libopencv-dnn-dev libboost-filesystem-dev libboost-regex-dev
      libyaml-cpp-dev libssl-dev nlohmann-json3-dev libfmt-dev doctest-dev libcli11-dev libncurses-dev libjs-dygraphs
      librsvg2-dev)
[ "${1:-}" = "--with-test-tools" ] && pkgs+=(chromium clang clang-format libclang-rt-14-dev umockdev libumockdev-dev tmux zsh prometheus-pushgateway python3-prometheus-client python3-onnx)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
