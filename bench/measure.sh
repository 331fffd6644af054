# Sourced by the benchmark scripts.
# measure LOG CMD...：用 /usr/bin/time -v 运行，设置 WALL（墙钟秒）、CPU（用户态+内核态秒）与
# RSS（峰值 MiB）；失败则打印日志末尾并退出。
measure() {
    local log=$1; shift
    if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>&1; then
        echo "bench: 命令失败（日志 $log.out）: $*" >&2
        tail -n 60 "$log.out" >&2
        exit 1
    fi
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$log.time")
    RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log.time")
    CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log.time")
    if [ -z "$WALL" ] || [ -z "$RSS" ]; then
        echo "bench: 无法解析 $log.time" >&2
        exit 1
    fi
}
