"""1,000,000 DAX rows to CSV: pbitui's Arrow engine, its JSON engine (which stops at 100,000 rows), and Python
(requests + pyarrow) doing what pbitui's Arrow engine does, side by side, with each one's peak memory.

Usage: python3 Benchmarks/dax-arrow.py PBITUI_BINARY [--runs 5] [--rows 1000000] [--outputs]

With --outputs, pbitui's Arrow engine also writes the same rows as a table and as JSON (both written in two
passes over the answer, one batch in memory), and the answer's Arrow bytes are counted (`--output arrow`).

Starts `pbitui simulator` once; each client runs --runs times, alternating; the median wall time and the
largest peak RSS (wait4) are printed. Every CSV must hold the rows asked for (the JSON engine's: 100,000).
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


def run(command, env):
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b""))
    return elapsed, usage.ru_maxrss / 1024, lines, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--outputs", action="store_true")
    args = parser.parse_args()
    simulator = subprocess.Popen([args.binary, "simulator"], stdout=subprocess.PIPE, text=True)
    try:
        line = simulator.stdout.readline()
        info = json.loads(line)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            handle.write(line)
            info_path = handle.name
        env = dict(os.environ, AZURE_CLIENT_SECRET=info["confidentialClient"]["clientSecret"], XDG_CACHE_HOME=tempfile.mkdtemp(),
                   XDG_CONFIG_HOME=tempfile.mkdtemp())
        connection = ["--authority-host", info["authorityHost"], "--api-root", info["apiRoot"], "--tenant", info["tenantId"],
                      "--client-id", info["confidentialClient"]["clientId"]]
        listed = json.loads(subprocess.run([args.binary, "ls", "workspaces", "--output", "json"] + connection, env=env, capture_output=True).stdout)
        workspace = next(w["id"] for w in listed if w.get("isOnDedicatedCapacity"))
        datasets = json.loads(subprocess.run([args.binary, "ls", "datasets", "--workspace", workspace, "--output", "json"] + connection,
                                             env=env, capture_output=True).stdout)
        dataset = next(d["id"] for d in datasets if not d.get("isEffectiveIdentityRequired"))
        query = 'EVALUATE ADDCOLUMNS(GENERATESERIES(1, %d), "Label", "Row, ""quoted""")' % args.rows
        dax = [args.binary, "dax", "--workspace", workspace, "--dataset", dataset, query, "--output", "csv"] + connection
        clients = {
            "pbitui --engine arrow": (dax + ["--engine", "arrow"], args.rows + 1),
            "pbitui --engine json (stops at 100,000)": (dax + ["--engine", "json"], 100_001),
            "python requests + pyarrow": ([sys.executable, os.path.join(HERE, "peers", "dax_arrow_pyarrow.py"), info_path, workspace, dataset, query],
                                          args.rows + 1),
        }
        if args.outputs:
            arrow = [a for a in dax if a != "csv" and a != "--output"] + ["--engine", "arrow"]
            clients = {"pbitui --engine arrow --output csv": clients["pbitui --engine arrow"],
                       "pbitui --engine arrow --output table": (arrow + ["--output", "table"], args.rows + 1),
                       "pbitui --engine arrow --output json": (arrow + ["--output", "json"], 1)}
            with tempfile.TemporaryFile() as out:
                subprocess.run(arrow + ["--output", "arrow"], env=env, stdout=out, check=True)
                print("the answer's Arrow bytes: %.1f MiB" % (out.tell() / 1_048_576))
        results = {name: [] for name in clients}
        for _ in range(args.runs):
            for name, (command, lines) in clients.items():
                elapsed, peak, written, status = run(command, env)
                if written != lines:
                    sys.exit("%s wrote %d lines, not %d (exit %d)" % (name, written, lines, status))
                results[name].append((elapsed, peak))
        for name, measured in results.items():
            times = [m[0] for m in measured]
            print("%-42s median %6.3f s  (min %6.3f, max %6.3f)  peak RSS %6.1f MiB" % (name, statistics.median(times), min(times), max(times),
                                                                                       max(m[1] for m in measured)))
    finally:
        simulator.terminate()
        simulator.wait()


if __name__ == "__main__":
    main()
