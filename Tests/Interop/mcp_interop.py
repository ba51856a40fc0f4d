"""The official Python MCP SDK (PyPI `mcp`) against `pbitui mcp --demo`: the handshake, the tool list with its
annotations, and each read tool's answer as the SDK parses it. Run by MCPInteropTests; prints one line per
check and "mcp interop: all checks passed" at the end."""
import asyncio
import json
import os
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


async def main(binary):
    state = tempfile.mkdtemp()
    data = tempfile.mkdtemp()
    environment = {**os.environ, "XDG_STATE_HOME": state, "XDG_DATA_HOME": data, "XDG_CONFIG_HOME": "/nonexistent"}
    # The tenant store that lineage and query_store read: the demo tenant scanned.
    import subprocess
    scan = subprocess.run([binary, "scan", "--demo", "--lineage"], env=environment, capture_output=True, timeout=120)
    check(scan.returncode == 0, "pbitui scan --demo --lineage fills the store")
    parameters = StdioServerParameters(command=binary, args=["mcp", "--demo"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            check(initialized.server_info.name == "pbitui", "the server names itself pbitui")
            check(initialized.protocol_version == "2025-11-25", "protocol 2025-11-25: " + str(initialized.protocol_version))

            tools = (await session.list_tools()).tools
            names = [tool.name for tool in tools]
            expected = ["whoami", "list_workspaces", "list_items", "find", "get_model_schema", "run_dax", "refresh_history",
                        "refresh_health", "lineage", "query_store", "explain_error", "search_operations", "describe_operation"]
            check(names == expected, "the read tools: " + ", ".join(names))
            check(all(tool.annotations and tool.annotations.read_only_hint for tool in tools), "every tool says readOnlyHint")
            try:
                from jsonschema import Draft202012Validator
                for tool in tools:
                    Draft202012Validator.check_schema(tool.inputSchema if hasattr(tool, "inputSchema") else tool.input_schema)
                    schema = getattr(tool, "output_schema", None) or getattr(tool, "outputSchema", None)
                    if schema:
                        Draft202012Validator.check_schema(schema)
                check(True, "every input and output schema is valid JSON Schema")
            except ImportError:
                print("skip the JSON Schema check: jsonschema is not installed")
            except Exception as error:
                check(False, "a schema is not valid JSON Schema: %s" % error)
            together = await asyncio.gather(*[session.call_tool("list_workspaces", {"top": n}) for n in range(1, 6)])
            check([len(r.structured_content["workspaces"]) for r in together] == [1, 2, 3, 4, 5], "five calls at once, each its own answer")

            who = await session.call_tool("whoami", {})
            check(not who.is_error and who.structured_content["kind"] == "app", "whoami: the demo's service principal")
            check("eyJ" not in json.dumps(who.model_dump(mode="json")), "whoami never shows the token")

            listed = await session.call_tool("list_workspaces", {"top": 3})
            workspaces = listed.structured_content["workspaces"]
            check(len(workspaces) == 3 and listed.structured_content["truncated"] is True, "list_workspaces top 3: three and truncated")
            check(json.loads(listed.content[0].text) == listed.structured_content, "the text content is the same JSON")

            found = await session.call_tool("list_workspaces", {"filter": "sales analytics"})
            check(any(w["name"] == "Sales Analytics" for w in found.structured_content["workspaces"]), "a filter without case")

            items = await session.call_tool("list_items", {"workspace": "Sales Analytics", "kind": "datasets"})
            check(not items.is_error and len(items.structured_content["items"]) > 0, "list_items by workspace name")
            by_id = await session.call_tool("list_items", {"workspace": workspaces[0]["id"], "kind": "reports", "top": 1})
            check(not by_id.is_error and len(by_id.structured_content["items"]) <= 1, "list_items by workspace id")

            missing = await session.call_tool("list_items", {"workspace": "No Such Workspace", "kind": "datasets"})
            check(missing.is_error and "No Such Workspace" in missing.content[0].text, "an unknown workspace is a tool error in words")
            bad_kind = await session.call_tool("list_items", {"workspace": "Sales Analytics", "kind": "cubes"})
            check(bad_kind.is_error, "an unknown kind is a tool error")

            datasets = items.structured_content["items"]
            dataset = datasets[0]["name"]
            schema = await session.call_tool("get_model_schema", {"workspace": "Sales Analytics", "dataset": dataset})
            tables = schema.structured_content["tables"] if not schema.is_error else []
            check(len(tables) > 0 and all(t["columns"] for t in tables), "get_model_schema: tables with columns (%s)" % dataset)
            check(isinstance(schema.structured_content.get("relationships"), list), "get_model_schema: relationships")
            table = tables[0]["name"].replace("'", "''") if tables else "x"
            dax = await session.call_tool("run_dax", {"workspace": "Sales Analytics", "dataset": datasets[0]["id"],
                                                      "query": "EVALUATE TOPN(5, '%s')" % table, "max_rows": 2})
            check(not dax.is_error and len(dax.structured_content["rows"]) == 2 and dax.structured_content["truncated"] is True,
                  "run_dax: two rows of five and truncated")
            check(dax.structured_content["engine"] == "json" and set(dax.structured_content["rows"][0]) == set(dax.structured_content["columns"]),
                  "run_dax: rows keyed by column")
            broken = await session.call_tool("run_dax", {"workspace": "Sales Analytics", "dataset": dataset, "query": "EVALUATE\n  FILTER(("})
            check(broken.is_error and "Query (2, " in broken.content[0].text, "a DAX error is a tool error with its line: " + broken.content[0].text[:80])
            history = await session.call_tool("refresh_history", {"workspace": "Sales Analytics", "dataset": dataset, "top": 5})
            check(not history.is_error and len(history.structured_content["refreshes"]) <= 5, "refresh_history")
            failed = [r for r in history.structured_content["refreshes"] if r.get("status") == "Failed"]
            check(all("explanation" in r for r in failed), "each failed refresh is explained")
            health = await session.call_tool("refresh_health", {"since": "7d", "top": 5})
            check(not health.is_error and 0 < len(health.structured_content["pulses"]) <= 5
                  and all("datasetId" in p for p in health.structured_content["pulses"]), "refresh_health: at most five pulses")
            failing = await session.call_tool("refresh_health", {"since": "7d", "failed_only": True})
            check(not failing.is_error and all(p["lastStatus"] == "Failed" or p["failures"] > 0 for p in failing.structured_content["pulses"]),
                  "refresh_health failed_only")
            bad_window = await session.call_tool("refresh_health", {"since": "soon"})
            check(bad_window.is_error and "since" in bad_window.content[0].text, "a window it cannot read is a tool error")
            stored = await session.call_tool("query_store", {"sql": "SELECT kind, id, name FROM item WHERE kind = 'dataset' ORDER BY name", "max_rows": 2})
            check(not stored.is_error and len(stored.structured_content["rows"]) == 2 and stored.structured_content["truncated"] is True,
                  "query_store: two rows and truncated")
            check(stored.structured_content["columns"] == ["kind", "id", "name"], "query_store: the columns in order")
            refused = await session.call_tool("query_store", {"sql": "DELETE FROM item"})
            check(refused.is_error and "readonly" in refused.content[0].text.lower().replace("-", ""), "query_store cannot write: " + refused.content[0].text[:90])
            remaining = await session.call_tool("query_store", {"sql": "SELECT COUNT(*) AS n FROM item"})
            check(not remaining.is_error and remaining.structured_content["rows"][0]["n"] > 0, "and nothing was deleted")
            tree = await session.call_tool("lineage", {"item": stored.structured_content["rows"][0]["id"]})
            check(not tree.is_error and tree.structured_content["item"]["kind"] == "dataset" and "upstream" in tree.structured_content, "lineage of a dataset from the store")
            unknown = await session.call_tool("lineage", {"item": "no such item anywhere"})
            check(unknown.is_error, "lineage of nothing is a tool error")
            found_items = await session.call_tool("find", {"text": "sales"})
            check(not found_items.is_error and any(f["kind"] in ("dataset", "report") for f in found_items.structured_content["found"]), "find")

            explained = await session.call_tool("explain_error", {"code": "DM_GWPipeline_Gateway_MashupDataAccessError"})
            check(explained.structured_content["known"] is True and explained.structured_content["what_to_do"], "explain_error: a gateway code")
            entra = await session.call_tool("explain_error", {"code": "AADSTS7000215"})
            check(entra.structured_content["known"] is True, "explain_error: an AADSTS code")

            operations = await session.call_tool("search_operations", {"text": "refresh dataset"})
            ids = [o["operationId"] for o in operations.structured_content["operations"]]
            check("Datasets_RefreshDatasetInGroup" in ids, "search_operations finds the refresh")
            described = await session.call_tool("describe_operation", {"operation_id": "Datasets_RefreshDatasetInGroup"})
            check(described.structured_content["method"] == "POST" and described.structured_content["parameters"], "describe_operation")

    audit = os.path.join(state, "pbitui", "mcp-audit.jsonl")
    lines = open(audit).read().splitlines() if os.path.exists(audit) else []
    check(len(lines) == 29 and all(json.loads(line)["tool"] for line in lines), "every call is in the audit file: %d lines" % len(lines))
    failed = [json.loads(line) for line in lines if "error" in json.loads(line)]
    check(all("duration_ms" in json.loads(line) for line in lines), "each line has its duration")
    check(any("status" in entry and "request_id" in entry for entry in failed), "a refused call keeps the service's status and RequestId")
    check(oct(os.stat(audit).st_mode & 0o777) == "0o600", "the audit file is 0600")


async def writes(binary):
    """--allow-writes: each write asked through elicitation; declined sends nothing; a client that cannot ask
    gets no write unless --no-confirm; without --allow-writes the write tools do not exist."""
    from mcp import types
    environment = {**os.environ, "XDG_STATE_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": "/nonexistent"}
    answers = ["decline", "accept"]
    asked = []

    async def elicit(context, params):
        asked.append(params.message)
        return types.ElicitResult(action=answers.pop(0), content={} if not answers else None)

    target = {"workspace": "Sales Analytics", "dataset": None}

    async def newest(session):
        history = await session.call_tool("refresh_history", {**target, "top": 60})
        return [r.get("requestId") for r in history.structured_content["refreshes"]]

    parameters = StdioServerParameters(command=binary, args=["mcp", "--demo", "--allow-writes"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicit) as session:
            await session.initialize()
            names = [tool.name for tool in (await session.list_tools()).tools]
            check("refresh_dataset" in names and "cancel_refresh" in names, "--allow-writes offers the write tools")
            items = await session.call_tool("list_items", {"workspace": "Sales Analytics", "kind": "datasets"})
            refreshable = [d for d in items.structured_content["items"] if d.get("isRefreshable") is not False]
            target["dataset"] = refreshable[0]["name"]
            before = await newest(session)
            declined = await session.call_tool("refresh_dataset", dict(target))
            check(not declined.is_error and declined.structured_content == {"sent": False, "answer": "declined"}, "declined: nothing sent")
            check(len(asked) == 1 and target["dataset"] in asked[0] and "Sales Analytics" in asked[0], "the person was asked: " + (asked[0] if asked else "-"))
            check(await newest(session) == before, "and the history did not change")
            accepted = await session.call_tool("refresh_dataset", dict(target))
            check(not accepted.is_error and accepted.structured_content["sent"] is True, "accepted: the refresh was asked for")

    parameters = StdioServerParameters(command=binary, args=["mcp", "--demo", "--allow-writes"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            unasked = await session.call_tool("refresh_dataset", dict(target))
            check(unasked.is_error and "cannot ask" in unasked.content[0].text, "a client without elicitation gets no write")

    parameters = StdioServerParameters(command=binary, args=["mcp", "--demo", "--allow-writes", "--no-confirm"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            sent = await session.call_tool("refresh_dataset", {**target, "wait_seconds": 1})
            check(not sent.is_error and sent.structured_content["sent"] is True and "status" in sent.structured_content,
                  "--no-confirm writes without asking, and follows it a second")
            shared = await session.call_tool("refresh_dataset", {**target, "type": "Full"})
            check(shared.is_error and "shared capacit" in shared.content[0].text and "RequestId" in shared.content[0].text,
                  "an enhanced refresh on shared capacity is refused in the service's and pbitui's words")

    parameters = StdioServerParameters(command=binary, args=["mcp", "--demo", "--allow-writes", "--read-only"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicit) as session:
            await session.initialize()
            names = [tool.name for tool in (await session.list_tools()).tools]
            check("refresh_dataset" not in names, "--read-only keeps the writes away")
            refused = await session.call_tool("refresh_dataset", dict(target))
            check(refused.is_error and "--allow-writes" in refused.content[0].text, "and a write called anyway is refused")


def raw(binary):
    """Without the SDK: a malformed line gets a JSON-RPC parse error and the server goes on; stdout holds
    protocol messages only (every line is JSON)."""
    import subprocess
    environment = {**os.environ, "XDG_STATE_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": "/nonexistent"}
    process = subprocess.Popen([binary, "mcp", "--demo"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=environment)
    lines = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
    ]
    for line in lines:
        process.stdin.write((json.dumps(line) + "\n").encode())
    process.stdin.write(b"{this is not json\n")
    process.stdin.write((json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}) + "\n").encode())
    process.stdin.flush()
    answers = []
    while not any(a.get("id") == 2 for a in answers):
        line = process.stdout.readline()
        if not line:
            break
        answers.append(json.loads(line))
    process.stdin.close()
    answers += [json.loads(line) for line in process.stdout.read().decode().splitlines() if line.strip()]
    process.wait(timeout=60)
    check(any(a.get("error", {}).get("code") == -32700 for a in answers), "a malformed line gets a parse error (-32700)")
    check(any(a.get("id") == 2 and "tools" in a.get("result", {}) for a in answers), "and the server goes on")
    check(process.returncode == 0, "the server ends when its input closes: exit %s" % process.returncode)


asyncio.run(main(sys.argv[1]))
asyncio.run(writes(sys.argv[1]))
raw(sys.argv[1])
if failures:
    print("mcp interop: %d checks failed" % len(failures))
    sys.exit(1)
print("mcp interop: all checks passed")
