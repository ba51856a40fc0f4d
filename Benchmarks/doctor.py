"""Time of a full `pbitui doctor` run against the demo tenant.

Usage: python3 Benchmarks/doctor.py PBITUI_BINARY [--runs 7]

Two figures, each the median of --runs runs: `pbitui doctor --demo` as a person types it (the in-process demo
tenant started and signed in to, then every probe), and `pbitui doctor` against a `pbitui simulator` already
running (the secret in the environment; the probes and the sign-in only). Each run must print the eleven checks.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command, env):
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    rows = json.loads(result.stdout) if result.stdout.strip().startswith("[") else []
    if len(rows) != 11:
        sys.exit("%s: %s" % (command[1], result.stderr[:300]))
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "XDG_CACHE_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": tempfile.mkdtemp()}
    demo = [timed([args.binary, "doctor", "--demo", "--output", "json"], env) for _ in range(args.runs)]
    simulator = subprocess.Popen([args.binary, "simulator"], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(simulator.stdout.readline())
        env["AZURE_CLIENT_SECRET"] = info["confidentialClient"]["clientSecret"]
        connection = ["--authority-host", info["authorityHost"], "--api-root", info["apiRoot"], "--tenant", info["tenantId"],
                      "--client-id", info["confidentialClient"]["clientId"]]
        running = [timed([args.binary, "doctor", "--output", "json"] + connection, env) for _ in range(args.runs)]
    finally:
        simulator.terminate()
        simulator.wait()
    for label, times in (("doctor --demo (tenant started in process)", demo), ("doctor against a running simulator", running)):
        print("%-44s median %6.3f s   min %6.3f   max %6.3f   (%d runs)" % (label, statistics.median(times), min(times), max(times), args.runs))


if __name__ == "__main__":
    main()
