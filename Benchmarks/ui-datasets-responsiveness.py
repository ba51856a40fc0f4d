"""The UI stays responsive while `:datasets` loads the datasets of many workspaces (issue #5).

Usage: python3 Benchmarks/ui-datasets-responsiveness.py PBITUI_BINARY [--workspaces 200] [--samples 10]

Starts `pbitui simulator --workspaces N --faults slow:0.1` (1 in 10 answers takes 2 s, so the load lasts a
while), runs the UI in tmux against it, types `:datasets`, and while the view still says "answered",
measures how long a keypress (`:`, which opens the command line) takes to show on screen, polling
capture-pane every 2 ms. Reports the load time and the median and worst key latency.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from tmux_driver import key_latencies, tmux, wait_for


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--workspaces", type=int, default=200)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    simulator = subprocess.Popen([args.binary, "simulator", "--workspaces", str(args.workspaces), "--items", "20",
                                  "--faults", "slow:0.1"], stdout=subprocess.PIPE, text=True)
    socket = f"pbitui-bench-{os.getpid()}"
    try:
        info = json.loads(simulator.stdout.readline())
        env = (f"AZURE_CLIENT_SECRET={info['confidentialClient']['clientSecret']} XDG_CACHE_HOME={tempfile.mkdtemp()} "
               f"XDG_CONFIG_HOME={tempfile.mkdtemp()} TERM=tmux-256color LANG=C.UTF-8")
        command = (f"env {env} {args.binary} --authority-host {info['authorityHost']} --api-root {info['apiRoot']} "
                   f"--tenant {info['tenantId']} --client-id {info['confidentialClient']['clientId']}")
        tmux(socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", command)
        wait_for(socket, lambda text: "Workspaces (" in text and "loading" not in text)
        tmux(socket, "send-keys", "-t", "b", ":datasets", "Enter")
        started = time.perf_counter()
        wait_for(socket, lambda text: "answered" in text, timeout=30)
        latencies = key_latencies(socket, lambda text: "answered" in text, args.samples)
        _, final = wait_for(socket, lambda text: "All datasets" in text and "answered" not in text, timeout=300)
        load = time.perf_counter() - started
        title = next(line for line in final.splitlines() if line.strip().startswith("All datasets"))
        print(f"{args.workspaces} workspaces: {title.strip()} in {load:.1f} s")
        if latencies:
            print(f"key latency while loading ({len(latencies)} samples, tmux round trip included): "
                  f"median {statistics.median(latencies):.0f} ms, worst {max(latencies):.0f} ms")
        else:
            print("the load ended before a key could be sampled; raise --workspaces")
        return 0
    finally:
        tmux(socket, "kill-server")
        simulator.terminate()
        simulator.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
