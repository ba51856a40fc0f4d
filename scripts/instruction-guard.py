#!/usr/bin/env python3
"""Catches a slowdown of the command line's JSON work without timing anything: valgrind counts the
instructions that `pbitui-workcount` spends per object, and this compares them with the budget committed in
Benchmarks/instruction-budget.json. Instruction counts do not depend on the machine's speed or load, so the
check cannot flake; a change that doubles the work per object fails it.

Usage: scripts/instruction-guard.py [--binary .build/debug/pbitui-workcount] [--record]

--record writes the measured counts as the new budget (after a change that is meant to cost more or less;
say why in the commit). The budget belongs to the build it was recorded with (debug, as `swift test`
builds it, with the toolchain CI uses).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUDGET = os.path.join(ROOT, "Benchmarks", "instruction-budget.json")
WORKLOADS = ["passthrough", "parse"]


def count(binary, mode, objects):
    """Instructions of one run, as callgrind's summary line says."""
    # Swift seeds its hashing at random per process; fixed, the count is the same from run to run.
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, mode, str(objects)],
                            capture_output=True, text=True, timeout=600, env=env)
    if result.returncode != 0:
        sys.exit(f"instruction-guard: {mode} {objects} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    match = re.search(r"Collected\s*:\s*(\d+)", result.stderr)
    if not match:
        sys.exit(f"instruction-guard: no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "pbitui-workcount"))
    parser.add_argument("--objects", type=int, default=None)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instruction-guard: valgrind is not installed (apt-get install valgrind)")
    budget = json.load(open(BUDGET)) if os.path.exists(BUDGET) else {}
    objects = args.objects or budget.get("objects", 2000)
    with tempfile.TemporaryDirectory() as folder:
        # valgrind 3.19 cannot read the DWARF 5 debug information of Swift 6 builds: count a copy without it.
        binary = os.path.join(folder, "pbitui-workcount")
        subprocess.run(["objcopy", "--strip-debug", args.binary, binary], check=True)
        base = count(binary, "generate", objects)
        measured = {mode: (count(binary, mode, objects) - base) / objects for mode in WORKLOADS}
    if args.record:
        budget = {"objects": objects, "build": "debug", "limitFactor": 1.5,
                  "perObject": {mode: round(value) for mode, value in measured.items()}}
        with open(BUDGET + ".tmp", "w") as handle:
            json.dump(budget, handle, indent=2)
            handle.write("\n")
        os.replace(BUDGET + ".tmp", BUDGET)
        print("instruction-guard: recorded " + ", ".join(f"{m} {round(v)}/object" for m, v in measured.items()))
        return 0
    factor = budget.get("limitFactor", 1.5)
    failed = False
    for mode, value in measured.items():
        allowed = budget["perObject"][mode]
        verdict = "ok" if value <= allowed * factor else "OVER BUDGET"
        failed |= verdict != "ok"
        print(f"instruction-guard: {mode}: {value:,.0f} instructions per object (budget {allowed:,}, limit ×{factor}): {verdict}")
        if value < allowed / factor:
            print(f"instruction-guard: {mode} is much cheaper than its budget; record the new figure with --record")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
