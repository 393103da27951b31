#!/usr/bin/env python3
"""Second half of bench/peers.sh: with sitmap, Martin, pygeoapi and PostgreSQL running, check
that they give the same answers to a sample of the requests, then load each with the same
requests (wrk for HTTP, pgbench for the raw SQL), interleaved over several rounds, and write
the results as Markdown and as a PNG plot.

The request lists come from examples/bench_dataset.rs, one request a line, in a form neutral
to the servers; `url_for` and `sql_for` turn a line into each server's request.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import mapbox_vector_tile

from wrk_paths import lua_cycling

# kind -> (title, servers); the first server is sitmap, the others the peers
KINDS = {}
for z in (4, 8, 12):
    KINDS[f"tile-z{z}"] = (f"tile z{z}", ["sitmap", "martin"])
    KINDS[f"tile-z{z}-dated"] = (f"tile z{z} + datetime", ["sitmap", "martin"])
for n in (10, 100, 1000):
    KINDS[f"items-{n}"] = (f"items bbox+datetime ≤{n}", ["sitmap", "pygeoapi", "postgis"])
KINDS["feature"] = ("single feature", ["sitmap", "pygeoapi", "postgis"])

# the columns every server returns for an event
COLUMNS = (
    "id, event_date, time_precision, event_type, sub_event_type, actor1, actor2, fatalities, "
    "location, admin1, country, country_code, geo_precision, geonameid, source, source_url, "
    "report_id, notes, geom"
)
SAMPLE = 30  # requests per kind whose answers are compared
PGBENCH_SCRIPTS = 100  # pgbench takes at most 128 scripts


def url_for(base, server, kind, line):
    if kind.startswith("tile"):
        zxy, _, query = line.partition("?")
        suffix = f"?{query}" if query else ""
        if server == "sitmap":
            return f"{base}/tiles/events/{zxy}.mvt{suffix}"
        return f"{base}/events_tile/{zxy}{suffix}"
    if kind.startswith("items"):
        extra = "&f=json" if server == "pygeoapi" else ""
        return f"{base}/collections/events/items?{line}{extra}"
    extra = "?f=json" if server == "pygeoapi" else ""
    return f"{base}/collections/events/items/{line}{extra}"


def sql_for(kind, line):
    """The raw PostGIS query that answers a request: the GeoJSON built in the database."""
    if kind == "feature":
        return (
            f"SELECT ST_AsGeoJSON(t.*, 'geom') FROM (SELECT {COLUMNS} FROM events "
            f"WHERE id = '{line}') t;"
        )
    q = dict(p.split("=", 1) for p in line.split("&"))
    x0, y0, x1, y1 = (float(v) for v in q["bbox"].split(","))
    d0, d1 = q["datetime"].split("/")
    return (
        "SELECT json_build_object('type', 'FeatureCollection', 'features', "
        "COALESCE(json_agg(ST_AsGeoJSON(t.*, 'geom')::json), '[]'::json)) "
        f"FROM (SELECT {COLUMNS} FROM events "
        f"WHERE geom && ST_MakeEnvelope({x0}, {y0}, {x1}, {y1}, 4326) "
        f"AND event_date BETWEEN '{d0}' AND '{d1}' "
        f"ORDER BY event_date DESC, id LIMIT {int(q['limit'])}) t;"
    )


def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return r.read()


def psql(args, sql):
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres", "-d",
         "sitmap_bench", "-tAq", "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


# --- same answers -------------------------------------------------------------------------

def tile_summary(data):
    """Features, events (sum of point_count) and the ids of single events in a tile."""
    layers = mapbox_vector_tile.decode(data) if data else {}
    feats = layers.get("events", {}).get("features", [])
    events = sum(int(f["properties"].get("point_count", 1)) for f in feats)
    ids = {f["properties"]["id"] for f in feats if f["properties"].get("id")}
    return len(feats), events, ids


def compare(args, bases, lines):
    """Per kind: how many sampled requests got the same answer from every server."""
    rows = []
    for kind, (title, servers) in KINDS.items():
        same, notes = 0, []
        sample = lines[kind][:SAMPLE]
        for line in sample:
            answers = {}
            for s in servers:
                if s == "postgis":
                    text = psql(args, sql_for(kind, line))
                    doc = json.loads(text) if text else None
                    if kind == "feature":
                        answers[s] = {doc["properties"]["id"]} if doc else set()
                    else:
                        answers[s] = {f["properties"]["id"] for f in doc["features"]}
                elif kind.startswith("tile"):
                    f, e, ids = tile_summary(fetch(url_for(bases[s], s, kind, line)))
                    # counts per tile; and, where events stand alone (z12), the same events
                    answers[s] = (e, frozenset(ids)) if kind.startswith("tile-z12") else (e, f)
                elif kind == "feature":
                    doc = json.loads(fetch(url_for(bases[s], s, kind, line)))
                    answers[s] = {str(doc.get("id"))}
                else:
                    doc = json.loads(fetch(url_for(bases[s], s, kind, line)))
                    answers[s] = {str(f.get("id")) for f in doc["features"]}
            first = answers[servers[0]]
            if all(answers[s] == first for s in servers[1:]):
                same += 1
            elif len(notes) < 2:
                notes.append(f"{line}: " + ", ".join(
                    f"{s} {len(a) if isinstance(a, set) else a[0]} events" for s, a in answers.items()))
        rows.append((kind, title, servers, same, len(sample), notes))
        print(f"same answers, {title}: {same}/{len(sample)} {'; '.join(notes)}", file=sys.stderr)
    return rows


# --- load ------------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")


def run_wrk(args, urls, secs, conns):
    base = re.match(r"https?://[^/]+", urls[0]).group(0)
    paths = [u[len(base):] for u in urls]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua_cycling(paths))
        script = f.name
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{secs}s", "--timeout", "30s", "--latency", "-s",
         script, base],
        check=True, capture_output=True, text=True,
    ).stdout
    os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(g) for g in m.groups()) if m else 0
    return {"rps": rps, "p50": ms(lat.get("50", "nan")), "p99": ms(lat.get("99", "nan")),
            "errors": errors}


def run_pgbench(args, kind, lines, secs, conns):
    with tempfile.TemporaryDirectory() as tmp:
        scripts = []
        for i, line in enumerate(lines[:PGBENCH_SCRIPTS]):
            path = Path(tmp) / f"q{i}.sql"
            path.write_text(sql_for(kind, line) + "\n")
            scripts += ["-f", str(path)]
        out = subprocess.run(
            ["pgbench", "-n", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres",
             "-c", str(conns), "-j", "2", "-T", str(secs), "-l", "--log-prefix",
             f"{tmp}/log", *scripts, "sitmap_bench"],
            check=True, capture_output=True, text=True, cwd=tmp,
        ).stdout
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        m = re.search(r"number of failed transactions: (\d+)", out)
        errors = int(m.group(1)) if m else 0
        latencies = []
        for log in Path(tmp).glob("log*"):
            for row in log.read_text().splitlines():
                parts = row.split()
                if len(parts) >= 3:
                    latencies.append(int(parts[2]) / 1000.0)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else 0

    return {"rps": tps, "p50": pct(0.50), "p99": pct(0.99), "errors": errors}


def load(args, bases, lines):
    """results[kind][server] = list of per-round measurements."""
    results = {k: {s: [] for s in servers} for k, (_, servers) in KINDS.items()}
    for rnd in range(args.rounds + 1):  # round 0 warms every server and cache up
        secs = 3 if rnd == 0 else args.secs
        for kind, (title, servers) in KINDS.items():
            order = servers if rnd % 2 else list(reversed(servers))
            for s in order:
                if s == "postgis":
                    r = run_pgbench(args, kind, lines[kind], secs, args.conns)
                else:
                    urls = [url_for(bases[s], s, kind, line) for line in lines[kind]]
                    r = run_wrk(args, urls, secs, args.conns)
                if rnd > 0:
                    results[kind][s].append(r)
                    print(f"round {rnd} {title:28} {s:9} {r['rps']:10.1f} req/s  "
                          f"p50 {r['p50']:8.2f} ms  p99 {r['p99']:8.2f} ms  "
                          f"errors {r['errors']}", file=sys.stderr)
    return results


# --- report --------------------------------------------------------------------------------

def summary(runs):
    return {
        "rps": statistics.mean(r["rps"] for r in runs),
        "p50": statistics.mean(r["p50"] for r in runs),
        "p99": statistics.mean(r["p99"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "spread": (min(r["rps"] for r in runs), max(r["rps"] for r in runs)),
    }


def versions(args):
    def cmd(c):
        try:
            return subprocess.run(c, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"

    cpu = "unknown"
    for row in Path("/proc/cpuinfo").read_text().splitlines():
        if row.startswith("model name"):
            cpu = row.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.platform()}",
        "sitmap": cmd(["git", "describe", "--always", "--dirty"]),
        "martin": args.martin_version,
        "pygeoapi": args.pygeoapi_version,
        "postgresql": psql(args, "SHOW server_version"),
        "postgis": psql(args, "SELECT postgis_lib_version()"),
        "wrk": cmd(["sh", "-c", "wrk -v 2>&1 | head -1 | cut -d' ' -f1-2"]),
    }


GOALS = [
    # (peer, kinds, factor, label)
    ("martin", [k for k in KINDS if k.startswith("tile")], 5.0, "≥ 5× Martin+PostGIS tiles/s"),
    ("pygeoapi", [k for k in KINDS if k.startswith("items")], 10.0, "≥ 10× pygeoapi items/s"),
    ("postgis", [k for k in KINDS if k.startswith("items")], 1.0,
     "≥ 1× the raw PostGIS query (ST_AsGeoJSON, GiST) for items"),
]


def report(args, results, same, info, elapsed):
    summ = {k: {s: summary(r) for s, r in by.items()} for k, by in results.items()}
    out = [
        "# sitmap against Martin, pygeoapi and raw PostGIS",
        "",
        f"Written by `bench/peers.sh {args.events} {args.secs} {args.conns} {args.rounds}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; the whole run took "
        f"{elapsed / 60:.1f} minutes after set-up.",
        "",
        f"- Machine: {info['machine']}. Servers and load generators share its cores.",
        f"- sitmap {info['sitmap']} (release build, tile cache off: `--tile-cache-mb 0`)",
        f"- Martin {info['martin']} (`cargo install martin --no-default-features --features "
        "postgres`, tile cache off: `cache_size_mb: 0`, 2 workers, pool of 20)",
        f"- pygeoapi {info['pygeoapi']} with its PostgreSQL provider, under gunicorn "
        "(4 sync workers)",
        f"- PostgreSQL {info['postgresql']}, PostGIS {info['postgis']} (shared_buffers 4GB, "
        "jit off; GiST on the WGS 84 and Web Mercator points, B-tree on the date, table "
        "clustered on the Mercator index)",
        f"- Load: {info['wrk']}, 2 threads, {args.conns} connections, {args.secs} s per run; "
        f"pgbench with {args.conns} clients for the raw SQL. Round 0 (3 s each) warms up and is "
        f"not counted; then {args.rounds} rounds, each running every server on every kind, "
        "in alternating order. Figures are the mean of the rounds; the range is min–max "
        "requests/s over the rounds.",
        f"- {args.events:,} events; each kind cycles through 300 requests "
        "(pgbench through the first 100).",
        "",
        "## Requests per second",
        "",
        "| request | server | req/s (range) | p50 ms | p99 ms | errors | sitmap ÷ server |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, (title, servers) in KINDS.items():
        base = summ[kind]["sitmap"]["rps"]
        for s in servers:
            r = summ[kind][s]
            ratio = "" if s == "sitmap" else f"**{base / r['rps']:.1f}×**" if r["rps"] else "∞"
            out.append(
                f"| {title} | {s} | {r['rps']:,.0f} ({r['spread'][0]:,.0f}–{r['spread'][1]:,.0f})"
                f" | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | {ratio} |")
    out += ["", "## Goals", "", "| goal | worst kind | ratio | met |", "|---|---|---|---|"]
    for peer, kinds, factor, label in GOALS:
        ratios = [(summ[k]["sitmap"]["rps"] / summ[k][peer]["rps"], KINDS[k][0]) for k in kinds
                  if summ[k][peer]["rps"] > 0]
        worst = min(ratios)
        out.append(f"| {label} | {worst[1]} | {worst[0]:.1f}× | "
                   f"{'yes' if worst[0] >= factor else '**no**'} |")
    out += ["", "## Same answers", "",
            f"Before the load, the first {SAMPLE} requests of each kind went to every server. "
            "Tiles: the same number of events per tile (sum of `point_count`), below z12 the "
            "same number of features (cells), and at z12, where events stand alone, the same "
            "event ids. Items and features: the same set of "
            "feature ids (every box holds at most the page size, so no server's order "
            "decides what is cut).", "",
            "| request | servers | same answer | first differences |", "|---|---|---|---|"]
    for kind, title, servers, n_same, n, notes in same:
        out.append(f"| {title} | {', '.join(servers)} | {n_same}/{n} | "
                   f"{'; '.join(notes) if notes else ''} |")
    return "\n".join(out) + "\n", summ


def plot(summ, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    servers = ["sitmap", "martin", "pygeoapi", "postgis"]
    colours = {"sitmap": "#c0392b", "martin": "#2980b9", "pygeoapi": "#27ae60",
               "postgis": "#7f8c8d"}
    kinds = list(KINDS)
    fig, ax = plt.subplots(figsize=(12, 5.5))
    width = 0.2
    for i, s in enumerate(servers):
        xs, ys = [], []
        for j, k in enumerate(kinds):
            if s in summ[k]:
                xs.append(j + (i - 1.5) * width)
                ys.append(summ[k][s]["rps"])
        label = {"postgis": "raw PostGIS SQL (pgbench)", "martin": "Martin + PostGIS",
                 "pygeoapi": "pygeoapi + PostGIS"}.get(s, s)
        ax.bar(xs, ys, width, label=label, color=colours[s])
    ax.set_yscale("log")
    ax.set_ylabel("requests per second (log scale)")
    ax.set_xticks(range(len(kinds)))
    ax.set_xticklabels([KINDS[k][0] for k in kinds], rotation=30, ha="right", fontsize=8)
    ax.set_title("Same events, same requests, one machine (bench/peers.sh)")
    ax.legend(fontsize=8)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--requests", required=True)
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--secs", type=int, default=10)
    p.add_argument("--conns", type=int, default=16)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--sitmap", required=True)
    p.add_argument("--martin", required=True)
    p.add_argument("--pygeoapi", required=True)
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--martin-version", default="?")
    p.add_argument("--pygeoapi-version", default="?")
    p.add_argument("--out", required=True)
    p.add_argument("--plot", required=True)
    p.add_argument("--compare-only", action="store_true",
                   help="check the answers, then stop without the load runs")
    args = p.parse_args()
    bases = {"sitmap": args.sitmap, "martin": args.martin, "pygeoapi": args.pygeoapi}
    lines = {k: Path(args.requests, f"{k}.txt").read_text().split() for k in KINDS}
    started = time.time()
    same = compare(args, bases, lines)
    if args.compare_only:
        return
    results = load(args, bases, lines)
    text, summ = report(args, results, same, versions(args), time.time() - started)
    Path(args.out).write_text(text)
    plot(summ, args.plot)
    print(text)


if __name__ == "__main__":
    main()
