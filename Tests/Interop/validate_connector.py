"""Checks a custom connector folder written by `pbitui automate --way 3`.

Usage: python3 validate_connector.py FOLDER...

apiDefinition.swagger.json must be valid OpenAPI 2.0 (openapi-spec-validator) and follow the connector
rules; apiProperties.json must follow the connector rules (connector.rules.schema.json, checked with
jsonschema). Prints "connector: all checks passed" and exits 0, or names each problem and exits 1.
"""
import json
import os
import sys

import jsonschema
from openapi_spec_validator import validate

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    with open(os.path.join(HERE, "connector.rules.schema.json")) as handle:
        rules = json.load(handle)
    problems = []
    for folder in sys.argv[1:]:
        with open(os.path.join(folder, "apiDefinition.swagger.json")) as handle:
            definition = json.load(handle)
        with open(os.path.join(folder, "apiProperties.json")) as handle:
            properties = json.load(handle)
        try:
            validate(definition)
        except Exception as error:  # the validator's own error types vary by version
            problems.append(f"{folder}: not valid OpenAPI 2.0: {str(error)[:400]}")
        for name, value in (("apiDefinition", definition), ("apiProperties", properties)):
            schema = dict(rules["$defs"][name])
            schema["$defs"] = rules["$defs"]
            for error in jsonschema.Draft202012Validator(schema).iter_errors(value):
                problems.append(f"{folder}: {name} at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}")
        if not os.path.isfile(os.path.join(folder, "README.md")):
            problems.append(f"{folder}: no README.md")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"connector: all checks passed ({len(sys.argv) - 1} folders)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
