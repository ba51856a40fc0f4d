#!/usr/bin/env python3
"""Checks that Package.swift declares exactly what each target imports.

For every target, the modules its sources import (`import X`, `public import X`, `@testable import X`, ...)
must be its declared dependencies, and every declared dependency must be imported by at least one of its
sources. Modules of the toolchain (Foundation, Dispatch, Glibc, Testing, ...) are not declared. Also checks
that only HTTPCore's ProcessEnvironment reads the environment variables. Run by
.ci/run; exits 1 and names each difference.

Usage: python3 scripts/check-imports.py [PACKAGE_DIR]
"""
import os
import re
import sys

TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking", "FoundationXML", "Dispatch",
    "Glibc", "Musl", "Darwin", "Testing", "XCTest", "Synchronization", "_Concurrency", "Swift", "os", "RegexBuilder",
    "_StringProcessing",
}

IMPORT = re.compile(r"^\s*(?:@[\w]+(?:\([^)]*\))?\s+)*(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?"
                    r"import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def targets(manifest):
    """(kind, name, path, dependencies) for each target of the manifest."""
    found = []
    for match in re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*\"([^\"]+)\"", manifest):
        kind, name = match.group(1), match.group(2)
        # The target's arguments: up to the parenthesis that closes `.target(`.
        depth, index = 0, match.start()
        while True:
            character = manifest[index]
            if character == "(":
                depth += 1
            elif character == ")":
                depth -= 1
                if depth == 0:
                    break
            index += 1
        body = manifest[match.start():index]
        dependencies = set()
        listed = re.search(r"dependencies:\s*\[(.*?)\]\s*(?:,\s*\w+:|\)?$)", body, re.S)
        if listed:
            text = listed.group(1)
            dependencies |= set(re.findall(r"\.product\(\s*name:\s*\"([^\"]+)\"", text))
            text = re.sub(r"\.product\([^)]*\)", "", text)
            dependencies |= set(re.findall(r"\"([^\"]+)\"", text))
        path = re.search(r"path:\s*\"([^\"]+)\"", body)
        default = ("Tests/" if kind == "testTarget" else "Sources/") + name
        found.append((kind, name, path.group(1) if path else default, dependencies))
    return found


def imports(folder):
    modules = {}
    for root, _, files in os.walk(folder):
        for file in files:
            if not file.endswith(".swift"):
                continue
            path = os.path.join(root, file)
            with open(path, encoding="utf-8") as handle:
                for module in IMPORT.findall(handle.read()):
                    modules.setdefault(module, path)
    return modules


def imports_of(path):
    with open(path, encoding="utf-8") as handle:
        return set(IMPORT.findall(handle.read()))


def main():
    package = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(package, "Package.swift"), encoding="utf-8") as handle:
        manifest = re.sub(r"//[^\n]*", "", handle.read())
    problems = []
    checked = 0
    for kind, name, path, declared in targets(manifest):
        if kind == "systemLibrary":
            continue
        folder = os.path.join(package, path)
        if not os.path.isdir(folder):
            problems.append(f"{name}: no folder {path}")
            continue
        used = imports(folder)
        checked += 1
        for module in sorted(set(used) - declared - TOOLCHAIN - {name}):
            problems.append(f"{name}: imports {module} ({os.path.relpath(used[module], package)}) without declaring it")
        for module in sorted(declared - set(used)):
            problems.append(f"{name}: declares {module} but no source imports it")
    # The environment is read in one place (HTTPCore's ProcessEnvironment); everything else is given it.
    reader = os.path.join("Sources", "HTTPCore", "ProcessEnvironment.swift")
    for directory, _, files in os.walk(os.path.join(package, "Sources")):
        for file in files:
            full = os.path.join(directory, file)
            relative = os.path.relpath(full, package)
            if not file.endswith(".swift") or relative == reader:
                continue
            with open(full, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if re.search(r"processInfo\.environment|\bgetenv\(|\benviron\b", line) and not line.lstrip().startswith("//"):
                        problems.append(f"{relative}:{number}: reads the environment; take it as a parameter or use ProcessEnvironment.current")
    # The command line stands on its own: only the full-screen UI's folder of the executable imports App.
    ui = os.path.join("Sources", "pbitui", "UI") + os.sep
    for directory, _, files in os.walk(os.path.join(package, "Sources", "pbitui")):
        for file in files:
            full = os.path.join(directory, file)
            relative = os.path.relpath(full, package)
            if file.endswith(".swift") and not relative.startswith(ui) and "App" in imports_of(full):
                problems.append(f"{relative}: imports App; only the UI command ({ui}) may")
    for problem in problems:
        print("check-imports: " + problem)
    if problems:
        return 1
    print(f"check-imports: {checked} targets declare exactly what they import; the environment is read in one place; only the UI command imports App")
    return 0


if __name__ == "__main__":
    sys.exit(main())
