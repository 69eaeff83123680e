#!/usr/bin/env bash
# Runs every benchmark; each prints its own figures. Never part of npm test.
# The discord.py reference needs Debian's python3-discord (apt-get install python3-discord);
# without it the side-by-side figures are skipped and said so.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
node --import tsx bench/startup.ts "${BENCH_GUILDS:-1,1000,5000}"
node --import tsx bench/tickets.ts all
node --import tsx bench/sandbox.ts
node --import tsx bench/scale.ts "${BENCH_SCALE_GUILDS:-10000,50000}"
