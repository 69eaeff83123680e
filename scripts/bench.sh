#!/usr/bin/env bash
# Runs every benchmark; each prints its own figures. Never part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
node --import tsx bench/startup.ts "${BENCH_GUILDS:-1,1000}"
