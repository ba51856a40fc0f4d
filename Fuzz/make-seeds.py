#!/usr/bin/env python3
"""Writes the hand-made seed inputs of every fuzz target into Fuzz/corpus/TARGET/seed-*.

Run it once after adding a seed here; scripts/fuzz.sh grows the corpus from these. Seeds are shaped like what
the services and people really send: tokens with every claim shape, Power BI lists with the field quirks of
reference/, every error-body shape, the themes and a full config file."""
import base64, json, os, pathlib

root = pathlib.Path(__file__).resolve().parent
corpus = root / "corpus"


def put(target, name, data):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + name)).write_bytes(data if isinstance(data, bytes) else data.encode())


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


header = '{"typ":"JWT","alg":"RS256","x5t":"abc","kid":"abc"}'
payloads = {
    "delegated": '{"aud":"https://analysis.windows.net/powerbi/api","iss":"https://sts.windows.net/72f988bf/","iat":1799998920,"nbf":1799998920,"exp":1800002520,"amr":["pwd","mfa"],"idtyp":"user","scp":"Dataset.ReadWrite.All Workspace.Read.All","upn":"megan@contoso.com","tid":"72f988bf","ver":"1.0","wids":["a9ea8996-122f-4c74-9520-8edcd192826c"],"xms_cc":["cp1"]}',
    "app": '{"aud":"00000009-0000-0000-c000-000000000000","iss":"https://login.microsoftonline.com/t/v2.0","exp":"1800002520","idtyp":"app","roles":["Tenant.Read.All"],"appid":"1b7e","appidacr":"1","ver":"2.0"}',
    "odd": '{"exp":1e400,"nbf":-1,"iat":null,"aud":["a","b"],"scp":7,"name":"\\u001b[31mred\\u202e"}',
}
for name, payload in payloads.items():
    put("jwt", name, b64(header) + "." + b64(payload) + ".c2lnbmF0dXJl")
put("jwt", "graph-nonce", b64('{"typ":"JWT","nonce":"x","alg":"RS256","kid":"k"}') + "." + b64('{"aud":"https://graph.microsoft.com"}') + ".")
put("jwt", "bearer", "Bearer " + b64(header) + "." + b64("{}") + ".x")
put("jwt", "none", b64('{"alg":"none"}') + "." + b64('{"sub":"x"}') + ".")

groups = {"@odata.context": "https://api.powerbi.com/v1.0/myorg/$metadata#groups", "@odata.count": 2, "value": [
    {"id": "2CBDF190-BB4A-447E-8CB2-E8B6321F9447", "isReadOnly": False, "isOnDedicatedCapacity": True,
     "capacityId": "0F084DF7-C13D-451B-AF5F-ED0C466403B2", "type": "Workspace", "name": "Sales Analytics"},
    {"id": "df28c6e8", "name": "販売分析 東京 🚀", "isOnDedicatedCapacity": "true"}]}
refreshes = {"value": [
    {"requestId": "9399bb89-25d1-44f8-8576-136d7e9014b1", "id": 1344, "refreshType": "ViaApi", "startTime": "2026-11-27T05:00:00.0000000Z",
     "endTime": "2026-11-27T05:01:12.5Z", "status": "Failed",
     "serviceExceptionJson": "{\"errorCode\":\"ModelRefreshFailed_CredentialsNotSpecified\",\"errorDescription\":\"x\"}", "extendedStatus": "NotStarted"},
    {"id": 1343, "refreshType": "Scheduled", "startTime": "2026-11-26T05:00:00", "status": "Unknown"},
    {"refreshType": "OnDemandTraining", "startTime": "2026-11-26T05:00:00+02:00", "endTime": "2026-11-26T05:00:00.123456789-05:00", "status": "Completed"}]}
datasets = {"value": [
    {"id": "cfafbeb1-8037-4d0c-896e-a46fb27ff229", "name": "Sales Model", "addRowsAPIEnabled": False, "configuredBy": "megan@contoso.com",
     "isRefreshable": True, "isEffectiveIdentityRequired": False, "targetStorageMode": "PremiumFiles", "createdDate": "2026-01-01T00:00:00.000Z",
     "webUrl": "https://app.powerbi.com/x"},
    {"id": "x", "name": "Live", "isRefreshable": False}]}
detail = {"startTime": "2026-11-27T05:00:00Z", "type": "Full", "commitMode": "Transactional", "status": "Unknown", "extendedStatus": "InProgress",
          "currentRefreshType": "Full", "objects": [{"table": "Sales", "partition": "Sales-2026", "status": "InProgress"}],
          "messages": [{"code": "x", "message": "y", "type": "Warning"}]}
misc = {"value": [
    {"datasourceType": "Sql", "connectionDetails": {"server": "s", "database": "d"}, "datasourceId": "a", "gatewayId": "b"},
    {"name": "Server", "type": "Text", "isRequired": True, "currentValue": "x"},
    {"days": ["Monday"], "times": ["07:00"], "enabled": True, "localTimeZoneId": "UTC", "notifyOption": "MailOnFailure"}]}
reports = {"value": [{"id": "r1", "reportType": "PaginatedReport", "name": "Invoice", "datasetId": "d1", "webUrl": "u", "embedUrl": "e"},
                     {"id": "r2", "reportType": "FutureKind", "name": "x"}], "@odata.nextLink": "x"}
for name, document in [("groups", groups), ("refreshes", refreshes), ("datasets", datasets), ("detail", detail), ("misc", misc), ("reports", reports)]:
    text = json.dumps(document, ensure_ascii=False)
    put("powerbi", name, text)
    put("json", name, text)
put("json", "numbers", '[0,-0,1e308,-1.5E-7,12345678901234567890123,{"a":"\\ud83d\\ude80\\u0000"},true,false,null,""]')
put("json", "deep", "[" * 50 + "]" * 50)

# errors: the first byte picks the status (400 + byte % 200), the rest is the body.
errors = {
    "pbi-error": b"\x94" + json.dumps({"error": {"code": "PowerBIEntityNotFound", "pbi.error": {"code": "PowerBIEntityNotFound", "parameters": {},
                                      "details": [{"code": "x", "detail": {"type": 1, "value": "y"}}], "exceptionCulprit": 1}}}).encode(),
    "odata": b"\x90" + json.dumps({"error": {"code": "InvalidRequest", "message": "Invalid dataset \u001b[2J"}}).encode(),
    "fabric": b"\x91" + json.dumps({"requestId": "r", "errorCode": "Unauthorized", "message": "m", "moreDetails": [{"errorCode": "a", "message": "b"}]}).encode(),
    "message": b"\x93" + b'{"Message":"An error has occurred."}',
    "html": b"\xc0<html><body><h1>502 Bad Gateway</h1></body></html>",
    "entra": b"\x00" + json.dumps({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t\r\nCorrelation ID: c",
                                   "error_codes": [7000215], "timestamp": "2026-11-27 05:00:00Z", "trace_id": "t", "correlation_id": "c"}).encode(),
    "empty": b"\xa9",
}
for name, data in errors.items():
    put("errors", name, data)

for theme in sorted((root.parent / "themes").glob("*.toml")):
    put("theme", theme.name, theme.read_bytes())
    put("toml", theme.name, theme.read_bytes())
config = '''default_profile = "contoso"
theme = "light"
mouse = false

[profiles.contoso]
cloud = "public"
tenant = "contoso.onmicrosoft.com"
client_id = "00000000-0000-0000-0000-000000000000"
auth = "client-secret"
client_secret_command = "pass show powerbi/automation"

[profiles.gov-device]
cloud = "usgov"
auth = "device-code"
client_id = '11111111-1111-1111-1111-111111111111'
scope = """https://analysis.usgovcloudapi.net/powerbi/api/.default"""

[keys]
refresh = "F5"
quit = ["Q", "Ctrl-Q"]
'''
put("config", "config.toml", config)
put("toml", "config.toml", config)
put("config", "secret.toml", '[profiles.x]\nclient_secret = "s3cret"\n')
put("toml", "types.toml", 'a = 1\nb = -0x1F\nc = 1_000\nd = 3.14e-2\ne = true\nf = [1, "two", [3], {x = 1}]\ng = { h = "i", j.k = 2 }\n"quoted key" = \'literal\\n\'\n[t.u]\nv = """multi\nline"""\n')
print("seeds written to", corpus)


# executeQueries answers: rows with omitted blanks, a cut result, a second table, escapes in keys and values,
# numbers past 2^53, a byte-order mark, an error with no rows.
put("dax", "rows.json", '\ufeff{"results":[{"tables":[{"rows":[{"Sales[Region]":"West","[Revenue]":1250.5},{"Sales[Region]":"East"},'
    '{"Sales[Region]":"North","[Orders]":18446744073709551617,"[Revenue]":2}]}]}]}')
put("dax", "cut.json", '{"results":[{"tables":[{"rows":[{"[a]":1},{"[a]":true},{"[a]":null}],'
    '"error":{"code":"DatasetExecuteQueriesError","message":"More than 100000 rows in a query result."}}],'
    '"error":{"message":"More than one result table in a query."}}],"informationProtectionLabel":{"id":"1","name":"General"}}')
put("dax", "escapes.json", '{"results":[{"tables":[{"rows":[{"\\u0061":"x\\n\\"y\\"","a":{"nested":[1,2]}},{"a":"\\ud83d\\ude80"}]}]}]}')
put("dax", "refused.json", '{"error":{"code":"DatasetExecuteQueriesError","pbi.error":{"code":"DatasetExecuteQueriesError","parameters":{},'
    '"details":[{"code":"DetailsMessage","detail":{"type":1,"value":"Query (1, 15) The table \'Nope\' cannot be found."}}]}}}')
put("dax", "query.dax", 'DEFINE\n    MEASURE Sales[x] = 1 // EVALUATE\nEVALUATE ROW("EVALUATE", [x]) /* EVALUATE */ EVALUATE')

# The MCP audit file: the lines `pbitui mcp` writes (ok, failed with the service's status, cancelled), one with
# control characters and a name with a comma, quotes and a line break, a torn last line, a blank line.
put("audit", "calls.jsonl", '{"time":"2026-12-07T07:16:05Z","tool":"list_workspaces","arguments":{"top":3},"ok":true,"duration_ms":12}\n'
    '{"time":"2026-12-07T07:17:00Z","tool":"run_dax","arguments":{"workspace":"Sales, \\"EMEA\\"\\n\\u001b[31m","query":"EVALUATE x"},'
    '"error":"Query (1, 10) …","status":400,"request_id":"r-1","duration_ms":30}\n\n'
    '{"time":"2026-12-07T07:18:00Z","tool":"refresh_dataset","arguments":{},"cancelled":true,"duration_ms":32}\n'
    '{"tool":7}\n{"time":"2026-12-07T07:19:00Z","tool":"who')

# Arrow IPC streams: the seed-*.arrows files are what `python3 Tests/Interop/arrow_interop.py write DIR` writes
# (pyarrow: every type the service sends, LZ4 and ZSTD, dictionary deltas, two streams, an empty result);
# they are copied in by hand, since pyarrow is not needed to write the other seeds.
