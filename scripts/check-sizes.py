#!/usr/bin/env python3
"""The size rules of docs/ARCHITECTURE.md, checked: no source file over 400 lines (tables under a
`Generated/` folder or in a file named `BuiltIn*` excepted), no function, initializer or closure-bodied
property over 80 lines. Prints what breaks a rule and exits 1; with --list, prints the longest functions.

Function bodies are found by counting braces outside strings and comments, which is enough for this
code base's style (one declaration per line, multi-line strings in triple quotes)."""
import os
import re
import sys

FILE_LIMIT = 400
FUNCTION_LIMIT = 80
DECLARATION = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|class|final|override|mutating|nonisolated|convenience|required|@discardableResult)\s+)*(func\s+[^\s(<]+|init[?!]?\s*[(<]|subscript\s*[(<]|var\s+\w+[^=]*\{\s*$)')


def code_only(line, state):
    """The line without string contents and comments; `state` carries a triple-quoted string across lines."""
    out = []
    i = 0
    while i < len(line):
        if state['triple']:
            end = line.find('"""', i)
            if end < 0:
                return ''.join(out)
            state['triple'] = False
            i = end + 3
            continue
        if line.startswith('"""', i):
            state['triple'] = True
            i += 3
            continue
        if line.startswith('//', i):
            break
        if line[i] == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                i += 2 if line[i] == '\\' else 1
            i += 1
            continue
        out.append(line[i])
        i += 1
    return ''.join(out)


def functions(path):
    with open(path, encoding='utf-8') as handle:
        lines = handle.read().split('\n')
    state = {'triple': False}
    stack = []  # (name, start line, depth at which its body opened)
    depth = 0
    found = []
    pending = None
    for number, line in enumerate(lines, 1):
        was_triple = state['triple']
        code = code_only(line, state)
        match = None if was_triple else DECLARATION.match(line)
        stripped = line.strip()
        if pending is not None and (stripped == '' or stripped.startswith('//') or stripped.startswith('}')):
            pending = None  # the declaration before had no body (a protocol's requirement)
        if match:
            pending = (match.group(1).strip(), number)
        for character in code:
            if character == '{':
                depth += 1
                if pending is not None:
                    stack.append((pending[0], pending[1], depth))
                    pending = None
            elif character == '}':
                if stack and stack[-1][2] == depth:
                    name, start, _ = stack.pop()
                    found.append((number - start + 1, path, start, name))
                depth -= 1
    return len(lines), found


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    problems = []
    everything = []
    for folder in ['Sources', 'Benchmarks']:
        for directory, _, names in os.walk(os.path.join(root, folder)):
            for name in names:
                if not name.endswith('.swift'):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root)
                count, found = functions(path)
                exempt = '/Generated/' in relative or name.startswith('BuiltIn')
                if count > FILE_LIMIT and not exempt:
                    problems.append(f'{relative}: {count} lines (at most {FILE_LIMIT})')
                for length, _, start, declaration in found:
                    everything.append((length, relative, start, declaration))
                    if length > FUNCTION_LIMIT and not exempt:
                        problems.append(f'{relative}:{start}: {declaration} is {length} lines (at most {FUNCTION_LIMIT})')
    if '--list' in sys.argv:
        for length, relative, start, declaration in sorted(everything, reverse=True)[:25]:
            print(f'{length:4} {relative}:{start} {declaration}')
    for problem in problems:
        print(problem)
    if problems:
        print(f'check-sizes: {len(problems)} over the limits of docs/ARCHITECTURE.md')
        return 1
    print(f'check-sizes: every file within {FILE_LIMIT} lines and every function within {FUNCTION_LIMIT}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
