// The bot as the CLI runs it (the bundle in dist/), plus one hook for the benchmark on
// file descriptor 3: a line "measure" runs two full GCs (the process is started with
// --expose-gc) and answers one JSON line with RSS and heap. Not an IPC channel: that
// would load child_process and its serialisation into the process being measured.
import { Socket } from 'node:net';
import { main } from '../dist/theticketbot.js';

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
    globalThis.gc?.();
    globalThis.gc?.();
    const m = process.memoryUsage();
    side.write(`${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external })}\n`);
  }
});

main(process.argv).then((code) => {
  process.exitCode = code;
  side.destroy();
});
