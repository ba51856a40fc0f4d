#!/usr/bin/env python3
"""Tenant store benchmark: a full `pbitui scan` of the demo tenant's 10,000-workspace mode (wall time, peak
memory of pbitui, getInfo calls, the simulator's peak of unfinished scans), then `pbitui-bench lineage` over
the store it made (the lineage of 500 items, the :inventory read), then an incremental scan and an activity
download of 7 days.

Usage: Benchmarks/scan.py [--binary .build/release/pbitui] [--bench .build/release/pbitui-bench]
                          [--workspaces 10000] [--runs 1]
Targets (the tenant store issue): the scan under a minute, peak memory under 150 MB, any item's lineage
under 50 ms. Figures go in docs/BENCHMARKS.md with the commit they were measured at.
"""
import argparse
import datetime
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request


def timed(command, env):
    """Runs `command` under /usr/bin/time: (seconds, peak RSS in MiB, stdout, stderr)."""
    start = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M"] + command, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"{command[1]} failed ({result.returncode}): {result.stderr[-2000:]}")
    rss = next(int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("MAXRSS")) / 1024
    return seconds, rss, result.stdout, result.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/pbitui")
    parser.add_argument("--bench", default=".build/release/pbitui-bench")
    parser.add_argument("--workspaces", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    for run in range(args.runs):
        simulator = subprocess.Popen([args.binary, "simulator", "--workspaces", str(args.workspaces), "--activity-budget", "100000"],
                                     stdout=subprocess.PIPE, text=True)
        try:
            info = json.loads(simulator.stdout.readline())
            env = dict(os.environ, AZURE_CLIENT_SECRET=info["confidentialClient"]["clientSecret"])
            connection = ["--authority-host", info["authorityHost"], "--api-root", info["apiRoot"], "--tenant", info["tenantId"],
                          "--client-id", info["confidentialClient"]["clientId"]]
            folder = tempfile.mkdtemp(prefix="pbitui-scan-bench-")
            store = os.path.join(folder, "tenant.sqlite")
            seconds, rss, out, _ = timed([args.binary, "scan", "--full", "--lineage", "--datasource-details", "--users",
                                          "--store", store] + connection, env)
            stats = json.load(urllib.request.urlopen(info["apiRoot"] + "/_simulator/stats"))
            print(f"run {run + 1}: full scan of {args.workspaces} workspaces: {seconds:.1f} s, peak {rss:.0f} MiB, "
                  f"{stats['getInfoCalls']} getInfo calls, at most {stats['peakConcurrentScans']} scans unfinished at once; {out.strip()}")
            size = os.path.getsize(store) / (1 << 20)
            print(f"  store: {size:.0f} MiB")
            bench = subprocess.run([args.bench, "lineage", store, "500"], capture_output=True, text=True, check=True)
            print("  " + bench.stdout.strip().replace("\n", "\n  "))
            seconds, rss, out, _ = timed([args.binary, "scan", "--store", store] + connection, env)
            print(f"  incremental scan right after: {seconds:.1f} s, peak {rss:.0f} MiB; {out.strip()}")
            today = datetime.datetime.now(datetime.timezone.utc).date()
            first = (today - datetime.timedelta(days=7)).isoformat()
            last = (today - datetime.timedelta(days=1)).isoformat()
            seconds, rss, out, err = timed([args.binary, "activity", "--from", first, "--to", last, "--summary", "--output", "csv",
                                            "--store", store] + connection, env)
            summary = [line for line in err.strip().splitlines() if line.startswith("pbitui:")]
            print(f"  activity of 7 days: {seconds:.1f} s, peak {rss:.0f} MiB; {summary[-1] if summary else err[-300:]}")
        finally:
            simulator.send_signal(signal.SIGINT)
            simulator.wait()


if __name__ == "__main__":
    main()
