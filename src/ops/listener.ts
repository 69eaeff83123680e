// The HTTP listener of [metrics]: /healthz, /readyz and /metrics, nothing else. Loaded
// only when the listener is enabled.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Health } from './health.ts';

export interface Listener {
  /** Where it listens, e.g. http://127.0.0.1:9464 (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

export interface ListenerOptions {
  host: string;
  port: number;
  health: Health;
  metrics: { contentType: string; render(): Promise<string> };
  log: Logger;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

async function handle(opts: ListenerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0];
  const known = path === '/healthz' || path === '/readyz' || path === '/metrics';
  if (!known) return send(res, 404, 'text/plain; charset=utf-8', 'not found: try /healthz, /readyz or /metrics\n', req.method === 'HEAD');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false);
  }
  const head = req.method === 'HEAD';
  if (path === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n', head);
  if (path === '/readyz') {
    const readiness = await opts.health.readiness();
    return send(res, readiness.ready ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(readiness)}\n`, head);
  }
  send(res, 200, opts.metrics.contentType, await opts.metrics.render(), head);
}

export async function startListener(opts: ListenerOptions): Promise<Listener> {
  const server = createServer((req, res) => {
    handle(opts, req, res).catch((error: unknown) => {
      opts.log.warn(`Could not answer ${req.method ?? '?'} ${(req.url ?? '').split('?', 1)[0]}`, { err: error });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n', false);
      else res.destroy();
    });
  });
  // Scrapers keep connections open; none of them may hold up a shutdown for long.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `${opts.host}:${opts.port}`;
      const why =
        error.code === 'EADDRINUSE'
          ? 'the port is already in use; set metrics.port (or THETICKETBOT_METRICS_PORT) to a free one'
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
            ? 'this machine has no such address; check metrics.host'
            : error.code === 'EACCES'
              ? 'not allowed to listen there (ports below 1024 need privileges); choose another metrics.port'
              : error.message;
      // The [metrics] keys are what to change, so it ends like any configuration mistake (exit code 1).
      reject(new ConfigError(`could not start the health and metrics listener on ${where}: ${why}`, { key: 'metrics' }));
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
