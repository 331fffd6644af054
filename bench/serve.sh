#!/usr/bin/env bash
# Edit-to-reload latency of `qingdan serve` on the bundled example and on a synthetic
# 200-township site (see bench/README.md). Each site is copied to a temporary directory first.
#
#   bench/serve.sh [townships=200] [edits=10]
set -euo pipefail
cd "$(dirname "$0")/.."
townships=${1:-200}
edits=${2:-10}
cargo build --release --quiet --bin qingdan --example synth
bin=$PWD/target/release/qingdan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp -r content qingdan.toml history "$tmp/" 2>/dev/null || true
[ -d themes ] && cp -r themes "$tmp/"
echo "== 示例站点（content/）：编辑 content/lists/tangxi.toml"
node bench/serve-latency.js "$bin" "$tmp" "$tmp/content/lists/tangxi.toml" "$edits"

syn=$tmp/syn
target/release/examples/synth --townships "$townships" --items 300 --out "$syn" >/dev/null
list=$(ls "$syn"/content/lists/*.toml | head -1)
echo "== 合成站点 ${townships}x300：编辑 ${list#$syn/}"
node bench/serve-latency.js "$bin" "$syn" "$list" "$edits" 8000
