#!/usr/bin/env bash
# Writes the generated pages of docs/ and the README's picture from the current build:
# docs/KEYS.md (every screen's keys), docs/COMMANDS.md (every subcommand's help) and
# docs/images/workspaces.svg (the demo tenant's first screen, drawn by pbitui itself).
# Tests (GeneratedDocsTests) fail when these files differ from what the build writes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PBITUI_BIN:-.build/debug/pbitui}
[ -x "$bin" ] || swift build --product pbitui
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
env -u NO_COLOR -u PBITUI_THEME TZ=UTC "$bin" generate-docs keys > docs/KEYS.md
env -u NO_COLOR -u PBITUI_THEME TZ=UTC "$bin" generate-docs commands > docs/COMMANDS.md
env -u NO_COLOR -u PBITUI_THEME TZ=UTC XDG_CONFIG_HOME=/nonexistent XDG_STATE_HOME="$state" "$bin" --demo --screenshot docs/images/workspaces.svg --size 100x24
echo "wrote docs/KEYS.md, docs/COMMANDS.md, docs/images/workspaces.svg"
