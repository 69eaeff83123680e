// The bot as the CLI runs it (the bundle in dist/, imported as bin/theticketbot.js
// imports it), plus one hook for the benchmark on file descriptor 3: a line "measure"
// runs two full GCs (the process is started with --expose-gc) and answers one JSON line
// with RSS, heap, peak RSS and the CPU time used so far. Not an IPC channel: that would load child_process and its
// serialisation into the process being measured. Built-ins come from
// process.getBuiltinModule, as in the bin: an ES import of one costs memory.
import { main } from '../dist/theticketbot.js';

const { Socket } = process.getBuiltinModule('node:net');
const side = new Socket({ fd: 3, readable: true, writable: true });
side.unref();
let buffered = '';
side.setEncoding('utf8').on('data', (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl).trim();
    buffered = buffered.slice(nl + 1);
    if (line !== 'measure') continue;
    const cpu = process.cpuUsage();
    globalThis.gc?.();
    globalThis.gc?.();
    const m = process.memoryUsage();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    side.write(`${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, peak: peakRss(), cpuSeconds })}\n`);
  }
});

/** The largest RSS so far (VmHWM), in bytes; null where /proc is not there. */
function peakRss() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', 'utf8'));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
  side.destroy();
});
