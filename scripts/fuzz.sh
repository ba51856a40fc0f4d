#!/usr/bin/env bash
# Fuzzes pbitui's parsers with libFuzzer. Usage:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 s, every target)
# Targets: jwt json powerbi errors toml config theme description dax audit arrow (Fuzz/FuzzTargets.swift).
#
# The parsers' own source files are compiled into one instrumented binary with `swiftc -sanitize=fuzzer`
# (the module imports between them are dropped, so no dependency is rebuilt); each target then runs from the
# committed seeds in Fuzz/corpus/TARGET, writing what it finds to .build-fuzz/corpus/TARGET (kept between
# runs). Afterwards the inputs that reach new code are merged into Fuzz/corpus/TARGET (FUZZ_MERGE=0 skips
# that, as CI does). A crash leaves its input in Fuzz/crashes/TARGET: commit it, fix the bug, and
# FuzzRegressionTests replays it in every `swift test`. A summary (executions, coverage, corpus size) is
# printed per target and written to .build-fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(jwt json powerbi errors toml config theme description dax audit arrow)

build=.build-fuzz
mkdir -p "$build/src"
rm -f "$build"/src/*.swift
sources=(
  Fuzz/FuzzTargets.swift Fuzz/Entry.swift
  Sources/TerminalSafety/*.swift
  Sources/Tokens/JSON/*.swift Sources/Tokens/JWT/Base64URL.swift Sources/Tokens/JWT/JWT.swift Sources/Tokens/Claims/*.swift
  Sources/EntraAuth/Errors/*.swift Sources/HTTPCore/HTTPMessage.swift Sources/HTTPCore/HTTPTransport.swift
  Sources/APIDescriptions/*.swift Sources/TerminalUI/Text/MarkdownText.swift
  Sources/PowerBI/Models/*.swift Sources/PowerBI/Kinds/*.swift Sources/PowerBI/Errors/*.swift
  Sources/PowerBI/DAX/DAXAnswerReader.swift Sources/PowerBI/DAX/DAXResult.swift Sources/PowerBI/DAX/DAXQueryText.swift
  Sources/ListOutput/*.swift
  Sources/TOML/*.swift
  Sources/TerminalUI/Style/*.swift Sources/TerminalUI/Text/DisplayWidth.swift Sources/TerminalUI/Input/Key.swift
  Sources/Config/*.swift
  Sources/App/Screens/Agent/AgentLog.swift
  Sources/ArrowIPC/*.swift
)
for file in "${sources[@]}"; do
  # One module: imports of pbitui's own modules go; `public import Foundation` stays an import.
  sed -E '/^(@testable |public |internal )?import (TerminalSafety|Tokens|HTTPCore|EntraAuth|APIDescriptions|PowerBI|TOML|TerminalUI|Config|App|ListOutput|ArrowIPC)$/d' "$file" \
    > "$build/src/$(echo "$file" | tr '/' '_')"
done
echo "building $build/pbitui-fuzz"
# CCompression (the system's LZ4 and ZSTD, for Arrow) is found through its module map, and linked by it.
swiftc -sanitize=fuzzer -parse-as-library -O -swift-version 6 -module-name PbituiFuzz -I Sources/CCompression \
  "$build"/src/*.swift -o "$build/pbitui-fuzz"

: > "$build/summary.txt"
status=0
# The Swift runtime's backtracer would take the crash signal before libFuzzer could save the input.
export SWIFT_BACKTRACE=enable=no
for target in "${targets[@]}"; do
  corpus="Fuzz/corpus/$target"
  crashes="Fuzz/crashes/$target"
  work="$build/corpus/$target"
  mkdir -p "$corpus" "$crashes" "$work"
  log="$build/$target.log"
  echo "fuzzing $target for ${seconds}s"
  if ! PBITUI_FUZZ_TARGET="$target" "$build/pbitui-fuzz" "$work" "$corpus" -max_total_time="$seconds" -max_len=1024 \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1; then
    echo "  CRASH in $target: see $log and $crashes/"
    status=1
  fi
  if [[ "${FUZZ_MERGE:-1}" == 1 ]]; then
    # The smallest set of inputs that covers what the committed corpus and this run reached (set cover);
    # it replaces the committed corpus, whose hand-made seed-* files always stay.
    merged="$build/merged/$target"
    rm -rf "$merged" && mkdir -p "$merged"
    if PBITUI_FUZZ_TARGET="$target" "$build/pbitui-fuzz" -merge=1 -set_cover_merge=1 "$merged" "$corpus" "$work" \
         >"$build/$target.merge.log" 2>&1; then
      find "$corpus" -type f ! -name 'seed-*' -delete
      cp "$merged"/* "$corpus"/ 2>/dev/null || true
    fi
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -oE '(DONE|#[0-9]+).*cov: [0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || echo "?")
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
  files=$(find "$corpus" -type f | wc -l)
  found=$(find "$work" -type f | wc -l)
  line="$target: ${seconds}s, $runs executions, coverage $cov edges ($ft features), $found inputs found, $files in the committed corpus"
  echo "  $line"
  echo "$line" >> "$build/summary.txt"
done
exit $status
