"""pbitui `ls workspaces --output json` against the Python msal + requests peer, in one run.

Usage: python3 Benchmarks/ls-workspaces.py PBITUI_BINARY [--runs 5] [--workspaces 10000] [--items 20]

Starts `pbitui simulator --tls` once, then runs each client --runs times, alternating, and reports the
median wall time, the ratio, and each client's peak RSS (from wait4's rusage). Both print the same
JSON array; the script checks they found the same workspaces.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command, env=None):
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{command[0]} failed: {child.stderr.read().decode()[:500]}")
        out.seek(0)
        ids = {item["id"].lower() for item in json.loads(out.read())}
    return elapsed, usage.ru_maxrss / 1024, ids


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workspaces", type=int, default=10000)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    simulator = subprocess.Popen([args.binary, "simulator", "--tls", "--workspaces", str(args.workspaces), "--items", str(args.items)],
                                 stdout=subprocess.PIPE, text=True)
    try:
        line = simulator.stdout.readline()
        info = json.loads(line)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            handle.write(line)
            info_path = handle.name
        env = dict(os.environ, AZURE_CLIENT_SECRET=info["confidentialClient"]["clientSecret"],
                   XDG_CACHE_HOME=tempfile.mkdtemp(), XDG_CONFIG_HOME=tempfile.mkdtemp())
        for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            env.pop(name, None)
        pbitui = [args.binary, "ls", "workspaces", "--output", "json", "--authority-host", info["authorityHost"],
                  "--api-root", info["apiRoot"], "--tenant", info["tenantId"],
                  "--client-id", info["confidentialClient"]["clientId"], "--ca-file", info["caFile"]]
        python = [sys.executable, os.path.join(HERE, "peers", "ls_workspaces_msal.py"), info_path]
        results = {"pbitui": [], "python msal+requests": []}
        found = {}
        for _ in range(args.runs):
            for name, command in (("pbitui", pbitui), ("python msal+requests", python)):
                elapsed, rss, ids = run(command, env)
                results[name].append((elapsed, rss))
                found[name] = ids
        if found["pbitui"] != found["python msal+requests"]:
            sys.exit("the two clients found different workspaces")
        print(f"{len(found['pbitui'])} workspaces, {args.runs} runs each, alternating")
        print("| client | median wall time | peak RSS (max) |")
        print("|---|---|---|")
        medians = {}
        for name, rows in results.items():
            medians[name] = statistics.median(r[0] for r in rows)
            print(f"| {name} | {medians[name]:.3f} s | {max(r[1] for r in rows):.0f} MiB |")
        print(f"ratio (python / pbitui): {medians['python msal+requests'] / medians['pbitui']:.1f}x")
        return 0
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
