// The bot as the CLI runs it (dist/), plus one IPC hook for the benchmark: on
// "measure" it runs a full GC and reports RSS and heap. Started with --expose-gc.
import { main } from '../dist/cli.js';

process.on('message', (msg) => {
  if (msg === 'measure') {
    globalThis.gc?.();
    globalThis.gc?.();
    const m = process.memoryUsage();
    process.send?.({ rss: m.rss, heapUsed: m.heapUsed, external: m.external });
  }
});

main(process.argv).then((code) => {
  process.exitCode = code;
  process.disconnect?.();
});
