// `theticketbot rest-proxy`: one place where every process of one bot sends its REST
// requests. Discord counts the global limit (50 requests per second) per bot, not per
// process, so processes that each keep to it can still exceed it together; behind one
// proxy the limit and the route buckets are counted once. The response helpers are
// @discordjs/proxy's; the request side is ours (see proxyRequests below for why).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { REST, RESTEvents, type RateLimitData, type RouteLike } from '@discordjs/rest';
import type { CliIO, RestProxyArgs } from './cli.ts';
import { httpRequest } from './discord/http-request.ts';
import { REQUEST_TIMEOUT_MS } from './discord/rest-policy.ts';
import { createLogger, type Logger } from './log/logger.ts';

/**
 * Longest rate-limit wait the proxy sits out for a client. A longer one (a thread's rename
 * bucket: minutes) is answered with a 429 and its Retry-After, so the bot decides: it tells
 * the staff member how long to wait instead of timing out on a silent proxy.
 */
export const PROXY_PATIENCE_MS = 5_000;

/** Largest request body passed on: Discord's own upload limit for bots is 25 MiB per message. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface RestProxyOptions {
  /** Discord's API base (https://discord.com/api), or an emulator's. */
  upstream: string;
  host: string;
  port: number;
  /** The bot's global limit: 50 unless Discord raised it for this bot. */
  globalPerSecond: number;
  logger: Logger;
}

export interface RestProxy {
  /** What the bots put in `discord.api_url`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The client that talks to Discord for every bot process. Never retries a 5xx or a lost
 * answer: the bot sends creating requests once and then looks for their result
 * (rest-policy.ts), so a retry here would undo that. A 429 is waited out (the request was
 * not processed), unless the wait is longer than PROXY_PATIENCE_MS.
 */
export function createUpstreamRest(upstream: string, globalPerSecond: number): REST {
  return new REST({
    api: upstream,
    version: '10',
    retries: 0,
    timeout: REQUEST_TIMEOUT_MS,
    globalRequestsPerSecond: globalPerSecond,
    makeRequest: httpRequest,
    rejectOnRateLimit: (data: RateLimitData) => data.retryAfter > PROXY_PATIENCE_MS,
    // Names the proxy after the library's "DiscordBot (url, version)": what reached Discord through it can be told apart.
    userAgentAppendix: `theticketbot-rest-proxy Node.js ${process.version}`,
  });
}

class BodyTooLarge extends Error {}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

function answer(res: http.ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ message, code: 0 }));
}

/**
 * The request handler. Unlike @discordjs/proxy's proxyRequests, it reads the body before
 * queueing (a request that meets a 429 is sent again, and a stream can be read only once),
 * and it drops a request still waiting for its turn when the client gave up on it: the
 * bot has timed out and will look for the result, so sending it later could do it twice.
 * The proxy holds no token: each request carries its bot's Authorization header.
 */
export function proxyRequests(rest: REST, logger: Logger): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    // For a container's health check: the proxy is up (Discord's side is the bots' business).
    if (url.pathname === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json');
      res.end(method === 'HEAD' ? undefined : '{"status":"ok"}');
      return;
    }
    if (!/^\/api(\/v\d+)?\//.test(url.pathname)) {
      answer(res, 404, 'This is a REST proxy for the Discord API: requests go to /api/v10/…');
      return;
    }
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) answer(res, 413, 'Request entity too large');
      else res.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    const pass = ['content-type', 'authorization', 'x-audit-log-reason'] as const;
    for (const name of pass) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const fullRoute = url.pathname.replace(/^\/api(\/v\d+)?/, '') as RouteLike;
    let upstream: Awaited<ReturnType<REST['queueRequest']>>;
    try {
      upstream = await rest.queueRequest({
        fullRoute,
        method: method as never,
        ...(method === 'GET' || method === 'HEAD' || body.length === 0 ? {} : { body, passThroughBody: true }),
        auth: false,
        query: url.searchParams,
        headers,
        signal: gone.signal,
      });
    } catch (error) {
      if (gone.signal.aborted) return;
      if (populateErrorResponse(res, error)) {
        res.end();
      } else {
        // A connection error: the bot's client sees a 502 (bad gateway), as from Discord's edge.
        logger.warn(`Upstream request failed: ${error instanceof Error ? error.message : String(error)}`);
        answer(res, 502, 'The REST proxy could not reach the Discord API.');
      }
      return;
    }
    try {
      await populateSuccessfulResponse(res, upstream);
      res.end();
    } catch (error) {
      // Half an answer is no answer: the client must not take it for the whole one.
      logger.warn(`Passing on an answer failed: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    }
  };
}

export async function startRestProxy(opts: RestProxyOptions): Promise<RestProxy> {
  const rest = createUpstreamRest(opts.upstream, opts.globalPerSecond);
  rest.on(RESTEvents.RateLimited, (info) =>
    opts.logger.debug('rate limited', { route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope }),
  );
  const handle = proxyRequests(rest, opts.logger);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.logger.error(`REST proxy request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) answer(res, 500, 'The REST proxy failed on this request.');
      else res.destroy();
    });
  });
  // Bots keep connections open (keep-alive); the proxy must not close them first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}/api`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        rest.clearHashSweeper();
        rest.clearHandlerSweeper();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function runRestProxy(parsed: RestProxyArgs & { verbose: number }, io: CliIO): Promise<number> {
  const logger = createLogger({ verbosity: Math.min(parsed.verbose, 2) as 0 | 1 | 2, logDir: null, console: io.stderr });
  const signal = io.signals();
  let proxy: RestProxy;
  try {
    proxy = await startRestProxy({ ...parsed, logger });
  } catch (error) {
    logger.error(`Could not start the REST proxy on ${parsed.host}:${parsed.port}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  logger.info(
    `REST proxy listening on ${parsed.host}:${proxy.port}, passing requests on to ${parsed.upstream} (global limit ${parsed.globalPerSecond} per second).`,
  );
  const received = await signal;
  logger.info(`Received ${received}, stopping the REST proxy.`);
  await proxy.close();
  return 0;
}
