#!/usr/bin/env python3
"""搜索相关性评测：tests/search/relevance.tsv 的每个查询，在两个站点上用 `qingdan search --json`
（排序与网站完全相同）取前 5 条，按站点和类别统计 hit@1、hit@5。说明见 docs/search.md 第 7 节。

    bench/relevance.py                         # 用 target/debug/qingdan
    bench/relevance.py --qingdan 其他/qingdan   # 比较另一个版本（如改动前的 main）
    bench/relevance.py --misses                # 另外列出没有找到的查询

两个站点建在临时目录里：仓库自带的青山县示例（content/），以及 qingdan init 的示例站点导入
../shared/samples/real/ 的六个真实部门清单。
"""
import argparse, json, os, shutil, subprocess, sys, tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL = [("agriculture-2024.xls", "nongyenongcun"), ("civil-defense.xlsx", "renfang"),
        ("finance-2025.xlsx", "caizheng"), ("government-offices-2024.xls", "jiguanshiwu"),
        ("medical-security-2024.xls", "yibao"), ("statistics-2025.xlsx", "tongji")]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"relevance: 命令失败：{' '.join(cmd)}\n{r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qingdan", default=os.path.join(ROOT, "target/debug/qingdan"))
    ap.add_argument("--samples", default=os.path.join(ROOT, "../shared/samples/real"))
    ap.add_argument("--misses", action="store_true")
    a = ap.parse_args()
    q = os.path.abspath(a.qingdan)
    work = tempfile.mkdtemp(prefix="qingdan-relevance.")
    try:
        example = os.path.join(work, "example")
        os.makedirs(example)
        shutil.copy(os.path.join(ROOT, "qingdan.toml"), example)
        for d in ("content", "history"):
            if os.path.isdir(os.path.join(ROOT, d)):
                shutil.copytree(os.path.join(ROOT, d), os.path.join(example, d))
        real = os.path.join(work, "real")
        run([q, "init", real])
        for f, code in REAL:
            run([q, "import", "-q", "--root", real, "--into", code, "--name", f"测试{code}", os.path.join(a.samples, f)])
        sites = {"示例": example, "真实": real}
        for s in sites.values():
            run([q, "build", "-q", "--root", s])
        stats = defaultdict(lambda: [0, 0, 0])
        misses = []
        with open(os.path.join(ROOT, "tests/search/relevance.tsv"), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                site, kind, query, want = line.split("\t")
                out = json.loads(run([q, "search", "--json", "-n", "5", "--root", sites[site], query]))
                titles = [r.get("t", "") for r in out["results"]]
                hit = [any(w in t for w in want.split("|")) for t in titles]
                for key in ((site, kind), (site, "合计"), ("全部", kind), ("全部", "合计")):
                    st = stats[key]
                    st[0] += 1
                    st[1] += bool(hit[:1] and hit[0])
                    st[2] += any(hit)
                if not any(hit):
                    misses.append(f"{site} {kind} {query}（预期 {want}）：{' | '.join(titles)}")
        print(f"qingdan：{q}\n")
        print("| 站点 | 类别 | 查询数 | hit@1 | hit@5 |\n|---|---|---:|---:|---:|")
        for (site, kind), (n, h1, h5) in sorted(stats.items(), key=lambda x: (x[0][0] == "全部", x[0][0], x[0][1] == "合计", x[0][1])):
            print(f"| {site} | {kind} | {n} | {h1 * 100 / n:.1f}% | {h5 * 100 / n:.1f}% |")
        if a.misses:
            print("\n没有进前 5 的查询：")
            for m in misses:
                print("  " + m)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
