#!/usr/bin/env bash
# 发布版本对构建的影响：5 个版本的站点构建不超过单个版本的 2 倍；两个版本的比较不超过 2 秒。
# 说明见 bench/README.md 的“版本与变化对比”。
#
#   bench/history.sh                       # 默认 200 个乡镇 × 300 项
#   SIZE=25x300 bench/history.sh           # 自选规模
#   KEEP=1 bench/history.sh                # 保留生成的站点、版本和输出
#
# 步骤：生成合成站点并发布第 1 个版本；之后 4 次，每次改动少量清单文件（更名、把基本履职事项
# 调整为上级部门收回事项、更换承办机构）再发布，共 5 个版本。分别计时：0 个版本、1 个版本、
# 5 个版本的 qingdan build（/usr/bin/time -v，墙钟时间与峰值内存），以及最后两个版本的
# qingdan diff。结果以 Markdown 表格打印，并写入 target/bench-history.md。
set -euo pipefail

SIZE=${SIZE:-200x300}              # 乡镇数x每乡镇事项数
SEED=${SEED:-1}
TOWNS_PER_ROUND=${TOWNS_PER_ROUND:-8}  # 每次调整改动的乡镇清单数
RUNS=${RUNS:-1}                    # 每个构建重复次数，取最好的一次
KEEP=${KEEP:-0}
BENCH_DIR=${BENCH_DIR:-}
SKIP_BUILD=${SKIP_BUILD:-0}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QINGDAN=${QINGDAN_BIN:-$ROOT/target/release/qingdan}
SYNTH=${SYNTH_BIN:-$ROOT/target/release/examples/synth}
RESULTS="$ROOT/target/bench-history.md"

die() { echo "bench: 错误: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

[ -x /usr/bin/time ] || {
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    note "安装 time ..."
    $SUDO apt-get install -y time >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y time >/dev/null; } || die "无法安装 time"
}
if [ "$SKIP_BUILD" != 1 ]; then
    note "cargo build --release --bin qingdan --example synth"
    cargo build --release --bin qingdan --example synth || die "cargo build 失败"
fi
[ -x "$QINGDAN" ] && [ -x "$SYNTH" ] || die "找不到 $QINGDAN 或 $SYNTH"

TOWNS=${SIZE%x*}
ITEMS=${SIZE#*x}
WORK=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/qingdan-history-bench.XXXXXX")}
mkdir -p "$WORK"
cleanup() { if [ "$KEEP" = 1 ]; then note "保留 $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
SITE="$WORK/site"
rm -rf "$SITE"

note "生成 ${TOWNS}x${ITEMS} 合成站点"
"$SYNTH" --townships "$TOWNS" --items "$ITEMS" --out "$SITE" --seed "$SEED" >/dev/null 2>"$WORK/synth.log" || { cat "$WORK/synth.log" >&2; die "合成站点生成失败"; }

# 改动一个清单文件（第 $2 次调整）：第 3、7 个基本履职事项更名；第 10–12 个更换承办机构；
# 第 20 个起两个有来源部门的基本履职事项调整为上级部门收回事项（去掉办理窗口，写明收回时间、
# 文号和承接方式）。awk 按 [[…]] 表头切分事项，多行文字原样保留。
mutate() {
    local file=$1 round=$2 date=$3
    awk -v round="$round" -v date="$date" '
        function flush(   i, n, has_dept, recall) {
            if (nblock == 0) { return }
            if (kind == "basic") {
                basic++
                has_dept = 0
                for (i = 1; i <= nblock; i++) if (block[i] ~ /^department = /) has_dept = 1
                recall = (basic >= 20 && has_dept && recalled < 2)
                if (recall) recalled++
                for (i = 1; i <= nblock; i++) {
                    line = block[i]
                    if (i == 1 && recall) { print "[[recalled]]"; continue }
                    if (recall && line ~ /^window = /) continue
                    if ((basic == 3 || basic == 7) && line ~ /^name = "/) {
                        sub(/^name = "/, "name = \"依法", line)
                    }
                    if (basic >= 10 && basic <= 12 && line ~ /^office = "/) {
                        line = (line == "office = \"党政办公室\"") ? "office = \"社会事务办公室\"" : "office = \"党政办公室\""
                    }
                    print line
                }
                if (recall) {
                    print "recalled_on = " date
                    print "recall_document = \"合编办〔" substr(date, 1, 4) "〕" (round + 10) "号\""
                    print "after_recall = \"由县直部门收回直接行使，乡镇发现问题及时报告。\""
                    print ""
                }
            } else {
                for (i = 1; i <= nblock; i++) print block[i]
            }
            nblock = 0
        }
        /^\[\[[a-z]+\]\]$/ { flush(); kind = substr($0, 3, length($0) - 4); block[++nblock] = $0; next }
        nblock > 0 { block[++nblock] = $0; next }
        { print }
        END { flush() }
    ' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

DATES=(2025-01-01 2025-04-01 2025-07-01 2025-10-01 2026-01-01)

timed() { # timed NAME CMD...: best of $RUNS; sets WALL (s) and RSS (MiB)
    local name=$1; shift
    local best_wall= best_rss=
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -v "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" || { tail -20 "$WORK/$name.log" >&2; die "$name 失败"; }
        local wall rss
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$WORK/$name.log")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/$name.log")
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; best_rss=$rss; fi
    done
    WALL=$best_wall; RSS=$best_rss
}

build_site() { rm -rf "$WORK/out"; timed "$1" "$QINGDAN" build --root "$SITE" --out "$WORK/out"; }

note "构建：0 个版本"
build_site build0; W0=$WALL; R0=$RSS

note "发布第 1 个版本"
"$QINGDAN" release --root "$SITE" --title "第 1 版" --effective "${DATES[0]}" --document "合编办〔2025〕1号" 2>"$WORK/release.log" || { cat "$WORK/release.log" >&2; die "发布失败"; }
note "构建：1 个版本"
build_site build1; W1=$WALL; R1=$RSS

CHANGED=0
for round in 2 3 4 5; do
    date=${DATES[$((round - 1))]}
    for i in $(seq 0 $((TOWNS_PER_ROUND - 1))); do
        n=$(( (round * 37 + i * 23) % TOWNS + 1 ))
        file=$(printf "%s/content/lists/t%04d.toml" "$SITE" "$n")
        [ -f "$file" ] || die "找不到 $file"
        mutate "$file" "$round" "$date"
        CHANGED=$((CHANGED + 1))
    done
    note "发布第 $round 个版本（改动 $TOWNS_PER_ROUND 个清单）"
    "$QINGDAN" release --root "$SITE" --title "第 $round 版" --effective "$date" --document "合编办〔${date:0:4}〕$round号" 2>"$WORK/release.log" \
        || { cat "$WORK/release.log" >&2; die "第 $round 个版本发布失败"; }
done

note "比较：${DATES[3]} → ${DATES[4]}"
timed diff "$QINGDAN" diff "${DATES[3]}" "${DATES[4]}" --root "$SITE" --format json; WD=$WALL; RD=$RSS
COUNTS=$(tr -d ' \n' < "$WORK/diff.out" | grep -o '"counts":{[^}]*}' || true)

note "构建：5 个版本"
build_site build5; W5=$WALL; R5=$RSS
PAGES=$(grep -o '已生成 [0-9]* 个页面' "$WORK/build5.log" | head -1)
[ -f "$WORK/out/releases/index.html" ] || die "输出中没有 releases/index.html"

RATIO=$(awk -v a="$W5" -v b="$W1" 'BEGIN { printf "%.2f", a / b }')
OK_RATIO=$(awk -v r="$RATIO" 'BEGIN { print (r <= 2) ? "达标" : "未达标" }')
OK_DIFF=$(awk -v d="$WD" 'BEGIN { print (d < 2) ? "达标" : "未达标" }')
OK_RSS=$(awk -v x="$R5" 'BEGIN { print (x < 1024) ? "达标" : "未达标" }')

{
    echo "## 版本与变化对比：${TOWNS}x${ITEMS}（$(date +%Y-%m-%d)）"
    echo
    echo "- 机器：$(nproc) 核，内存 $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)；每项取 $RUNS 次中最好的一次"
    echo "- 每次调整改动 $TOWNS_PER_ROUND 个乡镇清单（各 2 项更名、3 项更换承办机构、2 项调整为上级部门收回事项），共 4 次"
    echo "- 5 个版本的构建：$PAGES"
    echo "- 最后两个版本的比较：$COUNTS"
    echo
    echo "| 操作 | 墙钟时间（秒） | 峰值内存（MiB） |"
    echo "|---|---:|---:|"
    echo "| qingdan build，0 个版本 | $W0 | $R0 |"
    echo "| qingdan build，1 个版本 | $W1 | $R1 |"
    echo "| qingdan build，5 个版本 | $W5 | $R5 |"
    echo "| qingdan diff ${DATES[3]} ${DATES[4]} | $WD | $RD |"
    echo
    echo "- 5 个版本 / 1 个版本 = **$RATIO** 倍（目标不超过 2 倍）：$OK_RATIO"
    echo "- 两个版本的比较 $WD 秒（目标低于 2 秒）：$OK_DIFF"
    echo "- 5 个版本构建的峰值内存 $R5 MiB（目标低于 1 GiB）：$OK_RSS"
} | tee "$RESULTS"
