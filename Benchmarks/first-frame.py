#!/usr/bin/env python3
"""First frame of `pbitui --demo`: from process start (the kernel's start time of the process) to the
first full paint, as the app reports it with --startup-report. Runs the binary in tmux N times.

    swift build -c release --product pbitui
    python3 Benchmarks/first-frame.py [--binary .build/release/pbitui] [--runs 15]
"""
import argparse, os, statistics, subprocess, tempfile, time, uuid

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/pbitui")
parser.add_argument("--runs", type=int, default=15)
args = parser.parse_args()
binary = os.path.abspath(args.binary)
samples = []
with tempfile.TemporaryDirectory() as scratch:
    for run in range(args.runs):
        socket = f"pbitui-ff-{uuid.uuid4().hex[:8]}"
        report = os.path.join(scratch, f"report-{run}.txt")
        env = f"env TERM=tmux-256color LANG=C.UTF-8 NO_COLOR= XDG_CONFIG_HOME={scratch}/config XDG_CACHE_HOME={scratch}/cache XDG_STATE_HOME={scratch}/state"
        subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40",
                        f"{env} {binary} --demo --startup-report {report}; sleep 5"], check=True)
        deadline = time.time() + 20
        while time.time() < deadline and not (os.path.exists(report) and os.path.getsize(report) > 0):
            time.sleep(0.02)
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "b", "q"])
        time.sleep(0.2)
        subprocess.run(["tmux", "-L", socket, "kill-server"])
        text = open(report).read().strip() if os.path.exists(report) else ""
        if text.startswith("first_frame_ms=") and text != "first_frame_ms=unknown":
            samples.append(float(text.split("=")[1]))
        time.sleep(0.2)
samples.sort()
print(f"binary: {binary}")
print(f"runs: {len(samples)} of {args.runs}")
if samples:
    print(f"first frame after process start: median {statistics.median(samples):.0f} ms, "
          f"min {samples[0]:.0f} ms, p90 {samples[int(len(samples) * 0.9) - 1 if len(samples) > 1 else 0]:.0f} ms, max {samples[-1]:.0f} ms")
