#!/usr/bin/env bash
# 指令数：用 valgrind（callgrind）数一次构建执行的指令条数。墙钟和 CPU 时间在共享的虚拟机上
# 同一程序相差 10–30%，指令数重复运行只差约 0.3%，适合比较一处代码改动前后的用户态开销（内核时间
# 不在其中，见 bench/README.md“文件系统的影响”）。说明见 bench/README.md。
#
#   bench/instructions.sh                         # 6 个乡镇 × 340 项的合成县，当前代码
#   bench/instructions.sh target/release/qingdan /tmp/qingdan-old   # 比较几个二进制文件
#   TOWNSHIPS=10 ITEMS=200 bench/instructions.sh
#   TOP=30 bench/instructions.sh                  # 另列出指令最多的 30 个函数（含被调用者）
#
# 每个二进制文件打印一行：指令条数和路径。
set -euo pipefail

TOWNSHIPS=${TOWNSHIPS:-6}
ITEMS=${ITEMS:-340}
TOP=${TOP:-0}
SKIP_BUILD=${SKIP_BUILD:-0}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SYNTH=${SYNTH_BIN:-$ROOT/target/release/examples/synth}

die() { echo "instructions: 错误: $*" >&2; exit 1; }

command -v valgrind >/dev/null || die "需要 valgrind（Debian 包 valgrind）"
if [ "$SKIP_BUILD" != 1 ]; then
    cargo build --release --bin qingdan --example synth >&2 || die "cargo build 失败"
fi
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$ROOT/target/release/qingdan")
for b in "${bins[@]}"; do [ -x "$b" ] || die "找不到可执行文件 $b"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-instructions.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$SYNTH" --townships "$TOWNSHIPS" --items "$ITEMS" --out "$work/site" >/dev/null 2>&1 || die "生成合成站点失败"
for b in "${bins[@]}"; do
    rm -rf "$work/site/public"
    out=$work/callgrind.out
    valgrind --tool=callgrind --callgrind-out-file="$out" "$b" build --root "$work/site" >/dev/null 2>"$work/log" ||
        { tail -n 20 "$work/log" >&2; die "$b 构建失败"; }
    total=$(awk '/Collected/ { gsub(",", "", $NF); print $NF }' "$work/log")
    [ -n "$total" ] || die "无法从 valgrind 的输出读出指令数"
    echo "$total $b"
    if [ "$TOP" -gt 0 ]; then
        callgrind_annotate --inclusive=yes "$out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n "2,$((TOP + 1))p" >&2
    fi
done
