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
    environment = {**os.environ, "XDG_STATE_HOME": state, "XDG_DATA_HOME": data, "XDG_CONFIG_HOME": "/nonexistent", "XDG_CACHE_HOME": tempfile.mkdtemp()}
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
                        "refresh_health", "lineage", "query_store", "explain_error", "search_operations", "describe_operation",
                        "call_operation", "four_ways"]
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

            called = await session.call_tool("call_operation", {"operation_id": "Datasets_GetDatasetsInGroup",
                                                                "parameters": {"groupId": "Sales Analytics"}})
            check(not called.is_error and called.structured_content["status"] == 200 and called.structured_content["request_id"]
                  and any(d["name"] == dataset for d in called.structured_content["body"]["value"]), "call_operation: a read, the workspace by name")
            history_call = await session.call_tool("call_operation", {"operation_id": "Datasets_GetRefreshHistoryInGroup",
                                                                      "parameters": {"groupId": "Sales Analytics", "datasetId": dataset, "$top": 2}})
            check(not history_call.is_error and len(history_call.structured_content["body"]["value"]) <= 2, "call_operation: a dataset by name, $top as a number")
            missing_parameter = await session.call_tool("call_operation", {"operation_id": "Datasets_GetRefreshHistoryInGroup",
                                                                           "parameters": {"groupId": "Sales Analytics"}})
            check(missing_parameter.is_error and "datasetId" in missing_parameter.content[0].text, "call_operation: a missing parameter is named")
            write_refused = await session.call_tool("call_operation", {"operation_id": "Datasets_RefreshDatasetInGroup",
                                                                       "parameters": {"groupId": "Sales Analytics", "datasetId": dataset}})
            check(write_refused.is_error and "--allow-writes" in write_refused.content[0].text, "call_operation: a POST is refused without --allow-writes")
            ways = await session.call_tool("four_ways", {"operation": "Datasets_RefreshDatasetInGroup",
                                                         "parameters": {"groupId": "Sales Analytics", "datasetId": dataset}})
            verdicts = [w["verdict"] for w in ways.structured_content["ways"]] if not ways.is_error else []
            check(len(verdicts) == 4 and all(v in ("works", "conditional", "fails") for v in verdicts), "four_ways: four verdicts %s" % verdicts)
            files = [f for w in ways.structured_content["ways"] for f in w["files"]] if not ways.is_error else []
            check(files and all(f["content"] for f in files) and ways.structured_content["url"].startswith("https://api.powerbi.com/"),
                  "four_ways: the files' contents, for the real service's host")
            check("demo~" not in ways.content[0].text and "eyJ" not in ways.content[0].text, "four_ways: no secret and no token in the files")
            by_path = await session.call_tool("four_ways", {"operation": "GET /groups"})
            check(not by_path.is_error and by_path.structured_content["call"] == "GET /groups", "four_ways: 'METHOD PATH'")
            many = await session.call_tool("run_dax", {"workspace": "Sales Analytics", "dataset": dataset,
                                                       "query": "EVALUATE GENERATESERIES(1, 150000)", "max_rows": 10000})
            check(not many.is_error and len(many.structured_content["rows"]) == 10000 and many.structured_content["truncated"] is True
                  and many.structured_content["rows"][-1] == {"[Value]": 10000}, "run_dax: 150,000 rows come back as 10,000 and truncated")
            check("service_truncation" in many.structured_content, "and say the service cut the result at its own limit")
            arrow = await session.call_tool("run_dax", {"workspace": "Finance — Monthly Close", "dataset": "Marketing Funnel",
                                                        "query": 'EVALUATE ROW("n", 1, "t", "a, ""b""")'})
            check(not arrow.is_error and arrow.structured_content["engine"] == "arrow"
                  and arrow.structured_content["rows"] == [{"[n]": 1, "[t]": 'a, "b"'}], "run_dax on a capacity: the Arrow engine: " + arrow.content[0].text[:120])

    audit = os.path.join(state, "pbitui", "mcp-audit.jsonl")
    lines = open(audit).read().splitlines() if os.path.exists(audit) else []
    check(len(lines) == 37 and all(json.loads(line)["tool"] for line in lines), "every call is in the audit file: %d lines" % len(lines))
    failed = [json.loads(line) for line in lines if "error" in json.loads(line)]
    check(all("duration_ms" in json.loads(line) for line in lines), "each line has its duration")
    check(any("status" in entry and "request_id" in entry for entry in failed), "a refused call keeps the service's status and RequestId")
    check(oct(os.stat(audit).st_mode & 0o777) == "0o600", "the audit file is 0600")


async def writes(binary):
    """--allow-writes: each write asked through elicitation; declined sends nothing; a client that cannot ask
    gets no write unless --no-confirm; without --allow-writes the write tools do not exist."""
    from mcp import types
    environment = {**os.environ, "XDG_STATE_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": "/nonexistent", "XDG_CACHE_HOME": tempfile.mkdtemp()}
    answers = ["decline", "accept"]
    asked = []

    async def elicit(context, params):
        asked.append(params.message)
        return types.ElicitResult(action=answers.pop(0), content={} if not answers else None)

    target = {"workspace": "Sales Analytics", "dataset": None}

    async def newest(session, dataset=None):
        history = await session.call_tool("refresh_history", {**target, **({"dataset": dataset} if dataset else {}), "top": 60})
        return [r.get("requestId") for r in history.structured_content["refreshes"]]

    parameters = StdioServerParameters(command=binary, args=["mcp", "--demo", "--allow-writes"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicit) as session:
            await session.initialize()
            names = [tool.name for tool in (await session.list_tools()).tools]
            check("refresh_dataset" in names and "cancel_refresh" in names, "--allow-writes offers the write tools")
            listed = {tool.name: tool for tool in (await session.list_tools()).tools}
            check(listed["call_operation"].annotations.read_only_hint is False and listed["refresh_dataset"].annotations.read_only_hint is False
                  and listed["whoami"].annotations.read_only_hint is True, "with writes, call_operation and the writes are not read-only")
            items = await session.call_tool("list_items", {"workspace": "Sales Analytics", "kind": "datasets"})
            refreshable = [d for d in items.structured_content["items"] if d.get("isRefreshable") is not False]
            target["dataset"] = refreshable[0]["name"]
            # call_operation's write goes to another dataset: the service refuses a refresh while one runs.
            other = refreshable[1]["name"]
            before = await newest(session)
            declined = await session.call_tool("refresh_dataset", dict(target))
            check(not declined.is_error and declined.structured_content == {"sent": False, "answer": "declined"}, "declined: nothing sent")
            check(len(asked) == 1 and target["dataset"] in asked[0] and "Sales Analytics" in asked[0], "the person was asked: " + (asked[0] if asked else "-"))
            check(await newest(session) == before, "and the history did not change")
            accepted = await session.call_tool("refresh_dataset", dict(target))
            check(not accepted.is_error and accepted.structured_content["sent"] is True, "accepted: the refresh was asked for")
            check(await newest(session) != before, "and the history has it")
            answers.extend(["decline", "accept"])
            write_call = {"operation_id": "Datasets_RefreshDatasetInGroup", "parameters": {"groupId": target["workspace"], "datasetId": other}}
            before = await newest(session, other)
            declined = await session.call_tool("call_operation", write_call)
            check(not declined.is_error and declined.structured_content == {"sent": False, "answer": "declined"} and await newest(session, other) == before,
                  "call_operation: a POST declined sends nothing")
            check(asked[-1].startswith("Send POST ") and "Datasets_RefreshDatasetInGroup" in asked[-1], "the person was asked: " + asked[-1])
            accepted = await session.call_tool("call_operation", write_call)
            after = await newest(session, other)
            check(not accepted.is_error and accepted.structured_content["status"] == 202 and after[0] not in before and after[1] == before[0],
                  "call_operation: accepted, exactly one refresh more: %r" % (accepted.content[0].text[:400],))

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
    environment = {**os.environ, "XDG_STATE_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": "/nonexistent", "XDG_CACHE_HOME": tempfile.mkdtemp()}
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


async def against_simulator(binary, connection):
    """Against `pbitui simulator --hostile-names --refresh-seconds 100000` (the secret in AZURE_CLIENT_SECRET):
    names with control characters, commas, quotes, a line break, a backslash and emoji go in as arguments and
    come back exactly; a refresh followed with progress notifications; cancelling it stops the call (the audit
    says so) and the server goes on."""
    state = tempfile.mkdtemp()
    environment = {**os.environ, "XDG_STATE_HOME": state, "XDG_CONFIG_HOME": "/nonexistent", "XDG_CACHE_HOME": tempfile.mkdtemp()}
    hostile_workspace = "Ops \x1b]0;PWNED\x07\x1b[2J\x1b[31mRed\x1b[0m \u202egnp.exe"
    odd_dataset = 'Revenue, "Net"\nEMEA \\ \U0001F4C8'
    parameters = StdioServerParameters(command=binary, args=["mcp", "--allow-writes", "--no-confirm"] + connection, env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = await session.call_tool("list_workspaces", {"filter": "PWNED"})
            names = [w["name"] for w in listed.structured_content["workspaces"]]
            check(names == [hostile_workspace], "a name with escape sequences comes back exactly: %r" % names)
            check(json.loads(listed.content[0].text)["workspaces"][0]["name"] == hostile_workspace, "and in the text content")
            items = await session.call_tool("list_items", {"workspace": hostile_workspace, "kind": "datasets"})
            dataset_names = [d["name"] for d in items.structured_content["items"]] if not items.is_error else []
            check(odd_dataset in dataset_names, "list_items by that name; a comma, quotes, a line break and emoji intact: %r" % dataset_names[:3])
            found = await session.call_tool("find", {"text": 'Revenue, "Net"'})
            check(any(f["name"] == odd_dataset and f["workspace"] == hostile_workspace for f in found.structured_content["found"]),
                  "find with a comma and quotes")
            dax = await session.call_tool("run_dax", {"workspace": hostile_workspace, "dataset": odd_dataset,
                                                      "query": 'EVALUATE ROW("name, ""quoted""", "a\nb 🚀")'})
            check(not dax.is_error and dax.structured_content["rows"] == [{'[name, "quoted"]': "a\nb 🚀"}],
                  "run_dax on the odd dataset by name; a column name with a comma and quotes: %s" % dax.content[0].text[:120])
            called = await session.call_tool("call_operation", {"operation_id": "Datasets_GetDatasetsInGroup",
                                                                "parameters": {"groupId": hostile_workspace}})
            check(not called.is_error and odd_dataset in [d["name"] for d in called.structured_content["body"]["value"]],
                  "call_operation with the hostile workspace's name as groupId")
            history = await session.call_tool("refresh_history", {"workspace": hostile_workspace, "dataset": odd_dataset, "top": 3})
            check(not history.is_error, "refresh_history by the odd names")

            progress = []
            started = asyncio.Event()

            async def on_progress(value, total, message):
                progress.append((value, message))
                started.set()

            refresh = asyncio.ensure_future(session.call_tool("refresh_dataset", {"workspace": hostile_workspace, "dataset": odd_dataset,
                                                                                  "wait_seconds": 3600}, progress_callback=on_progress))
            waiter = asyncio.ensure_future(started.wait())
            await asyncio.wait([refresh, waiter], return_when=asyncio.FIRST_COMPLETED)
            check(started.is_set() and not refresh.done(), "a refresh followed for an hour sends progress: %r" % progress[:2])
            check(bool(progress) and "accepted" in progress[0][1].lower(), "the first progress says it was accepted")
            refresh.cancel()
            try:
                await refresh
            except (asyncio.CancelledError, Exception):
                pass
            after = await session.call_tool("whoami", {})
            check(not after.is_error, "after the cancellation the server goes on")
            # The cancelled call's line is written when its task ends: wait for it (the server answers in between).
            audit = os.path.join(state, "pbitui", "mcp-audit.jsonl")
            entries = []
            for _ in range(600):
                entries = [json.loads(line) for line in open(audit).read().splitlines()] if os.path.exists(audit) else []
                if any(e["tool"] == "refresh_dataset" for e in entries):
                    break
                await asyncio.sleep(0.1)
            cancelled = [e for e in entries if e["tool"] == "refresh_dataset"]
            check(len(cancelled) == 1 and cancelled[0].get("cancelled") is True, "the audit says the refresh call was cancelled: %r" % cancelled)
            check(any(e["arguments"].get("workspace") == hostile_workspace for e in entries), "the audit keeps the names exactly")
            with open(audit, "rb") as raw_file:
                raw_bytes = raw_file.read()
            check(b"\x1b" not in raw_bytes and b"\x07" not in raw_bytes, "the audit file holds no raw control character")


if len(sys.argv) > 2 and sys.argv[2] == "--simulator":
    asyncio.run(against_simulator(sys.argv[1], sys.argv[3:]))
else:
    asyncio.run(main(sys.argv[1]))
    asyncio.run(writes(sys.argv[1]))
    raw(sys.argv[1])
if failures:
    print("mcp interop: %d checks failed" % len(failures))
    sys.exit(1)
print("mcp interop: all checks passed")
