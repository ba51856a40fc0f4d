"""Load: the UI stays responsive (issue #8).

Usage: python3 Benchmarks/load.py PBITUI_BINARY [--samples 20]

1. 10,000 workspaces load (the simulator answers one in three requests after 2 s) while a filter is typed:
   the latency of every keystroke (from send-keys to the character on screen, tmux's round trip included),
   during the load and then over the 10,000 loaded rows.
2. 20 refreshes followed at once (`:datasets`, `r`, `y` on 20 refreshable rows; each refresh runs 20 s and
   is polled every 2 s): the latency of a key while all 20 are followed, and whether every row ends in its
   final state.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from tmux_driver import key_latencies, screen, tmux, wait_for


def start(binary, socket, simulator_args):
    simulator = subprocess.Popen([binary, "simulator", *simulator_args], stdout=subprocess.PIPE, text=True)
    info = json.loads(simulator.stdout.readline())
    env = (f"AZURE_CLIENT_SECRET={info['confidentialClient']['clientSecret']} XDG_CACHE_HOME={tempfile.mkdtemp()} "
           f"XDG_CONFIG_HOME={tempfile.mkdtemp()} XDG_STATE_HOME={tempfile.mkdtemp()} TERM=tmux-256color LANG=C.UTF-8 NO_COLOR=")
    command = (f"env {env} {binary} --authority-host {info['authorityHost']} --api-root {info['apiRoot']} "
               f"--tenant {info['tenantId']} --client-id {info['confidentialClient']['clientId']}")
    tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", command)
    return simulator


def summary(name, values):
    if not values:
        return f"{name}: no samples"
    values = sorted(values)
    return (f"{name}: {len(values)} keys, median {statistics.median(values):.0f} ms, "
            f"p90 {values[int(len(values) * 0.9) - 1]:.0f} ms, worst {values[-1]:.0f} ms")


def typing(socket, text, prefix=""):
    """Types text into the open filter one key at a time; the latency of each until it shows."""
    latencies = []
    for index, char in enumerate(text):
        shown = "/" + prefix + text[: index + 1] + "▏"
        sent = time.perf_counter()
        tmux(socket, "send-keys", "-t", "b", "-l", char)
        wait_for(socket, lambda screen_text: shown in screen_text, timeout=10)
        latencies.append((time.perf_counter() - sent) * 1000)
    return latencies


def workspaces_while_filtering(binary, samples):
    socket = f"pbitui-load-{os.getpid()}-a"
    simulator = start(binary, socket, ["--workspaces", "10000", "--faults", "slow:0.34"])
    try:
        wait_for(socket, lambda text: "Workspaces" in text)
        started = time.perf_counter()
        tmux(socket, "send-keys", "-t", "b", "/")
        during = []
        typed = ""
        # Type, delete, type again while the list loads.
        while "loading" in screen(socket) and len(during) < samples:
            during += typing(socket, "sales", typed)
            typed += "sales"
            for _ in range(5):
                tmux(socket, "send-keys", "-t", "b", "BSpace")
                typed = typed[:-1]
            wait_for(socket, lambda text: "/" + typed + "▏" in text, timeout=10)
        _, final = wait_for(socket, lambda text: "Workspaces (" in text and "loading" not in text, timeout=120)
        load = time.perf_counter() - started
        after = typing(socket, "emea analytics 1"[: max(1, min(16, samples))], typed)
        title = next((line.strip() for line in screen(socket).splitlines() if line.strip().startswith("Workspaces (")), "?")
        print(f"10,000 workspaces loaded in {load:.1f} s (one request in three slowed by 2 s)")
        print(summary("  filter keystrokes while loading", during))
        print(summary("  filter keystrokes over the 10,000 loaded rows", after))
        print(f"  last title: {title}")
    finally:
        tmux(socket, "kill-server")
        simulator.terminate()
        simulator.wait(timeout=10)


def twenty_refreshes(binary, samples):
    socket = f"pbitui-load-{os.getpid()}-b"
    simulator = start(binary, socket, ["--refresh-seconds", "20"])
    try:
        wait_for(socket, lambda text: "Workspaces (" in text and "loading" not in text)
        tmux(socket, "send-keys", "-t", "b", ":datasets", "Enter")
        wait_for(socket, lambda text: "All datasets" in text and "answered" not in text, timeout=60)
        confirmed = 0
        rows = 0
        while confirmed < 20 and rows < 70:
            tmux(socket, "send-keys", "-t", "b", "r")
            time.sleep(0.05)
            if "Refresh dataset?" in screen(socket):
                tmux(socket, "send-keys", "-t", "b", "y")
                wait_for(socket, lambda text: "Refresh dataset?" not in text, timeout=5)
                confirmed += 1
            tmux(socket, "send-keys", "-t", "b", "j")
            rows += 1
        wait_for(socket, lambda text: text.count("Unknown (running)") >= 10, timeout=30)
        latencies = key_latencies(socket, lambda text: "Unknown (running)" in text, samples)
        # Then every row must end: Completed or Failed with its code, none still running.
        tmux(socket, "send-keys", "-t", "b", "g")
        _, text = wait_for(socket, lambda text: "Unknown (running)" not in text and "Accepted" not in text, timeout=90)
        done = text.count("Completed") + text.count("Failed: ")
        print(f"20 refreshes followed at once: {confirmed} confirmed, {done} rows on screen in a final state")
        print(summary("  key latency while all are followed", latencies))
    finally:
        tmux(socket, "kill-server")
        simulator.terminate()
        simulator.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    workspaces_while_filtering(args.binary, args.samples)
    twenty_refreshes(args.binary, args.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
