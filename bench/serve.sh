#!/usr/bin/env bash
# Edit-to-reload latency of `qingdan serve` on the bundled example, on a synthetic
# 200-township county and on a synthetic city of 7 counties × 29 townships (bench/province.sh),
# editing one county's list (see bench/README.md). Each site is made in a temporary directory.
#
#   bench/serve.sh [townships=200] [edits=10]
#   CITY=0 bench/serve.sh                 # without the city
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
# A glob, not `ls | head`: under pipefail, ls killed by SIGPIPE when head exits stopped the script.
lists=("$syn"/content/lists/*.toml)
list=${lists[0]}
echo "== 合成站点 ${townships}x300：编辑 ${list#$syn/}"
node bench/serve-latency.js "$bin" "$syn" "$list" "$edits" 8000

if [ "${CITY:-1}" = 1 ]; then
    city=$(ONLY_GENERATE=1 HUGO=0 SKIP_BUILD=1 BENCH_DIR="$tmp/city" bench/province.sh city)
    echo "== 市级站点 7 个县 × 29 个乡镇 × 340 项：编辑 counties/c003/content/lists/t0005.toml"
    node bench/serve-latency.js "$bin" "$city" "$city/counties/c003/content/lists/t0005.toml" "$edits" 2500
fi
