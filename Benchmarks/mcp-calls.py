"""Time from `tools/call` to its answer in `pbitui mcp`, as an assistant sees it (the official Python MCP SDK).

Usage: python3 Benchmarks/mcp-calls.py PBITUI_BINARY [--runs 7] [--workspaces 10000]

Starts `pbitui simulator --workspaces N` (plain http on loopback), then one `pbitui mcp` signed in to it as the
demo's service principal (the secret in the environment), and times, --runs times each after one warm-up call:
- list_workspaces {top: 1000} over N workspaces (the whole list is read from the service each call; the answer
  is the first 1,000 and `truncated`),
- run_dax {max_rows: 10000} of `EVALUATE GENERATESERIES(1, 10000)` (10,000 rows through executeQueries),
- whoami (the floor: no request to the service).
Prints the median and the spread of each, and the server's peak RSS from /proc at the end.
"""
import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def measure(binary, info, runs, workspaces):
    environment = {**os.environ, "AZURE_CLIENT_SECRET": info["confidentialClient"]["clientSecret"],
                   "XDG_STATE_HOME": tempfile.mkdtemp(), "XDG_CACHE_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": tempfile.mkdtemp()}
    connection = ["--authority-host", info["authorityHost"], "--api-root", info["apiRoot"], "--tenant", info["tenantId"],
                  "--client-id", info["confidentialClient"]["clientId"]]
    parameters = StdioServerParameters(command=binary, args=["mcp"] + connection, env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = await session.call_tool("list_workspaces", {"top": 1})
            sales = listed.structured_content["workspaces"][0]["id"]
            datasets = await session.call_tool("list_items", {"workspace": sales, "kind": "datasets"})
            dataset = datasets.structured_content["items"][0]["id"]
            calls = {
                "list_workspaces top 1000 of %d" % workspaces: ("list_workspaces", {"top": 1000},
                                                                 lambda r: len(r["workspaces"]) == min(1000, workspaces)),
                "run_dax 10,000 rows": ("run_dax", {"workspace": sales, "dataset": dataset, "query": "EVALUATE GENERATESERIES(1, 10000)",
                                                    "max_rows": 10000}, lambda r: len(r["rows"]) == 10000),
                "whoami": ("whoami", {}, lambda r: r["kind"] == "app"),
            }
            results = {}
            for label, (tool, arguments, valid) in calls.items():
                await session.call_tool(tool, arguments)
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    answer = await session.call_tool(tool, arguments)
                    times.append((time.perf_counter() - start) * 1000)
                    if answer.is_error or not valid(answer.structured_content):
                        sys.exit("%s: unexpected answer %s" % (label, answer.content[0].text[:200]))
                results[label] = times
            server = [p for p in os.listdir("/proc") if p.isdigit() and _is_server(p, binary)]
            peak = max((_peak_kb(p) for p in server), default=0)
    for label, times in results.items():
        print("%-36s median %8.1f ms   min %8.1f   max %8.1f   (%d runs)" % (label, statistics.median(times), min(times), max(times), runs))
    print("pbitui mcp peak RSS: %.1f MB" % (peak / 1024))


def _is_server(pid, binary):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as handle:
            words = handle.read().split(b"\0")
        return words[0].decode().endswith(os.path.basename(binary)) and len(words) > 1 and words[1] == b"mcp"
    except OSError:
        return False


def _peak_kb(pid):
    try:
        with open("/proc/%s/status" % pid) as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workspaces", type=int, default=10000)
    args = parser.parse_args()
    simulator = subprocess.Popen([args.binary, "simulator", "--workspaces", str(args.workspaces)], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(simulator.stdout.readline())
        asyncio.run(measure(os.path.abspath(args.binary), info, args.runs, args.workspaces))
    finally:
        simulator.terminate()
        simulator.wait()


if __name__ == "__main__":
    main()
