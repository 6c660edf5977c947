#!/usr/bin/env python3
"""Turns a bench/results/<timestamp>.jsonl file into the Markdown of docs/benchmarks.md.

    python3 bench/report.py bench/results/20250101T120000Z.jsonl > report.md

One table per mode. Each cell is the median over repeats with the min-max spread, then the
ratio to Vert.x's built-in WebSocket server measured in the same repeat (median and spread of
the per-repeat ratios). Python 3 standard library only.
"""
import argparse
import json
import statistics
import sys

REFERENCE_PEER = "vertx"
PEER_ORDER = ["wsgate", "vertx", "node"]
PEER_NAMES = {"wsgate": "wsgate", "vertx": "Vert.x built-in", "node": "Node ws"}
MODE_ORDER = ["echo", "broadcast", "rooms", "connect"]


def figure(key):
    return lambda run: (run.get("figures") or {}).get(key)


def latency(key):
    return lambda run: (run.get("latency") or {}).get(key)


def cpu(side):
    return lambda run: ((run.get("window") or {}).get(side) or {}).get("cpuCores")


def non_negative(extract):
    """Memory deltas of -1 mean "not measured"."""
    def value(run):
        number = extract(run)
        return None if number is None or number == -1 else number
    return value


# Per mode: (column title, how to read it from a run). Rates: higher is better; the rest: lower.
FIGURES = {
    "echo": [("msgs/s", figure("msgsPerSec")), ("MB/s", figure("mbPerSec")),
             ("p50 µs", latency("p50")), ("p99 µs", latency("p99")), ("p99.9 µs", latency("p999"))],
    "broadcast": [("deliveries/s", figure("deliveriesPerSec")), ("lost", figure("lost")),
                  ("p50 µs", latency("p50")), ("p99 µs", latency("p99"))],
    "rooms": [("deliveries/s", figure("deliveriesPerSec")), ("lost", figure("lost")),
              ("p50 µs", latency("p50")), ("p99 µs", latency("p99"))],
    "connect": [("handshakes/s", figure("handshakesPerSec")), ("handshake p99 µs", latency("p99")),
                ("RSS B/conn", non_negative(figure("rssPerConnectionBytes"))),
                ("heap B/conn", non_negative(figure("heapPerConnectionBytes")))],
}
CPU_COLUMNS = [("client CPU cores", cpu("client")), ("server CPU cores", cpu("server"))]


def number(value):
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def spread(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    middle = fmt(statistics.median(values))
    if len(values) == 1:
        return middle
    return f"{middle} ({fmt(min(values))}–{fmt(max(values))})"


def ratio(value):
    return f"{value:.2f}×"


def load(path):
    meta, runs = None, []
    with open(path, encoding="utf-8") as results:
        for line_number, line in enumerate(results, 1):
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"{path}:{line_number}: not JSON: {error}")
            if record.get("type") == "meta" and meta is None:
                meta = record
            elif record.get("type") == "run":
                runs.append(record)
    return meta or {}, runs


def header(meta, runs):
    lines = ["## Results", ""]
    lines.append(f"- Command: `{meta.get('command', '?')}`")
    lines.append(f"- Date: {meta.get('date', '?')}; commit `{meta.get('gitCommit', '?')}`")
    lines.append(f"- Machine: `nproc` {meta.get('nproc', '?')}, CPU {meta.get('cpuModel', '?')}, "
                 f"Linux {meta.get('kernel', '?')}; load average at start {meta.get('loadAverageAtStart', '?')}")
    lines.append(f"- Java: {meta.get('java', '?')}; Node: {meta.get('node', '?')}; JVM flags `{meta.get('jvmFlags', '?')}`")
    repeats = meta.get("repeat", "?")
    lines.append(f"- Runs: warm-up {meta.get('warmupSeconds', '?')} s, measured {meta.get('durationSeconds', '?')} s, "
                 f"{repeats} repeat(s){' (--quick)' if meta.get('quick') else ''}; server on CPU "
                 f"{meta.get('serverCpu', '?')}, load generator on CPU {meta.get('clientCpu', '?')}; "
                 f"gateway `server.instances` {meta.get('instances', '?')}")
    noisy = [r for r in runs if (r.get("window") or {}).get("loadAverage1m", 0) > (meta.get("nproc") or 1)]
    if noisy:
        lines.append(f"- **Noisy:** {len(noisy)} of {len(runs)} runs ended with a 1-minute load average above "
                     f"the core count: other work competed for the CPU.")
    lines += ["", "Each cell: median over repeats (min–max), and below it the ratio to Vert.x's built-in "
              "WebSocket server in the same repeat (median, min–max of the per-repeat ratios). Rates: higher is "
              "better; latency, loss and memory: lower is better. \"client-bound\" counts runs where the load "
              "generator used ≥ 90 % of its core: there the figure is a client limit.", ""]
    return lines


def describe(run):
    params = run.get("params") or {}
    mode = run.get("mode")
    if mode == "echo":
        return (f"{params.get('connections')} conn × {params.get('in-flight')} in flight × "
                f"{params.get('size')} B {params.get('type')}")
    if mode == "broadcast":
        how = f"{params.get('rate'):g} msg/s" if params.get("rate") else f"closed loop, window {params.get('window')}"
        return f"{params.get('receivers')} receivers × {params.get('size')} B {params.get('type')}, {how}"
    if mode == "rooms":
        how = f"{params.get('rate'):g} msg/s per publisher" if params.get("rate") else f"window {params.get('window')}"
        return (f"{params.get('rooms')} rooms × {params.get('members')} members, {params.get('publishers')} "
                f"publisher(s) each, {params.get('size')} B, {how}")
    if mode == "connect":
        return (f"{params.get('connections')} connections, {params.get('connect-parallelism')} in parallel, "
                f"{params.get('source-addresses')} source addresses")
    return ""


def table(mode, runs):
    columns = FIGURES[mode] + CPU_COLUMNS
    lines = [f"### {mode}", "",
             "| scenario | peer | " + " | ".join(title for title, _ in columns) + " | runs |",
             "|---|---|" + "---:|" * len(columns) + "---|"]
    scenarios = sorted({r["scenario"] for r in runs}, key=lambda s: min(i for i, r in enumerate(runs) if r["scenario"] == s))
    for scenario in scenarios:
        of_scenario = [r for r in runs if r["scenario"] == scenario]
        reference = {r.get("repeat"): r for r in of_scenario if r.get("peer") == REFERENCE_PEER}
        peers = sorted({r.get("peer") for r in of_scenario},
                       key=lambda p: PEER_ORDER.index(p) if p in PEER_ORDER else len(PEER_ORDER))
        for peer in peers:
            mine = [r for r in of_scenario if r.get("peer") == peer]
            cells = []
            for _, extract in columns:
                raw = spread([extract(r) for r in mine], number)
                ratios = []
                for r in mine:
                    base = reference.get(r.get("repeat"))
                    value, base_value = extract(r), extract(base) if base else None
                    if value is not None and base_value not in (None, 0) and base_value > 0 and value >= 0:
                        ratios.append(value / base_value)
                cells.append(raw + ("<br>" + spread(ratios, ratio) if ratios else ""))
            ok = sum(1 for r in mine if r.get("ok"))
            bound = sum(1 for r in mine if (r.get("window") or {}).get("clientBound"))
            status = f"{ok}/{len(mine)} ok" + (f", client-bound {bound}/{len(mine)}" if bound else "")
            label = f"{scenario}<br><sub>{describe(mine[0])}</sub>"
            lines.append(f"| {label} | {PEER_NAMES.get(peer, peer)} | " + " | ".join(cells) + f" | {status} |")
    lines.append("")
    return lines


def failures(runs):
    failed = [r for r in runs if not r.get("ok")]
    if not failed:
        return []
    lines = ["### Failed runs", "", "Figures of failed runs are still in the tables above; treat them as suspect.", ""]
    for r in failed:
        errors = {k: v for k, v in (r.get("errors") or {}).items() if k != "firstErrors" and v}
        first = (r.get("errors") or {}).get("firstErrors", {})
        lines.append(f"- {r.get('scenario')} on {r.get('peer')}, repeat {r.get('repeat')}: errors {errors}, "
                     f"lost {r.get('lost')}; first: {first}")
    lines.append("")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="a bench/results/*.jsonl file")
    args = parser.parse_args()
    meta, runs = load(args.results)
    if not runs:
        sys.exit(f"{args.results}: no runs")
    out = header(meta, runs)
    modes = sorted({r.get("mode") for r in runs}, key=lambda m: MODE_ORDER.index(m) if m in MODE_ORDER else 99)
    for mode in modes:
        if mode in FIGURES:
            out += table(mode, [r for r in runs if r.get("mode") == mode])
    out += failures(runs)
    print("\n".join(out))


if __name__ == "__main__":
    main()
