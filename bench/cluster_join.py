#!/usr/bin/env python3
"""Cluster join/leave benchmark (docs/cluster.md): does a node taking 10,000 connections that
join rooms slow the rest of the cluster down, and what does it cost in memory?

Starts N clustered gateway nodes on 127.0.0.1 (cluster mode, the default rooms options), then:
  1. canary alone: a small rooms load on node 2 (10 rooms x 10 members, paced publishes);
     its latency is the baseline;
  2. the same canary again while node 1 takes C connections spread over 127.0.0.x source
     addresses, each joining one of R rooms (owned by every node, so joins cross the cluster),
     holds them, then closes them all;
  3. reports the storm's connect+join and close times, node 1's heap after a full GC and RSS
     before and with the connections, the canary's latency in both phases, and that every
     room and presence entry is gone afterwards.

  bench/cluster_join.py [--connections 10000] [--rooms 1000] [--nodes 2] [--no-build]

Loopback only. Needs the fat jar and the load generator (built unless --no-build) and jcmd.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GATEWAY_JAR = os.path.join(ROOT, "gateway", "target", "wsgate.jar")
LOADGEN_JAR = os.path.join(ROOT, "bench", "loadgen", "target", "loadgen.jar")
JVM = ["java", "-Xms1g", "-Xmx1g", "-XX:+UseG1GC"]
BASE_PORT = 18400


def log(message):
    print(message, flush=True)


def metrics(node):
    with urllib.request.urlopen(f"http://127.0.0.1:{node['management']}/metrics", timeout=30) as response:
        return response.read().decode()


def series_sum(text, name, labels=""):
    total = 0.0
    for match in re.finditer(r"(?m)^" + re.escape(name) + r"\{([^}]*)\} ([0-9.eE+-]+)$", text):
        if labels in match.group(1):
            total += float(match.group(2))
    return total


def wait(condition, what, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"cluster_join: not within {timeout} s: {what}")


def heap_after_gc(node):
    subprocess.run(["jcmd", str(node["process"].pid), "GC.run"], check=True, capture_output=True)
    time.sleep(1)
    return series_sum(metrics(node), "jvm_memory_used_bytes", 'area="heap"')


def rss(node):
    with open(f"/proc/{node['process'].pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def start_nodes(count, workdir):
    config = os.path.join(workdir, "cluster.yaml")
    members = ",".join(f"127.0.0.1:{BASE_PORT + 10 * i + 2}" for i in range(count))
    with open(config, "w") as out:
        out.write("cluster:\n  enabled: true\n  name: wsgate-bench-%d\n  host: 127.0.0.1\n"
                  "routes:\n  - path: /rooms\n    router: rooms\n"
                  "    options: {maxRoomsPerConnection: 256}\n" % os.getpid())
    nodes = []
    for i in range(count):
        env = dict(os.environ,
                   WSGATE_HOST="127.0.0.1",
                   WSGATE_PORT=str(BASE_PORT + 10 * i),
                   WSGATE_MANAGEMENT_PORT=str(BASE_PORT + 10 * i + 1),
                   WSGATE_CLUSTER_PORT=str(BASE_PORT + 10 * i + 2),
                   WSGATE_CLUSTER_MEMBERS=members,
                   WSGATE_DRAIN_DELAY_MS="0")
        logfile = open(os.path.join(workdir, f"node{i + 1}.log"), "w")
        process = subprocess.Popen(JVM + ["-jar", GATEWAY_JAR, "--config", config], env=env,
                                   stdout=logfile, stderr=subprocess.STDOUT)
        nodes.append({"process": process, "port": BASE_PORT + 10 * i, "management": BASE_PORT + 10 * i + 1,
                      "log": logfile.name})
    for node in nodes:
        wait(lambda: series_sum(metrics(node), "wsgate_rooms_nodes", 'route="rooms"') == count,
             f"node on {node['port']} sees {count} rooms nodes (log {node['log']})", 120)
    return nodes


def loadgen(args, out):
    command = ["java", "-Xmx2g", "-jar", LOADGEN_JAR] + args + ["--out", out]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def result(process, out, what):
    output = process.communicate()[0]
    if process.returncode != 0:
        sys.exit(f"cluster_join: {what} failed:\n{output}")
    with open(out) as lines:
        runs = [json.loads(line) for line in lines if line.strip()]
    return runs[-1]


def canary(node, out, seconds):
    return loadgen(["rooms", "--port", str(node["port"]), "--rooms", "10", "--members", "10", "--publishers", "1",
                    "--rate", "20", "--size", "64", "--warmup", "2", "--duration", str(seconds),
                    "--user-prefix", "canary-u", "--room-prefix", "canary-r", "--scenario", "canary"], out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--rooms", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--hold", type=int, default=20, help="seconds the storm's connections stay open")
    parser.add_argument("--no-build", action="store_true")
    options = parser.parse_args()
    if options.connections % options.rooms:
        sys.exit("cluster_join: --connections must be a multiple of --rooms")
    if not options.no_build:
        subprocess.run(["mvn", "-B", "-q", "install", "-DskipTests"], cwd=ROOT, check=True)
    workdir = tempfile.mkdtemp(prefix="wsgate-cluster-join-")
    log(f"logs and raw results in {workdir}")
    nodes = start_nodes(options.nodes, workdir)
    storm_node, canary_node = nodes[0], nodes[1]
    try:
        heap_before, rss_before = heap_after_gc(storm_node), rss(storm_node)
        log("phase 1: canary alone on node 2")
        alone = result(canary(canary_node, os.path.join(workdir, "canary-alone.jsonl"), options.hold),
                       os.path.join(workdir, "canary-alone.jsonl"), "canary alone")

        log(f"phase 2: canary on node 2 while node 1 takes {options.connections} connections in {options.rooms} rooms")
        members = options.connections // options.rooms
        storm_out = os.path.join(workdir, "storm.jsonl")
        storm = loadgen(["rooms", "--port", str(storm_node["port"]), "--rooms", str(options.rooms),
                         "--members", str(members), "--publishers", "1", "--rate", "1", "--size", "64",
                         "--warmup", "1", "--duration", str(options.hold), "--source-addresses", "20",
                         "--connect-parallelism", "200", "--user-prefix", "storm-u", "--room-prefix", "storm-r",
                         "--scenario", "storm"], storm_out)
        time.sleep(1)
        during_out = os.path.join(workdir, "canary-during.jsonl")
        during_process = canary(canary_node, during_out, options.hold)
        # Everyone joined when the owners, together, count every storm user in a room.
        wait(lambda: sum(series_sum(metrics(n), "wsgate_rooms_members", 'route="rooms"') for n in nodes)
             >= options.connections + 100, "every storm (and canary) connection in its room", 180)
        heap_with, rss_with = heap_after_gc(storm_node), rss(storm_node)
        owned = [series_sum(metrics(n), "wsgate_rooms_open", 'route="rooms"') for n in nodes]
        during = result(during_process, during_out, "canary during the storm")
        stormed = result(storm, storm_out, "storm")
        wait(lambda: sum(series_sum(metrics(n), "wsgate_rooms_members", 'route="rooms"') for n in nodes) == 0,
             "every room empty again after the storm closed", 60)
        heap_after = heap_after_gc(storm_node)
    finally:
        for node in nodes:
            node["process"].terminate()
        for node in nodes:
            node["process"].wait(30)

    figures = stormed["figures"]
    per_connection = (heap_with - heap_before) / options.connections
    rss_per_connection = (rss_with - rss_before) / options.connections
    log("")
    log(f"| nodes | connections on node 1 | rooms | connect + join all | close all | heap after GC per connection | RSS per connection |")
    log(f"|---|---|---|---|---|---|---|")
    log(f"| {options.nodes} | {figures['connections']} | {options.rooms} (owned per node: {', '.join('%d' % o for o in owned)}) "
        f"| {figures['setupMs'] / 1000:.1f} s | {figures['closeMs'] / 1000:.1f} s | {per_connection / 1024:.1f} KiB "
        f"| {rss_per_connection / 1024:.1f} KiB |")
    log("")
    log("| canary on node 2 (10 rooms x 10, 20 publishes/s per room) | p50 | p99 | lost |")
    log("|---|---|---|---|")
    for label, run in (("alone", alone), ("while node 1 takes the storm", during)):
        log(f"| {label} | {run['latency']['p50']:.0f} us | {run['latency']['p99']:.0f} us | {run['lost']} |")
    log("")
    log(f"node 1 heap after GC: {heap_before / 2**20:.0f} MiB before, {heap_with / 2**20:.0f} MiB with the "
        f"connections, {heap_after / 2**20:.0f} MiB after they closed; storm lost {stormed['lost']} messages")


if __name__ == "__main__":
    main()
