#!/usr/bin/env bash
# qingdan 与 Hugo 的构建性能对比。说明见 bench/README.md。
#
#   bench/run.sh                          # 默认规模 25x300 与 200x300
#   SIZES="25x300 200x300 2000x300" bench/run.sh
#   RUN_QINGDAN=0 bench/run.sh            # 只测 Hugo 一半（qingdan 命令行尚未就绪时）
#
# 结果以 Markdown 表格打印到标准输出，并写入 target/bench-results.md。
set -euo pipefail

# ---- 可调参数 ---------------------------------------------------------------------------------
SIZES=${SIZES:-"25x300 200x300"}   # 乡镇数x每乡镇事项数
SEED=${SEED:-1}                     # 合成数据的随机种子
RUN_QINGDAN=${RUN_QINGDAN:-1}       # 0 = 跳过 qingdan，只测 Hugo
RUN_HUGO=${RUN_HUGO:-1}             # 0 = 跳过 Hugo
RUNS=${RUNS:-}                      # 每次构建重复次数；空 = 小规模 3 次取中位数，大规模 2 次取最好
KEEP=${KEEP:-0}                     # 1 = 保留临时目录（生成的站点和输出）
BENCH_DIR=${BENCH_DIR:-}            # 临时目录；空 = mktemp
SKIP_BUILD=${SKIP_BUILD:-0}         # 1 = 不运行 cargo build，直接用已有的二进制

# qingdan 的构建命令（由 bash 执行；$SITE = 合成站点根目录）。输出目录为 "$SITE/$QINGDAN_OUT"。
# 若命令行改变（子命令、参数名、输出目录），只需改这两行或用同名环境变量覆盖。
QINGDAN_BIN=${QINGDAN_BIN:-target/release/qingdan}
QINGDAN_CMD=${QINGDAN_CMD:-'"$QINGDAN_BIN" build --root "$SITE"'}
QINGDAN_OUT=${QINGDAN_OUT:-public}

# Hugo 的构建命令（$HSITE = Hugo 站点目录，$HOUT = 输出目录）。
HUGO_CMD=${HUGO_CMD:-'hugo --quiet -s "$HSITE" -d "$HOUT" --cacheDir "$WORK/hugo-cache"'}
# ------------------------------------------------------------------------------------------------

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QINGDAN_BIN=$(cd "$ROOT" && realpath -m "$QINGDAN_BIN")
SYNTH=${SYNTH_BIN:-$ROOT/target/release/examples/synth}
RESULTS="$ROOT/target/bench-results.md"

die() { echo "bench: 错误: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# ---- 依赖：GNU time 与 hugo（Debian 包 time、hugo） ------------------------------------------
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
if [ "$RUN_HUGO" = 1 ] && ! command -v hugo >/dev/null 2>&1; then need_pkgs+=(hugo); fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    note "安装 ${need_pkgs[*]} ..."
    $SUDO apt-get install -y "${need_pkgs[@]}" >/dev/null 2>&1 \
        || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "${need_pkgs[@]}" >/dev/null; } \
        || die "无法安装 ${need_pkgs[*]}"
fi

# ---- 编译（只编译一次） -----------------------------------------------------------------------
if [ "$SKIP_BUILD" = 1 ]; then
    note "SKIP_BUILD=1：不编译，使用已有的 $SYNTH 与 $QINGDAN_BIN"
elif [ "$RUN_QINGDAN" = 1 ]; then
    note "cargo build --release --bin qingdan --example synth"
    cargo build --release --bin qingdan --example synth || die "cargo build 失败"
    [ -x "$QINGDAN_BIN" ] || die "找不到 $QINGDAN_BIN"
else
    note "cargo build --release --example synth（RUN_QINGDAN=0，不编译 qingdan）"
    cargo build --release --example synth || die "cargo build 失败"
fi
[ -x "$SYNTH" ] || die "找不到 $SYNTH"
[ "$RUN_QINGDAN" = 1 ] && { [ -x "$QINGDAN_BIN" ] || die "找不到 $QINGDAN_BIN"; }

# ---- 临时目录 ---------------------------------------------------------------------------------
if [ -n "$BENCH_DIR" ]; then
    WORK=$BENCH_DIR; mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/qingdan-bench.XXXXXX")
fi
cleanup() {
    local status=$?
    if [ "$status" -ne 0 ]; then
        note "失败，保留 $WORK 供检查（日志在其中的 *.out）"
    elif [ "$KEEP" != 1 ] && [ -z "$BENCH_DIR" ]; then
        rm -rf "$WORK"
    else
        note "保留 $WORK"
    fi
}
trap cleanup EXIT
# 复制二进制，免得有人在测量期间重新编译把它换掉。
cp "$SYNTH" "$WORK/synth" && SYNTH=$WORK/synth
if [ "$RUN_QINGDAN" = 1 ]; then
    cp "$QINGDAN_BIN" "$WORK/qingdan" && QINGDAN_BIN=$WORK/qingdan
fi

# ---- 计时 -------------------------------------------------------------------------------------
# measure LOG CMD...：见 bench/measure.sh。
source bench/measure.sh   # the scripts run from the repository root (cd above)

# run_once TAG I OUTDIR CMDSTRING：删除 OUTDIR 后运行一次，命令串交给 bash 执行（exec，使
# /usr/bin/time 量到的就是被测程序本身）。结果行 "墙钟 RSS CPU" 追加到 ROWS_TAG。
run_once() {
    local tag=$1 i=$2 out=$3 cmd=$4
    rm -rf "$out"
    sync   # 先把上一次的输出写回磁盘，免得后台回写拖慢这一次
    measure "$WORK/$tag-$i" bash -c "exec $cmd"
    note "  $tag 第 $i 次：墙钟 ${WALL}s，CPU ${CPU}s，峰值 ${RSS} MiB"
    eval "ROWS_$tag+=(\"\$WALL \$RSS \$CPU\")"
}

# pick ROWS...：3 次取墙钟时间中位数，其余取最好；设置 BEST_WALL 及该次的 BEST_RSS、BEST_CPU。
pick() {
    local sorted line
    sorted=$(printf '%s\n' "$@" | sort -n -k1,1)
    if [ $# -eq 3 ]; then line=$(sed -n 2p <<<"$sorted"); else line=$(sed -n 1p <<<"$sorted"); fi
    read -r BEST_WALL BEST_RSS BEST_CPU <<<"$line"
}

count_html() { find "$1" -name '*.html' -type f 2>/dev/null | wc -l | tr -d ' '; }

# ---- 主循环 -----------------------------------------------------------------------------------
hugo_version=$( [ "$RUN_HUGO" = 1 ] && hugo version 2>/dev/null | awk '{print $2}' || echo "-")
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "未提交")
[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)" ] && rev="$rev（工作区有修改）"
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo "?")

table=$(mktemp)
{
    echo "# qingdan 与 Hugo 构建性能对比"
    echo
    echo "- 时间：$(date '+%Y-%m-%d %H:%M')；代码：$rev；种子：$SEED"
    echo "- 机器：$(nproc) 核，$cpu，内存 $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "- Hugo：$hugo_version；qingdan 命令：\`$QINGDAN_CMD\`"
    echo "- 开始时负载：$(cut -d' ' -f1-3 /proc/loadavg)（其他进程占用 CPU 会使结果偏慢）"
    if [ -n "$RUNS" ]; then reps="每个构建 $RUNS 次，3 次取中位数，否则取最好"; else reps="不超过 2 万项的规模 3 次取中位数，更大的 2 次取最好"; fi
    echo "- 墙钟时间、CPU 时间（用户态+内核态）与峰值内存（RSS）由 /usr/bin/time -v 测得；qingdan 与 Hugo 交替运行；$reps"
    echo
    echo "| 规模 | 事项页 | 生成 s | qingdan 墙钟 s | qingdan 峰值 RSS MiB | hugo 墙钟 s | hugo 峰值 RSS MiB | 比值 qingdan/hugo | CPU s qingdan / hugo | HTML 文件 qingdan / hugo |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
} >"$table"

verdicts=()
for size in $SIZES; do
    [[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || die "规模应写作 NxM，如 200x300：$size"
    n=${BASH_REMATCH[1]} m=${BASH_REMATCH[2]}
    items=$((n * m))
    runs=$RUNS
    [ -n "$runs" ] || { if [ "$items" -le 20000 ]; then runs=3; else runs=2; fi; }
    site="$WORK/site-$size" hsite="$WORK/hugo-$size" hout="$WORK/hugo-out-$size"
    export SITE=$site HSITE=$hsite HOUT=$hout QINGDAN_BIN WORK
    rm -rf "$site" "$hsite" "$hout"

    sync
    note "$size：生成合成站点 ..."
    hugo_args=(); [ "$RUN_HUGO" = 1 ] && hugo_args=(--hugo "$hsite")
    measure "$WORK/synth-$size" "$SYNTH" --townships "$n" --items "$m" --seed "$SEED" --out "$site" "${hugo_args[@]}"
    gen=$WALL

    # qingdan 与 Hugo 交替运行，机器上的其他负载对两边的影响大致相同。
    note "$size：qingdan 与 hugo 交替构建，各 $runs 次"
    ROWS_qingdan=() ROWS_hugo=()
    for ((i = 1; i <= runs; i++)); do
        [ "$RUN_QINGDAN" != 1 ] || run_once qingdan "$i" "$site/$QINGDAN_OUT" "$QINGDAN_CMD"
        [ "$RUN_HUGO" != 1 ] || run_once hugo "$i" "$hout" "$HUGO_CMD"
    done
    q_wall=- q_rss=- q_cpu=- q_html=- h_wall=- h_rss=- h_cpu=- h_html=- ratio=-
    if [ "$RUN_QINGDAN" = 1 ]; then
        pick "${ROWS_qingdan[@]}"
        q_wall=$BEST_WALL q_rss=$BEST_RSS q_cpu=$BEST_CPU q_html=$(count_html "$site/$QINGDAN_OUT")
        [ "$q_html" -ge "$items" ] || die "qingdan 只在 $site/$QINGDAN_OUT 生成了 $q_html 个 HTML 文件，少于 $items 个事项（输出目录不对？改 QINGDAN_OUT）"
    fi
    if [ "$RUN_HUGO" = 1 ]; then
        pick "${ROWS_hugo[@]}"
        h_wall=$BEST_WALL h_rss=$BEST_RSS h_cpu=$BEST_CPU h_html=$(count_html "$hout")
        [ "$h_html" -ge "$items" ] || die "Hugo 只生成了 $h_html 个 HTML 文件，少于 $items 个事项"
    fi
    if [ "$q_wall" != - ] && [ "$h_wall" != - ]; then
        ratio=$(awk -v q="$q_wall" -v h="$h_wall" 'BEGIN { if (h > 0) printf "%.2f", q / h; else print "-" }')
        if [ "$size" = 200x300 ]; then
            ok_t=$(awk -v r="$ratio" 'BEGIN { print (r <= 1/3) ? "达标" : "未达标" }')
            ok_m=$(awk -v x="$q_rss" 'BEGIN { print (x < 1024) ? "达标" : "未达标" }')
            verdicts+=("- 200x300 目标：墙钟时间不超过 Hugo 的 1/3（实际 $ratio）：$ok_t；峰值内存低于 1 GiB（实际 $q_rss MiB）：$ok_m")
        fi
    fi
    echo "| $size | $items | $gen | $q_wall | $q_rss | $h_wall | $h_rss | $ratio | $q_cpu / $h_cpu | $q_html / $h_html |" >>"$table"
    # 大规模站点占用空间很大，测完即删。
    [ "$KEEP" = 1 ] || rm -rf "$site" "$hsite" "$hout"
done

{
    echo
    echo "- 结束时负载：$(cut -d' ' -f1-3 /proc/loadavg)"
    [ ${#verdicts[@]} -eq 0 ] || printf '%s\n' "${verdicts[@]}"
} >>"$table"
mkdir -p "$ROOT/target"
cp "$table" "$RESULTS"
rm -f "$table"
echo
cat "$RESULTS"
note "结果已写入 $RESULTS"
