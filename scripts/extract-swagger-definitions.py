#!/usr/bin/env python3
"""Copies the Power BI swagger definitions the simulator's responses are checked against into a test fixture.

Usage: scripts/extract-swagger-definitions.py [SWAGGER] [OUT]
Defaults: ../shared/reference/powerbi-swagger.json -> Tests/SimulatorTests/Fixtures/powerbi-definitions.json
Keeps the named roots and every definition they reference, unchanged.
"""
import json
import pathlib
import sys

ROOTS = ["Groups", "Reports", "Datasets", "Dashboards", "Dataflows", "Datasources", "MashupParameters",
         "Refreshes", "RefreshSchedule", "DatasetRefreshDetail"]


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/definitions/"):
                yield value.split("/")[-1]
            else:
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def main() -> None:
    root = pathlib.Path(__file__).resolve().parent.parent
    source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/reference/powerbi-swagger.json"
    target = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "Tests/SimulatorTests/Fixtures/powerbi-definitions.json"
    definitions = json.loads(source.read_text())["definitions"]
    keep, queue = {}, list(ROOTS)
    while queue:
        name = queue.pop()
        if name in keep:
            continue
        keep[name] = definitions[name]
        queue.extend(references(definitions[name]))
    target.write_text(json.dumps({"source": "powerbi-swagger.json (microsoft/PowerBI-CSharp sdk/swaggers/swagger.json, 2024-10-15)",
                                  "roots": ROOTS, "definitions": dict(sorted(keep.items()))}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(keep)} definitions written to {target}")


if __name__ == "__main__":
    main()
