#!/usr/bin/env python3
"""bench/run's report: reads the raw results of one run and writes the
Markdown table and the JSON file, with ratios and the targets of issue 14.

usage: report.py RESULTS_DIR OUT.md OUT.json   (prints the Markdown)
"""
import glob, json, os, platform, re, sys, time

res, out_md, out_json = sys.argv[1:4]


def rows(name):
    path = os.path.join(res, name)
    return [json.loads(l) for l in open(path)] if os.path.exists(path) else []


meta = rows("meta.jsonl")[0]
versions = {r["peer"]: r["version"] for r in rows("versions.jsonl")}
notes = rows("notes.jsonl")
skipped = rows("skipped.jsonl")
load = float(open("/proc/loadavg").read().split()[0])
report = {"bench": "run", "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "host": platform.node(),
          "kernel": platform.release(), "cpus": os.cpu_count(), "load_average": load, "settings": meta,
          "versions": versions, "notes": notes, "scenarios": {}, "memory": {}, "targets": [], "not_measured": skipped}

# Hyperfine scenarios: medians and ratios to bwrap and to no sandbox.
titles = {"startup": "start-up (`true`)", "startup-tree": "start-up (`true`) in a project of 4000 directories",
          "tar": "extract a tarball (3000 files)", "make": "make -j2 (25 C files)",
          "git": "git status (20k files)", "changes": "`paddock changes` vs `git status`, 10k modified files"}
for key in titles:
    r = {}
    for path in (os.path.join(res, key + ".json"), os.path.join(res, key + "-slow.json")):
        if os.path.exists(path):
            r.update({x["command"]: x for x in json.load(open(path))["results"]})
    if not r:
        continue
    sc = {}
    for peer, x in r.items():
        sc[peer] = {"median_ms": x["median"] * 1e3, "mean_ms": x["mean"] * 1e3, "stddev_ms": (x["stddev"] or 0) * 1e3,
                    "runs": len(x["times"]), "user_ms": x["user"] * 1e3, "system_ms": x["system"] * 1e3}
    for peer, v in sc.items():
        for base in ("bwrap", "none"):
            if base in sc:
                v["vs_" + base] = v["median_ms"] / sc[base]["median_ms"]
    report["scenarios"][key] = sc

for m in rows("memory.jsonl"):
    report["memory"][m["peer"]] = json.loads(m["result"])

hook = open(os.path.join(res, "hook.txt")).read() if os.path.exists(os.path.join(res, "hook.txt")) else ""
# One line per form, each timed as Claude Code starts its registration:
# `paddock hook` (shell form) and, when built beside it, paddock-hook (exec
# form, the one `paddock init` registers then; the target applies to it) and
# paddock-hook through sh -c (what shell form cost it).
for label, key in (("paddock hook", "hook_subcommand"), ("paddock-hook", "hook_binary"),
                   ("paddock-hook via sh", "hook_binary_shell")):
    mh = re.search(rf"^{label}: median ([\d.]+) ms, p90 ([\d.]+) ms over (\d+)", hook, re.M)
    if mh:
        report[key] = {"median_ms": float(mh[1]), "p90_ms": float(mh[2]), "runs": int(mh[3])}
if "hook_subcommand" in report or "hook_binary" in report:
    report["hook"] = report.get("hook_binary", report.get("hook_subcommand"))
    report["hook"]["registered"] = "paddock-hook" if "hook_binary" in report else "paddock hook"
pol = open(os.path.join(res, "policy.txt")).read() if os.path.exists(os.path.join(res, "policy.txt")) else ""
mp = re.search(r"throughput: (\d+) decisions/s .* ([\d.]+) us/decision", pol)
if mp:
    report["policy"] = {"decisions_per_s": int(mp[1]), "us_per_decision": float(mp[2]), "output": pol.strip()}
net_json = glob.glob(os.path.join(res, "net", "net_allow-*.json"))
net_md = glob.glob(os.path.join(res, "net", "net_allow-*.md"))
if net_json:
    report["net"] = json.load(open(net_json[0]))


# Targets of issue 14, each with what was measured.
def target(name, goal, measured, met):
    report["targets"].append({"target": name, "goal": goal, "measured": measured, "met": met})


st = report["scenarios"].get("startup", {})
if "paddock" in st and "bwrap" in st:
    x = st["paddock"]["vs_bwrap"]
    target("start-up vs bubblewrap", "<= 0.8x", f"{x:.2f}x", x <= 0.8)
for peer in ("srt", "podman"):
    if "paddock" in st and peer in st:
        x = st[peer]["median_ms"] / st["paddock"]["median_ms"]
        target(f"start-up vs {peer}", ">= 30x faster", f"{x:.1f}x faster", x >= 30)
if "hook" in report:
    target(f"`{report['hook']['registered']}` (the registered hook) end to end", "median < 1 ms",
           f"{report['hook']['median_ms']:.2f} ms", report["hook"]["median_ms"] < 1)
for key in ("tar", "make", "git"):
    sc = report["scenarios"].get(key, {})
    if "paddock" in sc and "none" in sc:
        x = sc["paddock"]["vs_none"]
        target(f"real work: {titles[key]}", "<= 1.03x no sandbox", f"{x:.2f}x", x <= 1.03)
if "paddock" in report["memory"]:
    mib = report["memory"]["paddock"]["rss_kib"] / 1024
    target("supervisor memory (paddock's own processes)", "< 5 MiB RSS", f"{mib:.1f} MiB", mib < 5)
for r in report.get("net", {}).get("rows", []):
    if r["name"].startswith("paddock") and "ratio" in r:
        target(f"net throughput: {r['name']}", ">= 0.95x direct", f"{r['ratio']:.2f}x", r["ratio"] >= 0.95)

# Markdown.
s = meta
mode = "root" if s["uid"] == "0" else "rootless"
md = [f"# paddock against other sandboxes: as {s['user']} ({mode})", "",
      f"{report['when'].replace('T', ' ').rstrip('Z')} UTC, machine {report['host']}, kernel {report['kernel']}, "
      f"{report['cpus']} CPUs, load average {load} at the end. Produced by `bench/run`"
      f"{' --quick (rough figures)' if s['quick'] == '1' else ''}; paddock {versions.get('paddock', '?')}.", "",
      f"Start-up: {s['start_runs']} runs after {s['start_warm']} warm-up runs; real work: {s['work_runs']} runs after "
      f"{s['work_warm']} warm-up runs (hyperfine {s['hyperfine']}, `-N`, medians; hyperfine runs each command's "
      "runs in a block, not interleaved). Real work includes the jail's start-up; the workloads were on "
      f"{'a tmpfs' if s.get('fs') == 'tmpfs' else 'disk'}. Peers: "
      + ", ".join(f"{k} {v}" for k, v in versions.items() if k != "paddock") + ".", ""]
md += ["## Targets (issue 14)", "", "| target | goal | measured | met |", "|---|---|---:|---|"]
md += [f"| {t['target']} | {t['goal']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |" for t in report["targets"]]


def ratio(v, k):
    return f"{v[k]:.2f}x" if k in v else ""


if st:
    md += ["", "## 1. Start-up: `true` in the jail", "", "| peer | median ms | mean ± σ ms | user+sys ms | vs bwrap | vs none |",
           "|---|---:|---:|---:|---:|---:|"]
    for peer, v in st.items():
        md.append(f"| {peer} | {v['median_ms']:.2f} | {v['mean_ms']:.2f} ± {v['stddev_ms']:.2f} | "
                  f"{v['user_ms'] + v['system_ms']:.2f} | {ratio(v, 'vs_bwrap')} | {ratio(v, 'vs_none')} |")
tree = report["scenarios"].get("startup-tree", {})
if tree:
    md += ["", "In a project of 4000 directories (a node_modules tree; paddock walks them for nested repositories):", "",
           "| peer | median ms | vs bwrap | vs none | vs its own start-up in an empty project |", "|---|---:|---:|---:|---:|"]
    for peer, v in tree.items():
        own = f"{v['median_ms'] / st[peer]['median_ms']:.2f}x" if peer in st else ""
        md.append(f"| {peer} | {v['median_ms']:.2f} | {ratio(v, 'vs_bwrap')} | {ratio(v, 'vs_none')} | {own} |")
work = [k for k in ("tar", "make", "git") if k in report["scenarios"]]
if work:
    peers = list(dict.fromkeys(p for k in work for p in report["scenarios"][k]))
    md += ["", "## 2. Real work inside vs outside (median ms; ratio to no sandbox, to bwrap)", "",
           "| peer | " + " | ".join(titles[k] for k in work) + " |", "|---|" + "---:|" * len(work)]
    for peer in peers:
        cells = []
        for k in work:
            v = report["scenarios"][k].get(peer)
            cells.append("—" if v is None else f"{v['median_ms']:.1f} ({ratio(v, 'vs_none') or '-'}, "
                         f"{ratio(v, 'vs_bwrap') or '-'})")
        md.append(f"| {peer} | " + " | ".join(cells) + " |")
overlay = [k for k in ("startup", "tar", "make", "git") if "paddock-overlay" in report["scenarios"].get(k, {})
           and "paddock" in report["scenarios"][k]]
ch = report["scenarios"].get("changes", {})
if overlay or ch:
    md += ["", "## 6. Overlay runs (`paddock run --overlay`, issue 16): ratio to a normal paddock run", "",
           "| scenario | paddock ms | paddock --overlay ms | ratio |", "|---|---:|---:|---:|"]
    for k in overlay:
        a, b = report["scenarios"][k]["paddock"], report["scenarios"][k]["paddock-overlay"]
        md.append(f"| {titles[k]} | {a['median_ms']:.1f} | {b['median_ms']:.1f} | {b['median_ms'] / a['median_ms']:.2f}x |")
    if "paddock changes" in ch and "git status" in ch:
        a, b = ch["git status"], ch["paddock changes"]
        md += ["", f"Reviewing a run that modified 10k of the 20k files: `paddock changes RUN` {b['median_ms']:.1f} ms, "
               f"`git status` on the same modifications made directly {a['median_ms']:.1f} ms "
               f"({b['median_ms'] / a['median_ms']:.2f}x)."]
if report["memory"]:
    md += ["", "## 5. Memory of the sandbox's own processes while the jail runs `sleep`", "",
           f"Sum over the sandbox's processes (the jailed `sleep` excluded), median of {s['mem_runs']} runs.", "",
           "| peer | RSS MiB | peak (VmHWM) MiB | processes |", "|---|---:|---:|---|"]
    for peer, v in report["memory"].items():
        md.append(f"| {peer} | {v['rss_kib'] / 1024:.1f} | {v['hwm_kib'] / 1024:.1f} | {', '.join(v['processes'])} |")
md += ["", "## 4. Policy hook", ""]
if "policy" in report:
    md.append(f"- in process (bench/policy_throughput): {report['policy']['decisions_per_s']:,} decisions/s "
              f"({report['policy']['us_per_decision']:.2f} µs per decision)")
for key, label in (("hook_binary", "`paddock-hook`, exec form (registered by init)"),
                   ("hook_binary_shell", "`paddock-hook` through `sh -c` (shell form)"),
                   ("hook_subcommand", "`paddock hook` through `sh -c` (shell form)")):
    if key in report:
        h = report[key]
        md.append(f"- {label} end to end (bench/hook_latency): median {h['median_ms']:.2f} ms, "
                  f"p90 {h['p90_ms']:.2f} ms over {h['runs']} runs")
if net_md:
    text = open(net_md[0]).read().splitlines()
    md += ["", "## 3. Egress (bench/net_allow, --net allow)", ""] + [l for l in text[1:]]
if skipped:
    md += ["", "## Not measured", "", "| scenario | peer | why |", "|---|---|---|"]
    md += [f"| {r['scenario']} | {r['peer']} | {r['reason'].replace('|', '/').strip()} |" for r in skipped]
if notes:
    md += ["", "## Notes", ""] + [f"- {n['peer']}: {n['note']}" for n in notes]
text = "\n".join(md).rstrip() + "\n"
open(out_md, "w").write(text)
json.dump(report, open(out_json, "w"), indent=1)
print(text, end="")
