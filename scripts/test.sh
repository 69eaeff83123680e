#!/usr/bin/env bash
# Runs every test file. The list is expanded here: node --test given a bare
# directory finds no .ts files.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob
files=(test/**/*.test.ts emulator/**/*.test.ts)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test files found" >&2
  exit 1
fi
exec node --import tsx --test --test-concurrency=2 "$@" "${files[@]}"
