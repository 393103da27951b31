#!/usr/bin/env python3
"""Every figure the README quotes, from one command, as the code stands (issue 18).

    bench/report.sh [--quick] [--skip SECTION,...] [--out FILE]
    python3 bench/report.py check FILE [--quick-ok]

`run` (what bench/report.sh does) builds the release binary, runs each benchmark and scorer the
README quotes (criterion, the whole-server wrk scripts, the peer comparison, the accuracy
scorers on ../shared/geoparse/ and ../shared/reports/), and rewrites the README's figure tables
between their markers

    <!-- figures:NAME -->  …  <!-- /figures:NAME -->

each stamped with the run's mode, the commit (and whether the tree had uncommitted changes),
the date and the machine. Nothing is written unless every step of the run succeeded, so a
failed run leaves the README as it was. A section named in --skip keeps its old table and
stamp.

--quick runs the same steps on small data with short timings (a few seconds a figure, the
peer comparison left out), writes target/bench-report/README.md instead of the README unless
--out says otherwise, and checks what it wrote: CI runs it so that this script cannot rot.
Its figures measure nothing worth quoting.

`check` tests that a file's figure sections are well formed: every marker paired, a stamp of a
full run on a clean commit (of any run with --quick-ok), every table row as wide as its header
and no empty figure cell. It judges the form, never the numbers.
"""

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SITMAP = ROOT / "target" / "release" / "sitmap"
CRITERION = ROOT / "target" / "criterion"
SECTIONS = ["performance", "load", "accuracy", "geoparse", "peers"]
WITHOUT_HAND_ENV = "SITMAP_GAZETTEER_WITHOUT_HAND"  # src/gazetteer/mod.rs


class Failed(Exception):
    """A step that did not give its figure: the run stops and writes nothing."""


# --- running commands ---------------------------------------------------------------------

def run(cmd, env=None, label=None, ok=(0,)):
    """Runs a command from the project root; returns stdout and stderr together. An exit
    status outside `ok` stops the run."""
    label = label or " ".join([f"{k}={v}" for k, v in (env or {}).items()] + [str(c) for c in cmd])
    started = time.monotonic()
    print(f"  … {label}", file=sys.stderr, flush=True)
    full_env = dict(os.environ, **(env or {}))
    r = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=full_env, capture_output=True, text=True)
    out = r.stdout + r.stderr
    if r.returncode not in ok:
        raise Failed(f"`{label}` exited with status {r.returncode}:\n{out[-3000:]}")
    print(f"    done in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return out


def find(pattern, text, what):
    m = re.search(pattern, text, re.M)
    if not m:
        raise Failed(f"no {what} in the output (looked for /{pattern}/):\n{text[-2000:]}")
    return m


# --- formatting ---------------------------------------------------------------------------

def sig3(x):
    """Three significant figures, thousands separated: 2.34, 23.4, 234, 2,340."""
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def duration(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{sig3(ns / scale)} {unit}"
    return f"{sig3(ns)} ns"


def per_second(n):
    for unit, scale in (("M/s", 1e6), ("k/s", 1e3)):
        if n >= scale:
            return f"{sig3(n / scale)} {unit}"
    return f"{sig3(n)}/s"


def bytes_per_second(b):
    for unit, scale in (("GiB/s", 2 ** 30), ("MiB/s", 2 ** 20), ("KiB/s", 2 ** 10)):
        if b >= scale:
            return f"{sig3(b / scale)} {unit}"
    return f"{sig3(b)} B/s"


def megabytes(kib):
    return f"{kib / 1024 ** 2:.2f} GB" if kib >= 1024 ** 2 else f"{kib / 1024:.0f} MB"


# --- criterion ----------------------------------------------------------------------------

def criterion_bench(name, quick, env=None):
    """`cargo bench --bench NAME`; criterion's own JSON is read afterwards by `estimate`."""
    args = ["cargo", "bench", "-j2", "--bench", name, "--", "--noplot"]
    if quick:
        args += ["--quick", "--warm-up-time", "0.3"]
    return run(args, env=env)


def estimate(group, function=None):
    """(mean ns per iteration, throughput per iteration as {"Bytes"|"Elements": n}) of the
    newest run of a criterion benchmark; `function` None takes the group's only one."""
    base = CRITERION / group
    if function is None:
        dirs = [d for d in base.iterdir() if (d / "new" / "estimates.json").exists()] if base.exists() else []
        if not dirs:
            raise Failed(f"criterion wrote no results for {group}")
        d = max(dirs, key=lambda d: (d / "new" / "estimates.json").stat().st_mtime)
    else:
        d = base / function
    try:
        est = json.loads((d / "new" / "estimates.json").read_text())
        meta = json.loads((d / "new" / "benchmark.json").read_text())
    except OSError as e:
        raise Failed(f"criterion results for {group}/{function} missing: {e}")
    return est["mean"]["point_estimate"], meta.get("throughput") or {}


def crit_time(group, function=None):
    return duration(estimate(group, function)[0])


def crit_rate(group, function=None):
    ns, tp = estimate(group, function)
    if "Bytes" in tp:
        return bytes_per_second(tp["Bytes"] / ns * 1e9)
    return per_second(tp.get("Elements", 1) / ns * 1e9)


# --- wrk ----------------------------------------------------------------------------------

def wrk_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[unit]


def wrk_figures(block):
    """requests/s, p50 and p99 in ms, and errors (non-2xx answers + socket errors) of one wrk
    run's output."""
    rps = float(find(r"Requests/sec:\s+([\d.]+)", block, "wrk requests/s").group(1))
    p50 = wrk_ms(find(r"^\s+50%\s+(\S+)", block, "wrk p50").group(1))
    p99 = wrk_ms(find(r"^\s+99%\s+(\S+)", block, "wrk p99").group(1))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", block)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", block)
    if m:
        errors += sum(int(g) for g in m.groups())
    return rps, p50, p99, errors


def wrk_text(block, unit="req/s"):
    rps, p50, p99, errors = wrk_figures(block)
    return (f"{rps:,.0f} {unit}, p50 {sig3(p50)} ms, p99 {sig3(p99)} ms"
            + (f", **{errors:,} errors**" if errors else ", no errors"))


# --- the steps ----------------------------------------------------------------------------

class Run:
    """What one run measures; each method returns the rows of one README table."""

    def __init__(self, quick):
        self.quick = quick
        # quick: every whole-server script on one small data set, a few seconds a run
        self.events = 50_000 if quick else 1_000_000

    # performance: criterion and the one-process scripts
    def performance(self):
        q, rows = self.quick, []
        criterion_bench("gazetteer", q)
        rows += [
            ("`cargo bench --bench gazetteer`", "opening the embedded gazetteer (its name indexes are `fst` maps compiled into the binary by `build.rs`, used in place)", crit_time("gazetteer_load", "embedded_open"), ""),
            ("same", "compiling a gazetteer folder from disk (`Gazetteer::from_dir`, what `build.rs` does once per build)", crit_time("gazetteer_load", "compile_from_disk"), ""),
            ("same", "exact and alias lookups, one core", crit_rate("gazetteer_lookup", "exact"), "≥ 500,000/s"),
            ("same", "consonant-skeleton fallback lookups, one core", crit_rate("gazetteer_lookup", "skeleton"), "≥ 50,000/s"),
        ]
        criterion_bench("extract", q)
        rows.append(("`cargo bench --bench extract`", "the whole extraction pipeline (geoparser included) over the 78 fixture reports, one core", crit_rate("extract"), "≥ 1 MB/s"))
        criterion_bench("geoparse", q)
        rows.append(("`cargo bench --bench geoparse`", "recognition and resolution of every place in the same 78 texts, one core", crit_rate("geoparse"), "≥ 1 MB/s"))
        n = self.events
        criterion_bench("index", q, env={"SITMAP_BENCH_EVENTS": str(n)})
        rows += [
            ("`cargo bench --bench index`", f"index bulk load of {n:,} events, page order included", crit_time("index", "bulk_load"), ""),
            ("same", f"bbox + date query returning a page of up to 1,000 features, {n:,} events", crit_time("query", "bbox_date_page_1000"), ""),
            ("same", f"whole world, `limit=1` / at the last offset / one year at offset 5,000 / the extent, on {n:,} events (the order-statistic page order and the R-tree root's envelope)",
             " / ".join(crit_time("query", f) for f in ("whole_world_limit_1", "whole_world_last_offset", "whole_world_one_year_offset_5000", "extent")), "< 5 ms"),
            ("same", f"an events tile with no filter at z0 / at z4 over the Middle East (drawn from the tile pyramid's cell sums), and the z0 tile of one year (a visit of its events), {n:,} events",
             " / ".join(crit_time("tiles", f) for f in ("z0_unfiltered_pyramid", "z4_unfiltered_pyramid", "z0_one_year_visit")), ""),
            ("same", "GeoJSON of 10,000 features, **first time** (each Feature serialised: a page nobody asked for before)", crit_rate("serialise", "geojson_10000_features_first_time"), "≥ 200 MB/s"),
            ("same", "the same page again, **cached** (the Feature JSON the index keeps after the first time)", crit_rate("serialise", "geojson_10000_features_cached"), ""),
            ("same", f"start-up work in one process: store read with every row checked, R-tree and id map, {n:,} events (criterion `startup/load_store_and_index`; it runs in a process already holding twice the events, so it reads slower than `bench/startup.sh`)", crit_time("startup", "load_store_and_index"), ""),
        ]
        out = run(["bench/geocode_cold.sh"])
        m = find(r"median (\d+) ms, worst (\d+) ms, peak resident (\d+) MB", out, "geocode timing")
        rows.append(("`bench/geocode_cold.sh`", "a one-shot `sitmap geocode Raqqa` in a new process (binary in the page cache), 10 runs", f"median {m[1]} ms, worst {m[2]} ms, peak resident {m[3]} MB", "< 150 ms, < 400 MB"))
        reports = 100 if q else 1000
        out = run(["bench/ingest_reports.sh", reports])
        m = find(r"reports \(([\d.]+) MB of text\) in ([\d.]+) s = (\d+) reports/s, ([\d.]+) MB/s, peak resident (\d+) MB", out, "ingest timing")
        rows.append((f"`bench/ingest_reports.sh {reports}`", f"{reports:,} reports (the 78 fixture texts repeated with shifted days and sources, {m[1]} MB) through `sitmap ingest reports.jsonl` in one process into a new store, start-up and commit included", f"{m[2]} s: {int(m[3]):,} reports/s, {m[4]} MB of text/s, peak {m[5]} MB", ""))
        size = 20_000 if q else 100_000
        out = run(["bench/long_text.sh", size])
        names = find(r"(\d+) distinct names", out, "name count")[1]
        gp = find(r"sitmap geoparse: ([\d.]+) s, peak (\d+) KB", out, "geoparse timing")
        ex = find(r"sitmap extract: ([\d.]+) s, peak (\d+) KB", out, "extract timing")
        rows.append((f"`bench/long_text.sh {size}`", f"one text of {size:,} bytes of {int(names):,} distinct town names (the shape that made reading quadratic, issue 14 item 7) through `sitmap geoparse` and `sitmap extract`", f"geoparse {gp[1]} s, extract {ex[1]} s, peak {megabytes(max(int(gp[2]), int(ex[2])))}", ""))
        runs, settle = (1, 2) if q else (3, 10)
        out = run(["bench/startup.sh", n, runs, settle])
        ready = [float(x) for x in re.findall(r"ready after ([\d.]+) s", out)]
        rss = [int(x) for x in re.findall(r"later: (\d+) kB", out)]
        hwm = [int(x) for x in re.findall(r"\(peak (\d+) kB\)", out)]
        order = [float(x) for x in re.findall(r"page order ready ([\d.]+) s after", out)]
        if len(ready) != runs or len(rss) != runs:
            raise Failed(f"bench/startup.sh gave {len(ready)} start-ups of {runs}:\n{out[-2000:]}")
        span = f"{min(ready):.2f}–{max(ready):.2f} s" if runs > 1 else f"{ready[0]:.2f} s"
        rows.append((f"`bench/startup.sh {n} {runs} {settle}`", f"`sitmap serve` on {n:,} events, {runs} start-up{'s' if runs > 1 else ''}: process start to listening (store read with every row checked, R-tree and id map; the page order and the gazetteer are built after), then the resident memory {settle} s later",
                     f"{span}; page order ready {max(order):.2f} s after listening; {megabytes(max(rss))} resident, peak {megabytes(max(hwm))} while loading" if order else f"{span}; {megabytes(max(rss))} resident, peak {megabytes(max(hwm))}", "< 3 s"))
        return rows

    # load: the whole-server wrk scripts
    def load(self):
        q, n, rows = self.quick, self.events, []
        secs, conns = (3, 8) if q else (20, 32)
        page = 10 if q else 1000
        for enc in ("identity", "gzip"):
            out = run(["bench/load.sh", n, secs, conns, page], env={"SITMAP_BENCH_ENCODING": enc})
            rows.append((f"`{'SITMAP_BENCH_ENCODING=gzip ' if enc == 'gzip' else ''}bench/load.sh {n} {secs} {conns} {page}`",
                         f"bbox + date pages of {page:,} features, {n:,} events, wrk {conns} connections, {enc}", wrk_text(out), "≥ 2,000 req/s" if page == 1000 else ""))
        for enc in ("identity", "gzip"):
            out = run(["bench/tiles.sh", n, secs, conns, "both"], env={"SITMAP_BENCH_ENCODING": enc})
            parts = out.split("sitmap tiles, ")
            uncached = next((p for p in parts if p.startswith("uncached")), None)
            cached = next((p for p in parts if p.startswith("cached")), None)
            if uncached is None or cached is None:
                raise Failed(f"bench/tiles.sh did not run both cache settings:\n{out[-2000:]}")
            cmd = f"`{'SITMAP_BENCH_ENCODING=gzip ' if enc == 'gzip' else ''}bench/tiles.sh {n} {secs} {conns}`"
            rows.append((cmd, f"event tiles at zooms 4–14 over places with events, {n:,} events, tile cache off, {enc}", wrk_text(uncached, "tiles/s"), "≥ 3,000/s"))
            rows.append(("same", f"the same, tile cache on (after one warm-up pass), {enc}", wrk_text(cached, "tiles/s"), "≥ 20,000/s"))
        out = run(["bench/tiles.sh", n, secs, conns, "uncached", "low"])
        rows.append((f"`bench/tiles.sh {n} {secs} {conns} uncached low`", f"event tiles at zooms 0–6 only (world and country views: unfiltered ones are drawn from the tile pyramid's cell sums), {n:,} events, tile cache off, identity", wrk_text(out, "tiles/s"), "≥ 5,000/s"))
        secs_mixed = 5 if q else 60
        out = run(["bench/mixed.sh", n, secs_mixed])
        reads = out.split("== reads", 1)[1].split("== writes", 1)[0]
        writes = out.split("== writes", 1)[1]
        rss = find(r"resident memory after the run: (\d+) kB", out, "resident memory")[1]
        rrps, r50, r99, rerr = wrk_figures(reads)
        wrps, _, w99, werr = wrk_figures(writes)
        rows.append((f"`bench/mixed.sh {n} {secs_mixed}`", f"reads (pages of 100 features by bbox and date, and tiles; 32 connections) while about 100 writes/s go on, {n:,} events",
                     f"reads {rrps:,.0f} req/s, p50 {sig3(r50)} ms, p99 {sig3(r99)} ms; writes {wrps:,.0f}/s, p99 {sig3(w99)} ms; {rerr + werr:,} errors; server resident {megabytes(int(rss))}", ""))
        secs_abuse = 5 if q else 45
        out = run(["bench/abuse.sh", n, secs_abuse])
        idle = find(r"after start-up: VmRSS:\s+(\d+) kB", out, "resident memory after start-up")[1]
        peak = find(r"peak resident memory: VmHWM:\s+(\d+) kB", out, "peak resident memory")[1]
        sent, refused = find(r"100 MB bodies: (\d+) sent, (\d+) answered 413", out, "100 MB bodies").group(1, 2)
        healthy = "healthy after the run" in out
        rows.append((f"`bench/abuse.sh {n} {secs_abuse}`", f"memory under abusive reads: 64 connections of whole-world `limit=1000000` pages and z0–z2 tiles with the cache off while 100 MB bodies are posted, {n:,} events",
                     f"peak resident {megabytes(int(peak))} ({megabytes(int(peak) - int(idle))} over the idle server); 100 MB bodies: {refused} of {sent} answered 413; "
                     + ("healthy after the run" if healthy else "**not healthy after the run**"), "413 for every body, healthy"))
        cycles = 2 if q else 20
        out = run(["bench/crash.sh", cycles])
        m = find(r"(\d+) SIGKILL cycles: (\d+) acknowledged events, all found; (\d+) stored in all", out, "crash cycles")
        rows.append((f"`bench/crash.sh {cycles}`", "SIGKILL of the real server during bursts of 8 concurrent writers, restarted on the same data directory (`tests/api/crash.rs` in release)",
                     f"{m[1]} cycles: {int(m[2]):,} acknowledged events, all found, {int(m[3]):,} stored", "every acknowledged event found"))
        secs_health, writes_n = (5, 4_000) if q else (60, 100_000)
        out = run(["bench/health_under_load.sh", n, secs_health, writes_n])
        m = find(r"/health: (\d+) requests, p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms, errors (\d+)", out, "/health latency")
        heavy = float(find(r"Requests/sec:\s+([\d.]+)", out, "heavy reads/s")[1])
        wrote = find(r"writes: ([\d,]+) events in 4 bodies, ([\d.]+) s", out, "write timing")
        rows.append((f"`bench/health_under_load.sh {n} {secs_health} {writes_n}`", f"`/health` every 20 ms on its own connection while wrk (64 connections) sends whole-world pages of 10,000 features, whole-world filtered scans and z0–z3 tiles with the cache off, and {writes_n:,} events are posted, {n:,} events",
                     f"/health p50 {m[2]} ms, p99 {m[3]} ms, max {m[4]} ms, {m[5]} errors (the heavy reads: {heavy:,.0f} req/s; the writes took {wrote[2]} s)", "p99 < 5 ms"))
        return rows

    # accuracy: the extraction scorer on every annotated set, with and without the hand rows
    def accuracy(self):
        rows = []
        sets = [("../shared/reports/real-dev.jsonl", "real published reports (tuned on)"),
                ("../shared/reports/dev.jsonl", "the seed and its companions"),
                ("tests/fixtures/reports.jsonl", "written here (rules tuned on it)"),
                ("tests/fixtures/heldout.jsonl", "written here, held out when first run")]
        hand = hand_rows()
        for path, what in sets:
            if not (ROOT / path).exists():
                if self.quick:  # CI's clone may have no ../shared beside it
                    print(f"report: {path} is absent; left out of this quick run", file=sys.stderr)
                    continue
                raise Failed(f"{path} is missing (the accuracy section reads ../shared/ beside the project)")
            count = sum(1 for line in open(ROOT / path, encoding="utf-8") if line.strip())
            used = hand_rows_used(path, hand)
            for label, env in (("", {}), (" without `hand.tsv`", {WITHOUT_HAND_ENV: "1"})):
                if label and not used:
                    continue
                # the scorer exits 1 when a figure is below its goal: a figure all the same
                out = run(["python3", "../shared/reports/score.py", path, "--bin", SITMAP], env=env,
                          label=f"score.py {path}{label}", ok=(0, 1)).strip()
                last = out.splitlines()[-1]
                figs = {k: find(rf"{k}\s+([\d.]+)", last, f"{k} figure")[1]
                        for k in ("recall", "precision", "date", "type", "fatalities")}
                events = find(r"over (\d+) events", last, "event count")[1]
                hand_cell = ", ".join(used) if used else "none"
                rows.append((f"`{path}`{label}", f"{count} reports, {events} events: {what}", figs["recall"], figs["precision"], figs["date"],
                             figs["type"], figs["fatalities"], hand_cell if not label else "left out"))
        return rows

    # geoparse: the public toponym corpora, spans and text modes, dev and test
    def geoparse(self):
        rows = []
        results = {}
        for mode in ("spans", "text"):
            out_dir = Path(tempfile.mkdtemp(prefix=f"report-geoparse-{mode}-"))
            run(["python3", "../shared/geoparse/score.py", "--mode", mode, "--split", "all", "--bin", SITMAP, "--out", out_dir],
                label=f"geoparse score.py --mode {mode}")
            results[mode] = json.loads((out_dir / "results.json").read_text())
            if mode == "spans":
                results["hand"] = hand_predictions(out_dir / "predictions.jsonl.gz", hand_rows())
            shutil.rmtree(out_dir, ignore_errors=True)
        targets = results["spans"]["targets"]
        names = {"lgl": "LGL", "trnews": "TR-News", "gwn": "GeoWebNews", "geovirus": "GeoVirus"}
        for c in results["spans"]["corpora"]:
            spans = results["spans"]["metrics"][c]
            text = results["text"]["metrics"][c]
            pct = lambda x: "–" if x is None else f"{100 * x:.1f}"
            rows.append((names.get(c, c), pct(spans["test"]["acc161"]), pct(spans["dev"]["acc161"]), f"≥ {targets[c]}",
                         " / ".join(pct(text["test"][k]) for k in ("precision", "recall", "f1")),
                         pct(text["test"]["acc161_e2e"]), str(results["hand"].get(c, 0))))
        return rows


def hand_rows():
    """The main names of the places in gazetteer/hand.tsv."""
    rows = set()
    for line in open(ROOT / "gazetteer" / "hand.tsv", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        rows.add(line.split("\t")[1])
    return rows


def is_hand_place(props, hand):
    """Whether a geoparsed place is a hand-kept one: those have no GeoNames id (their ids are
    negative and stay inside sitmap), and answer with their main name."""
    return isinstance(props, dict) and props.get("geonameid") is None and props.get("name") in hand


def hand_rows_used(path, hand):
    """Names of the hand-kept places the geoparser finds in a report set's texts."""
    used = set()
    with open(ROOT / path, encoding="utf-8") as f, tempfile.TemporaryDirectory() as tmp:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            rep = json.loads(line)
            text = Path(tmp) / f"{i}.txt"
            text.write_text(rep["text"], encoding="utf-8")
            r = subprocess.run([str(SITMAP), "geoparse", str(text)], cwd=ROOT, capture_output=True, text=True)
            if r.returncode != 0:
                raise Failed(f"sitmap geoparse failed on line {i + 1} of {path}: {r.stderr[-500:]}")
            for feat in json.loads(r.stdout).get("features", []):
                if is_hand_place(feat.get("properties"), hand):
                    used.add(feat["properties"]["name"])
    return sorted(used)


def hand_predictions(path, hand):
    """How many gold toponyms of each corpus were resolved to a hand-kept place."""
    counts = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if is_hand_place(row.get("pred"), hand):
                counts[row["corpus"]] = counts.get(row["corpus"], 0) + 1
    return counts


# --- tables and the README ----------------------------------------------------------------

HEADERS = {
    "performance": ("command", "what", "figure", "goal"),
    "load": ("command", "what", "figure", "goal"),
    "accuracy": ("set (`python3 ../shared/reports/score.py SET`)", "what", "recall", "precision", "date", "type", "fatalities", "places of `gazetteer/hand.tsv` the geoparser finds in its texts"),
    "geoparse": ("corpus", "spans Acc@161, test", "spans Acc@161, dev (tuned on)", "goal (test)", "text: P / R / F1, test", "text: end-to-end Acc@161, test", "gold toponyms resolved to a `hand.tsv` place"),
}


def table(header, rows):
    cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        mem = f", {kib / 1024 ** 2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def tree_state():
    """The commit measured and whether tracked files differ from it: read when the run
    starts (the run itself rewrites bench/results.md and the README)."""
    commit = git("rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit, "with uncommitted changes" if dirty else "clean"


def stamp(quick, started, minutes, state):
    commit, state = state
    mode = "quick run (small data: not figures to quote)" if quick else "full run"
    return (f"_Generated by `bench/report.sh`: {mode}; commit {commit} ({state}); "
            f"{started:%Y-%m-%d %H:%M} UTC, {minutes:.0f} min; machine: {machine()}._")


def replace_section(readme, name, body):
    pattern = re.compile(rf"(<!-- figures:{name} -->\n)(.*?)(\n<!-- /figures:{name} -->)", re.S)
    if not pattern.search(readme):
        raise Failed(f"the README has no <!-- figures:{name} --> … <!-- /figures:{name} --> markers")
    return pattern.sub(lambda m: m.group(1) + body + m.group(3), readme, count=1)


def peers_section(results_md):
    """The README's peer table, built from bench/results.md as bench/peers.sh wrote it."""
    text = results_md.read_text(encoding="utf-8")
    written = find(r"^Written by `([^`]+)` on ([^;]+);", text, "peers stamp")
    sitmap_commit = find(r"^- sitmap (\w+)", text, "peers' sitmap commit")[1]
    peers_machine = find(r"^- Machine: (.+?)\. Servers", text, "peers' machine")[1]
    per_kind = {}
    for line in text.split("## Requests per second", 1)[1].split("## Goals", 1)[0].splitlines():
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cols) != 7 or cols[0] in ("request", "---"):
            continue
        kind, server, rps, ratio = cols[0], cols[1], cols[2].split(" (")[0], cols[6].strip("*")
        per_kind.setdefault(kind, {})[server] = (rps, ratio)
    rows = []
    for kind, servers in per_kind.items():
        ratios = " / ".join(s[1] for name, s in servers.items() if name != "sitmap" and s[1])
        rows.append((kind, servers.get("sitmap", ("", ""))[0], *(servers.get(p, ("", ""))[0] for p in ("martin", "pygeoapi", "postgis")), ratios))
    goals = []
    for line in text.split("## Goals", 1)[1].split("##", 1)[0].splitlines():
        cols = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cols) == 4 and cols[0] not in ("goal", "---"):
            goals.append(tuple(cols))
    if not rows or not goals:
        raise Failed("bench/results.md holds no table of requests per second or of goals")
    return "\n".join([
        f"_From `{written[1]}` (sitmap commit {sitmap_commit}), written to `bench/results.md` on {written[2]}; "
        f"copied here by `bench/report.sh`; machine: {peers_machine}._",
        "",
        table(("request", "sitmap req/s", "Martin + PostGIS", "pygeoapi + PostGIS", "raw PostGIS SQL", "sitmap ÷ peer"), rows),
        "",
        table(("goal", "worst kind", "ratio", "met"), goals),
    ])


def command_run(args):
    quick = args.quick
    skip = set(filter(None, (args.skip or "").split(",")))
    unknown = skip - set(SECTIONS)
    if unknown:
        sys.exit(f"report: --skip names no section: {', '.join(sorted(unknown))} (sections: {', '.join(SECTIONS)})")
    if quick:
        skip.add("peers")  # PostgreSQL, Martin's 5-minute build and a 10-minute load: full runs only
        if not (SHARED / "geoparse" / "score.py").exists():
            print("report: ../shared/geoparse is absent; the geoparse section is left out of this quick run", file=sys.stderr)
            skip.add("geoparse")
        if not (SHARED / "reports" / "score.py").exists():
            print("report: ../shared/reports is absent; the accuracy section is left out of this quick run", file=sys.stderr)
            skip.add("accuracy")
    out = Path(args.out) if args.out else (ROOT / "target" / "bench-report" / "README.md" if quick else ROOT / "README.md")
    started_wall = dt.datetime.now(dt.timezone.utc)
    state = tree_state()
    started = time.monotonic()
    try:
        print("report: building the release binary", file=sys.stderr)
        run(["cargo", "build", "--release", "-j2", "--bin", "sitmap", "--example", "synthetic_store"])
        bodies = {}
        r = Run(quick)
        for name in SECTIONS:
            if name in skip:
                print(f"report: [{name}] skipped, its table stays as it is", file=sys.stderr)
                continue
            print(f"report: [{name}]", file=sys.stderr)
            if name == "peers":
                run(["bench/peers.sh"], label="bench/peers.sh (about 20 minutes)")
                bodies[name] = ("peers", peers_section(ROOT / "bench" / "results.md"))
            else:
                bodies[name] = ("table", table(HEADERS[name], getattr(r, name)()))
    except Failed as e:
        sys.exit(f"report: {e}\nreport: nothing written")
    minutes = (time.monotonic() - started) / 60
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    try:
        for name, (kind, body) in bodies.items():
            text = body if kind == "peers" else stamp(quick, started_wall, minutes, state) + "\n\n" + body
            readme = replace_section(readme, name, text)
    except Failed as e:
        sys.exit(f"report: {e}\nreport: nothing written")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(readme, encoding="utf-8")
    tmp.replace(out)
    print(f"report: {len(bodies)} section(s) written to {out} in {minutes:.1f} min", file=sys.stderr)
    problems = check(readme, quick_ok=quick)
    if problems:
        sys.exit("report: the written file fails its own check:\n" + "\n".join(problems))


# --- check --------------------------------------------------------------------------------

STAMP = re.compile(r"^_Generated by `bench/report\.sh`: (full run|quick run[^;]*); commit ([0-9a-f]{7,40}) \((clean|with uncommitted changes)\); "
                   r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC, \d+ min; machine: .+\._$")
PEER_STAMP = re.compile(r"^_From `bench/peers\.sh[^`]*` \(sitmap commit [0-9a-f]{7,40}\), written to `bench/results\.md` on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; copied here by `bench/report\.sh`; machine: .+\._$")


def check(text, quick_ok=False):
    """The problems with a file's figure sections (empty when it is well formed)."""
    problems = []
    for name in SECTIONS:
        opens = text.count(f"<!-- figures:{name} -->")
        closes = text.count(f"<!-- /figures:{name} -->")
        if opens != 1 or closes != 1:
            problems.append(f"{name}: {opens} opening and {closes} closing markers (want one each)")
            continue
        body = text.split(f"<!-- figures:{name} -->", 1)[1].split(f"<!-- /figures:{name} -->", 1)[0].strip()
        lines = body.splitlines()
        first = lines[0] if lines else ""
        if name == "peers":
            if not PEER_STAMP.match(first):
                problems.append(f"{name}: the first line is not a peers stamp: {first[:120]!r}")
        else:
            m = STAMP.match(first)
            if not m:
                problems.append(f"{name}: the first line is not a report stamp: {first[:120]!r}")
            elif not quick_ok and (m.group(1) != "full run" or m.group(3) != "clean"):
                problems.append(f"{name}: stamped by a {m.group(1)} on a tree {m.group(3)}: only a full run on a clean commit may stand in the README")
        tables = [t for t in re.split(r"\n\s*\n", "\n".join(lines[1:])) if t.strip().startswith("|")]
        if not tables:
            problems.append(f"{name}: no table under the stamp")
        for t in tables:
            rows = [r for r in t.strip().splitlines()]
            width = len(split_row(rows[0]))
            if len(rows) < 3 or not re.fullmatch(r"\|(---\|)+", rows[1]) or len(split_row(rows[1])) != width:
                problems.append(f"{name}: a table without a header, separator and rows: {rows[0][:80]!r}")
                continue
            for r in rows[2:]:
                cells = split_row(r)
                if len(cells) != width:
                    problems.append(f"{name}: a row of {len(cells)} cells under a header of {width}: {r[:80]!r}")
                elif name != "peers" and not cells[2 if width > 2 else 1]:
                    problems.append(f"{name}: a row without its figure: {r[:80]!r}")
    return problems


def split_row(row):
    """The cells of a Markdown table row (escaped bars stay inside their cell)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def command_check(args):
    text = Path(args.file).read_text(encoding="utf-8")
    problems = check(text, quick_ok=args.quick_ok)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"{args.file}: every figure section well formed and stamped")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the benchmarks and scorers, rewrite the figure tables")
    r.add_argument("--quick", action="store_true", help="small data, short runs, no peers; writes target/bench-report/README.md")
    r.add_argument("--skip", help=f"comma-separated sections to leave as they are ({', '.join(SECTIONS)})")
    r.add_argument("--out", help="where to write the README with the new tables (default: README.md; with --quick, target/bench-report/README.md)")
    c = sub.add_parser("check", help="check that a file's figure sections are well formed and stamped")
    c.add_argument("file")
    c.add_argument("--quick-ok", action="store_true", help="accept stamps of quick runs and of trees with uncommitted changes")
    args = p.parse_args()
    (command_run if args.command == "run" else command_check)(args)


if __name__ == "__main__":
    main()
