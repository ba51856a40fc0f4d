#!/usr/bin/env python3
"""Simulator scale benchmark (issue #3): time to listen and peak memory with a large generated tenant, and
the time to page through every workspace with `pbitui ls workspaces --output json`.

Usage: Benchmarks/simulator-scale.py [BINARY] [--workspaces N] [--items M] [--runs R]
Prints one line per run and the medians. Figures go in docs/BENCHMARKS.md.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import time


def peak_rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_once(binary: str, workspaces: int, items: int):
    start = time.monotonic()
    simulator = subprocess.Popen([binary, "simulator", "--workspaces", str(workspaces), "--items", str(items)],
                                 stdout=subprocess.PIPE, text=True)
    info = json.loads(simulator.stdout.readline())
    ready = time.monotonic() - start
    env = dict(os.environ, AZURE_CLIENT_SECRET=info["confidentialClient"]["clientSecret"])
    listing_start = time.monotonic()
    listing = subprocess.run([binary, "ls", "workspaces", "--output", "json", "--authority-host", info["authorityHost"],
                              "--api-root", info["apiRoot"], "--tenant", info["tenantId"],
                              "--client-id", info["confidentialClient"]["clientId"]],
                             env=env, capture_output=True, text=True, check=True)
    listed = time.monotonic() - listing_start
    count = len(json.loads(listing.stdout))
    rss = peak_rss_mib(simulator.pid)
    simulator.send_signal(signal.SIGINT)
    simulator.wait(timeout=10)
    return ready, rss, listed, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/debug/pbitui")
    parser.add_argument("--workspaces", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [run_once(args.binary, args.workspaces, args.items) for _ in range(args.runs)]
    for ready, rss, listed, count in results:
        print(f"listening after {ready:.2f} s, simulator peak RSS {rss:.0f} MiB, ls of {count} workspaces {listed:.2f} s")
    print(f"median: listening {statistics.median(r[0] for r in results):.2f} s, "
          f"peak RSS {statistics.median(r[1] for r in results):.0f} MiB, ls {statistics.median(r[2] for r in results):.2f} s")


if __name__ == "__main__":
    main()
