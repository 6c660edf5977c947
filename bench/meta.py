#!/usr/bin/env python3
"""Prints the "meta" JSON line that opens a results file: what the numbers were measured on.

Called by bench/run.sh with the run's settings in the environment (COMMAND_LINE, QUICK, ...).
Python 3 standard library only.
"""
import datetime
import json
import os
import platform
import subprocess


def first_line(command):
    """First line of a command's output (stdout or stderr), or None if it cannot run."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else None


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def load_average():
    try:
        with open("/proc/loadavg", encoding="utf-8") as loadavg:
            return [float(value) for value in loadavg.read().split()[:3]]
    except OSError:
        return None


def main():
    env = os.environ
    git = first_line(["git", "rev-parse", "--short", "HEAD"])
    dirty = bool(first_line(["git", "status", "--porcelain"]))
    meta = {
        "type": "meta",
        "schema": 1,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": env.get("COMMAND_LINE"),
        "quick": env.get("QUICK") == "true",
        "repeat": int(env.get("REPEAT", "1")),
        "warmupSeconds": float(env.get("WARMUP", "0")),
        "durationSeconds": float(env.get("DURATION", "0")),
        "instances": int(env.get("INSTANCES", "1")),
        "serverCpu": env.get("SERVER_CPU"),
        "clientCpu": env.get("CLIENT_CPU"),
        "jvmFlags": env.get("JVM_FLAGS"),
        "nproc": os.cpu_count(),
        "cpuModel": cpu_model(),
        "java": first_line(["java", "-version"]),
        "node": first_line(["node", "--version"]),
        "kernel": platform.release(),
        "gitCommit": (git + ("-dirty" if dirty else "")) if git else None,
        "loadAverageAtStart": load_average(),
    }
    print(json.dumps(meta, separators=(",", ":")))


if __name__ == "__main__":
    main()
