"""`:pulses` over a tenant of many workspaces: first rows, the bound on requests in flight, and keys while
it loads and while it reloads.

Usage: python3 Benchmarks/ui-pulses-responsiveness.py PBITUI_BINARY [--workspaces 10000] [--samples 10]

Starts `pbitui simulator --workspaces N --schedule-seconds 0` (a still tenant, so that two loads read the same
thing), runs the UI in tmux against it as the confidential client (an administrator: the admin API's
refreshables come first, then every workspace is read for its dataflows and shared-capacity datasets), types
`:pulses`, and measures: how long until the first rows are on screen; how long a keypress (`:`, which opens
the command line) takes to show while it loads, polling capture-pane every 2 ms; the whole load; then the
same keys while `Ctrl-R` reloads. Then it reads the simulator's counts: Power BI requests answered and the
most answered at once (pbitui's bound is four).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from tmux_driver import key_latencies, tmux, wait_for


def describe(latencies):
    if not latencies:
        return "no sample (the load ended first)"
    return f"{len(latencies)} samples, median {statistics.median(latencies):.0f} ms, worst {max(latencies):.0f} ms (tmux round trip included)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--workspaces", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    simulator = subprocess.Popen([args.binary, "simulator", "--workspaces", str(args.workspaces), "--schedule-seconds", "0"],
                                 stdout=subprocess.PIPE, text=True)
    socket = f"pbitui-pulses-{os.getpid()}"
    try:
        info = json.loads(simulator.stdout.readline())
        env = (f"AZURE_CLIENT_SECRET={info['confidentialClient']['clientSecret']} XDG_CACHE_HOME={tempfile.mkdtemp()} "
               f"XDG_CONFIG_HOME={tempfile.mkdtemp()} XDG_STATE_HOME={tempfile.mkdtemp()} TERM=tmux-256color LANG=C.UTF-8")
        command = (f"env {env} {args.binary} --authority-host {info['authorityHost']} --api-root {info['apiRoot']} "
                   f"--tenant {info['tenantId']} --client-id {info['confidentialClient']['clientId']}")
        tmux(socket, "new-session", "-d", "-s", "b", "-x", "160", "-y", "40", command)
        wait_for(socket, lambda text: "Workspaces (" in text and "loading" not in text, timeout=120)
        before = json.load(urllib.request.urlopen(info["apiRoot"] + "/_simulator/stats"))["powerBIRequests"]
        tmux(socket, "send-keys", "-t", "b", ":pulses", "Enter")
        started = time.perf_counter()
        wait_for(socket, lambda text: re.search(r"Pulses \([1-9]", text) is not None, timeout=60)
        first_rows = time.perf_counter() - started
        loading = key_latencies(socket, lambda text: " loading" in text, args.samples, pause=0.2)
        _, final = wait_for(socket, lambda text: "refreshables," in text and " loading" not in text, timeout=1800)
        load = time.perf_counter() - started
        title = next(line for line in final.splitlines() if line.strip().startswith("Pulses ("))
        stats = json.load(urllib.request.urlopen(info["apiRoot"] + "/_simulator/stats"))
        requests = stats["powerBIRequests"] - before
        reload_started = time.perf_counter()
        tmux(socket, "send-keys", "-t", "b", "C-r")
        wait_for(socket, lambda text: "reloading" in text, timeout=30)
        reloading = key_latencies(socket, lambda text: "reloading" in text, args.samples, pause=0.2)
        wait_for(socket, lambda text: "reloading" not in text, timeout=1800)
        reload = time.perf_counter() - reload_started
        stats = json.load(urllib.request.urlopen(info["apiRoot"] + "/_simulator/stats"))
        print(f"{args.workspaces} workspaces: {title.strip()}")
        print(f"first rows on screen: {first_rows * 1000:.0f} ms; whole load {load:.1f} s ({requests} Power BI requests); reload {reload:.1f} s")
        print(f"key latency while loading: {describe(loading)}")
        print(f"key latency while reloading: {describe(reloading)}")
        print(f"most Power BI requests answered at once: {stats['powerBIPeakInFlight']}")
        return 0
    finally:
        tmux(socket, "kill-server")
        simulator.terminate()
        simulator.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
