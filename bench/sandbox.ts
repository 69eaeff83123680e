// Time from `theticketbot sandbox` to the page answering, as a person sees it: spawn the
// built CLI (with the flags `npm start` uses), wait for the address it prints (printed once
// the emulator is up, the real bot is ready and the first inbox is set up), then GET the
// page until it answers 200. Several runs, median. `npm run bench:sandbox [-- RUNS]`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/theticketbot.js', import.meta.url));
const runs = Number(process.argv[2] ?? 7);

interface Run {
  printed: number;
  answered: number;
}

async function once(): Promise<Run> {
  const home = mkdtempSync(join(tmpdir(), 'ttb-bench-sandbox-'));
  mkdirSync(join(home, 'tmp'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: join(home, 'tmp'), XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state') };
  const started = performance.now();
  const child = spawn(process.execPath, ['--max-semi-space-size=1', '--v8-pool-size=1', BIN, 'sandbox', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no address after 60 s\n${out}`)), 60_000);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.stderr.resume();
      child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before printing its address`)));
    });
    const printed = performance.now() - started;
    for (;;) {
      const res = await fetch(url).catch(() => null);
      if (res?.status === 200) {
        await res.text();
        break;
      }
    }
    return { printed, answered: performance.now() - started };
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// One run to warm the file-system cache, not counted.
await once();
const results: Run[] = [];
for (let i = 0; i < runs; i += 1) results.push(await once());
const answered = results.map((r) => r.answered);
process.stdout.write(`sandbox startup, ${runs} runs (ms): address printed median ${median(results.map((r) => r.printed)).toFixed(0)}`
  + ` | page answering median ${median(answered).toFixed(0)}, min ${Math.min(...answered).toFixed(0)}, max ${Math.max(...answered).toFixed(0)}\n`);
process.stdout.write(`runs: ${answered.map((x) => x.toFixed(0)).join(', ')}\n`);
