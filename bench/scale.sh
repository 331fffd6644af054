#!/usr/bin/env bash
# 规模曲线：同一份 qingdan 在 25、200、2000 个乡镇（每个 300 项）上的构建时间、CPU 时间、
# 峰值内存和吞吐量，检验没有超线性的开销，以及省级规模（60 万项）峰值内存低于 4 GiB。
# 说明见 bench/README.md。
#
#   bench/scale.sh                        # 默认 25x300 200x300 2000x300
#   SIZES="25x300 200x300" bench/scale.sh
#   KEEP=1 BENCH_DIR=/tmp/scale bench/scale.sh
#
# 结果以 Markdown 表格打印到标准输出，并写入 target/bench-scale.md；各阶段用时
# （QINGDAN_TIMINGS=1）另写入 target/bench-scale-phases.md。
set -euo pipefail

SIZES=${SIZES:-"25x300 200x300 2000x300"}   # 乡镇数x每乡镇事项数
SEED=${SEED:-1}
RUNS=${RUNS:-}                # 每个规模构建几次取最好（CPU 时间最少）的一次；空 = 小规模 2 次，大规模 1 次
KEEP=${KEEP:-0}               # 1 = 保留生成的站点和输出（2000x300 约 1.6 GiB 源文件、7 GiB 输出）
BENCH_DIR=${BENCH_DIR:-}
SKIP_BUILD=${SKIP_BUILD:-0}
LIMIT_MIB=${LIMIT_MIB:-4096}  # 峰值内存目标（省级规模）

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QINGDAN=${QINGDAN_BIN:-$ROOT/target/release/qingdan}
SYNTH=${SYNTH_BIN:-$ROOT/target/release/examples/synth}
RESULTS=$ROOT/target/bench-scale.md
PHASES=$ROOT/target/bench-scale-phases.md

die() { echo "scale: 错误: $*" >&2; exit 1; }
note() { echo "scale: $*" >&2; }

[ -x /usr/bin/time ] || { apt-get install -y time >/dev/null 2>&1 || die "需要 GNU time（Debian 包 time）"; }
if [ "$SKIP_BUILD" != 1 ]; then
    note "cargo build --release --bin qingdan --example synth"
    cargo build --release --bin qingdan --example synth >&2 || die "cargo build 失败"
fi
[ -x "$QINGDAN" ] && [ -x "$SYNTH" ] || die "找不到 $QINGDAN 或 $SYNTH"

if [ -n "$BENCH_DIR" ]; then WORK=$BENCH_DIR; mkdir -p "$WORK"; else WORK=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-scale.XXXXXX"); fi
cleanup() { if [ "$KEEP" != 1 ] && [ -z "$BENCH_DIR" ]; then rm -rf "$WORK"; else note "保留 $WORK"; fi; }
trap cleanup EXIT

# measure LOG CMD...：见 bench/measure.sh。
source bench/measure.sh   # the scripts run from the repository root (cd above)

start_load=$(cut -d' ' -f1-3 /proc/loadavg)
rows=() phase_blocks=()
for size in $SIZES; do
    [[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || die "规模应写作 NxM：$size"
    n=${BASH_REMATCH[1]} m=${BASH_REMATCH[2]} items=$((BASH_REMATCH[1] * BASH_REMATCH[2]))
    site=$WORK/site-$size
    if [ ! -f "$site/qingdan.toml" ]; then
        note "生成 $size ..."
        "$SYNTH" --townships "$n" --items "$m" --seed "$SEED" --out "$site" >&2 || die "生成失败"
    fi
    runs=${RUNS:-$([ "$items" -le 60000 ] && echo 2 || echo 1)}
    best_cpu=
    for ((i = 1; i <= runs; i++)); do
        rm -rf "$site/public"
        sync
        measure "$WORK/build-$size-$i" env QINGDAN_TIMINGS=1 "$QINGDAN" build --root "$site"
        note "  $size 第 $i 次：墙钟 ${WALL}s，CPU ${CPU}s，峰值 ${RSS} MiB"
        if [ -z "$best_cpu" ] || awk -v a="$CPU" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
            best_cpu=$CPU best_wall=$WALL best_rss=$RSS
            cp "$WORK/build-$size-$i.out" "$WORK/best-$size.out"
        fi
    done
    pages=$(find "$site/public" -name '*.html' | wc -l)
    [ "$pages" -ge "$items" ] || die "$size：只生成了 $pages 个 HTML 文件"
    files=$(find "$site/public" -type f | wc -l)
    bytes=$(du -sb "$site/public" | cut -f1)
    per_wall=$(awk -v n="$items" -v t="$best_wall" 'BEGIN { printf "%.0f", n / t }')
    per_cpu=$(awk -v n="$items" -v t="$best_cpu" 'BEGIN { printf "%.0f", n / t }')
    gib=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1073741824 }')
    rows+=("| $size | $items | $best_wall | $best_cpu | $best_rss | $per_wall | $per_cpu | $files（$gib GiB） |")
    phase_blocks+=("### $size" "" '```' "$(grep '耗时' "$WORK/best-$size.out" || true)" '```' "")
    if [ "$KEEP" != 1 ]; then rm -rf "$site"; fi
done
end_load=$(cut -d' ' -f1-3 /proc/loadavg)

rev=$(git rev-parse --short HEAD 2>/dev/null || echo "未提交")
[ -n "$(git status --porcelain 2>/dev/null | head -1)" ] && rev="$rev（工作区有修改）"
{
    echo "# 规模曲线（每乡镇 300 项，种子 $SEED）"
    echo
    echo "- 时间：$(date '+%Y-%m-%d %H:%M')；代码：$rev；机器：$(nproc) 核；负载（1/5/15 分钟）开始 $start_load，结束 $end_load"
    echo "- CPU = 用户态 + 内核；吞吐量 = 事项数 ÷ 时间；峰值内存目标：省级规模低于 $LIMIT_MIB MiB"
    echo
    echo "| 规模 | 事项 | 墙钟 s | CPU s | 峰值内存 MiB | 事项/墙钟秒 | 事项/CPU 秒 | 输出文件（大小） |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
} | tee "$RESULTS"
printf '%s\n' "# 各阶段用时（QINGDAN_TIMINGS=1，CPU 最少的一次）" "" "${phase_blocks[@]}" >"$PHASES"
note "结果写入 $RESULTS，各阶段用时写入 $PHASES"
