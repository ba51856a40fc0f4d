#!/usr/bin/env python3
"""Loading many descriptions at once, as Microsoft's Fabric specifications are laid out.

Writes N item folders (default 55, as the published Fabric specifications have) beside a shared `common/`
folder: each `ITEM/swagger.json` holds OPS operations whose parameters and responses name
`../common/definitions.json`, `./definitions/ITEM.json` (which names `../../common/definitions.json` in
turn) and examples under `./examples/` that are not there (as in the published repository). Then times
`pbitui ops --output json --spec ITEM/swagger.json` repeated for every folder, best of RUNS, and prints the
operations counted. Our own generated files: the real specifications are not committed.

Usage: python3 Benchmarks/specs.py [--bin PATH] [--items 55] [--ops 30] [--runs 5]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time


def write(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(value, handle, indent=2)


def layout(root, items, ops):
    common = {"definitions": {
        "ErrorResponse": {"type": "object", "required": ["errorCode", "message"], "properties": {
            "errorCode": {"type": "string"}, "message": {"type": "string"},
            "moreDetails": {"type": "array", "items": {"$ref": "#/definitions/ErrorDetails"}}}},
        "ErrorDetails": {"type": "object", "properties": {"errorCode": {"type": "string"}, "message": {"type": "string"}}},
        "ItemTag": {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "displayName": {"type": "string"}}},
    }}
    write(os.path.join(root, "common", "definitions.json"), common)
    specs = []
    for index in range(items):
        name = "item%02d" % index
        definitions = {"definitions": {
            "Thing": {"type": "object", "properties": {
                "id": {"type": "string", "format": "uuid"}, "displayName": {"type": "string"},
                "tags": {"type": "array", "items": {"$ref": "../../common/definitions.json#/definitions/ItemTag"}}}},
            "Things": {"type": "object", "properties": {"value": {"type": "array", "items": {"$ref": "#/definitions/Thing"}},
                                                         "continuationToken": {"type": "string"}}},
            "CreateThingRequest": {"type": "object", "required": ["displayName"], "properties": {
                "displayName": {"type": "string"}, "description": {"type": "string"}}},
        }}
        write(os.path.join(root, name, "definitions", name + ".json"), definitions)
        paths = {}
        for op in range(ops):
            error = {"$ref": "../common/definitions.json#/definitions/ErrorResponse"}
            paths["/workspaces/{workspaceId}/%s/op%02d/{thingId}" % (name, op)] = {
                "get": {
                    "summary": "Gets a thing, \"quoted\", with commas.",
                    "description": "## Required Delegated Scopes\n\nItem.Read.All or Item.ReadWrite.All\n\n"
                                   "## Microsoft Entra supported identities\n\n| Identity | Support |\n|-|-|\n| User | Yes |\n"
                                   "| [Service principal](/x) and [Managed identities](/y) | Yes |",
                    "operationId": "%s_Get%02d" % (name, op), "tags": [name],
                    "parameters": [{"in": "path", "name": "workspaceId", "type": "string", "format": "uuid", "required": True},
                                   {"in": "path", "name": "thingId", "type": "string", "format": "uuid", "required": True}],
                    "responses": {"200": {"description": "OK", "schema": {"$ref": "./definitions/%s.json#/definitions/Thing" % name}},
                                  "429": {"description": "Throttled", "schema": error}, "default": {"description": "Error", "schema": error}},
                    "x-ms-examples": {"Get": {"$ref": "./examples/Get%02d.json" % op}},
                },
                "post": {
                    "summary": "Creates a thing.", "operationId": "%s_Create%02d" % (name, op), "tags": [name],
                    "description": "## Required Delegated Scopes\n\nItem.ReadWrite.All",
                    "parameters": [{"in": "path", "name": "workspaceId", "type": "string", "format": "uuid", "required": True},
                                   {"in": "path", "name": "thingId", "type": "string", "format": "uuid", "required": True},
                                   {"in": "body", "name": "request", "required": True,
                                    "schema": {"$ref": "./definitions/%s.json#/definitions/CreateThingRequest" % name}}],
                    "responses": {"201": {"description": "Created"}, "default": {"description": "Error", "schema": error}},
                    "x-ms-examples": {"Create": {"$ref": "./examples/Create%02d.json" % op}},
                },
            }
        spec = {"swagger": "2.0", "info": {"title": "%s REST APIs" % name, "version": "v1"}, "host": "api.fabric.microsoft.com",
                "basePath": "/v1", "schemes": ["https"], "paths": paths}
        path = os.path.join(root, name, "swagger.json")
        write(path, spec)
        specs.append(path)
    return specs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build-release/release/pbitui")
    parser.add_argument("--items", type=int, default=55)
    parser.add_argument("--ops", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pbitui-specs-") as root:
        specs = layout(root, args.items, args.ops)
        size = sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(root) for name in names)
        command = [args.bin, "ops", "--output", "json"]
        for spec in specs:
            command += ["--spec", spec]
        times = []
        count = 0
        for _ in range(args.runs):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise SystemExit("pbitui failed: " + result.stderr[:500])
            count = len(json.loads(result.stdout))
        times.sort()
        print("specs: %d item folders (%d files, %.1f MB), %d operations listed (Power BI's 286 included)"
              % (args.items, args.items * 2 + 1, size / 1e6, count))
        print("pbitui ops --spec x%d: best %.0f ms, median %.0f ms over %d runs" % (args.items, times[0] * 1000, times[len(times) // 2] * 1000, args.runs))


if __name__ == "__main__":
    main()
