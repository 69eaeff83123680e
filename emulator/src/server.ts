/**
 * The REST side of the emulator: receives requests under /api[/vN], records
 * them, applies injected faults and latency, checks authentication ("Reference
 * — Authentication") and rate limits ("Rate Limits"), runs the route and
 * writes the response. Error bodies always carry `message` and `code`
 * ("Opcodes and Status Codes — JSON"); a 204 carries no body and no
 * Content-Type.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart.ts';
import { isInteractionEndpoint, type RateLimiter, type RateLimitScope } from './ratelimit.ts';
import { ApiError, Errors } from './rest/errors.ts';
import type { Core, RequestContext, RouteResponse, Router, UploadedFile } from './rest/router.ts';
import type { Clock } from './snowflake.ts';

export interface RecordedRequest {
  /** Sequential id, starting at 1. */
  id: number;
  method: string;
  /** Path below /api/vN, e.g. "/channels/123/messages". */
  path: string;
  /** Matched route, e.g. "POST /channels/:id/messages"; null when none matched. */
  route: string | null;
  query: Record<string, string>;
  /** Lower-cased request headers; Authorization is replaced by "REDACTED". */
  headers: Record<string, string>;
  /** The X-Audit-Log-Reason header, URL-decoded ("Audit Log — Audit Log Reason"); absent when not sent. */
  auditLogReason?: string;
  /** Parsed JSON body, or for multipart a summary: { payload_json, fields, files: [{ field, filename, contentType, size }] }. */
  body: unknown;
  /** Status sent; 0 while unanswered (held by a timeout fault). */
  status: number;
  /** Response body (parsed JSON, a string for HTML faults, undefined for 204). */
  response?: unknown;
  /** Clock time when the request arrived (ms). */
  at: number;
  auth: 'valid' | 'invalid' | 'missing';
  /** True when no route matched (404 or 405). */
  unknown: boolean;
  fault?: 'status' | 'timeout';
  /** For a fault with `after`: the status the route produced before the fault replaced (or held back) its answer. */
  processedStatus?: number;
  rateLimited?: 'route' | 'global';
}

export interface FaultSpec {
  method?: string;
  /** Route name ("POST /channels/:id/messages"), route pattern without method ("/channels/:id/messages"), or a RegExp tested against both the route name and "METHOD /path". */
  route?: string | RegExp;
  /** Status to answer with (default 500). */
  status?: number;
  /** Hold the request without answering until the client gives up or the emulator closes. */
  timeout?: boolean;
  /**
   * Process the request first (the route runs and its effects stay: a message is
   * created, an interaction acknowledged), then answer with the fault instead of the
   * route's answer, or hold the answer back with `timeout`: the edge failing after
   * Discord did the work. Not with status 429 (a rate-limited request is never processed).
   */
  after?: boolean;
  /** How many matching requests to affect (default 1). */
  times?: number;
  /** Body style: "json" ({message, code}) or "html" (an edge error page). Default: html for 502/504, json otherwise. */
  body?: 'json' | 'html';
  /** For status 429: the wait announced, in seconds (default 1); sent as `retry_after` and, rounded up, `Retry-After`. */
  retryAfter?: number;
  /** For status 429: `X-RateLimit-Scope` (default "user"); "global" also sets `X-RateLimit-Global` and leaves out the bucket headers. */
  scope?: RateLimitScope;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

const HTML_ERRORS: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
  520: 'Web server is returning an unknown error',
};

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const MAX_BODY = 26 * 1024 * 1024;

export interface RestServerOptions {
  core: Core;
  router: Router;
  limiter: RateLimiter;
  clock: Clock;
  latencyMs: number;
  onRecord?: (r: RecordedRequest) => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class RestServer {
  readonly requests: RecordedRequest[] = [];
  latencyMs: number;
  #opts: RestServerOptions;
  #faults: ActiveFault[] = [];
  #held = new Set<ServerResponse>();
  #nextId = 1;

  constructor(opts: RestServerOptions) {
    this.#opts = opts;
    this.latencyMs = opts.latencyMs;
  }

  injectFault(f: FaultSpec): void {
    if (f.status !== undefined && (!Number.isInteger(f.status) || f.status < 400 || f.status > 599)) {
      throw new RangeError('fault status must be an HTTP error status (4xx or 5xx)');
    }
    if (f.after && !f.timeout && f.status === 429) throw new RangeError('a 429 fault cannot come after processing: rate-limited requests are not processed');
    if (f.retryAfter !== undefined && !(f.retryAfter > 0 && Number.isFinite(f.retryAfter))) throw new RangeError('retryAfter must be a positive number of seconds');
    this.#faults.push({ ...f, remaining: f.times ?? 1 });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Ends held (timed-out) requests; used on shutdown. */
  releaseHeld(): void {
    for (const res of this.#held) res.destroy();
    this.#held.clear();
  }

  #takeFault(method: string, route: string | null, path: string): ActiveFault | null {
    for (const f of this.#faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.route !== undefined) {
        if (f.route instanceof RegExp) {
          f.route.lastIndex = 0;
          const a = route !== null && f.route.test(route);
          f.route.lastIndex = 0;
          if (!a && !f.route.test(`${method} ${path}`)) continue;
        } else if (f.route.includes(' ')) {
          if (f.route !== route) continue;
        } else if (route === null || route.slice(route.indexOf(' ') + 1) !== f.route) {
          continue;
        }
      }
      f.remaining -= 1;
      this.#faults = this.#faults.filter((x) => x.remaining > 0);
      return f;
    }
    return null;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const clock = this.#opts.clock;
    let path = url.pathname.slice('/api'.length) || '/';
    let versionError: ApiError | null = null;
    const versionMatch = /^\/v(\d+)(\/.*)?$/.exec(path);
    if (versionMatch) {
      const v = Number(versionMatch[1]);
      path = versionMatch[2] ?? '/';
      if (v !== 9 && v !== 10) versionError = Errors.invalidApiVersion();
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      headers[k] = k === 'authorization' ? 'REDACTED' : Array.isArray(v) ? v.join(', ') : v;
    }
    const authHeader = req.headers.authorization;
    const auth: RecordedRequest['auth'] = authHeader === undefined ? 'missing' : authHeader === `Bot ${this.#opts.core.token}` ? 'valid' : 'invalid';

    const record: RecordedRequest = {
      id: this.#nextId++,
      method,
      path,
      route: null,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: undefined,
      status: 0,
      at: clock(),
      auth,
      unknown: false,
    };
    const reason = headers['x-audit-log-reason'];
    if (reason !== undefined) {
      try {
        record.auditLogReason = decodeURIComponent(reason);
      } catch {
        record.auditLogReason = reason;
      }
    }
    this.requests.push(record);
    this.#opts.onRecord?.(record);

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      this.#respond(res, record, { status: 413, body: { message: 'Request entity too large', code: 40005 } });
      return;
    }
    const parsed = parseBody(req.headers['content-type'], raw);
    record.body = parsed.summary;

    if (this.latencyMs > 0) await sleep(this.latencyMs);

    const match = this.#opts.router.match(method, path);
    record.route = match.route?.name ?? null;

    const fault = this.#takeFault(method, record.route, path);
    if (fault && !fault.after) {
      this.#answerFault(res, record, fault);
      return;
    }
    const answer = await this.#process(record, req, url, path, versionError, parsed, match);
    if (fault) {
      record.processedStatus = answer.body === undefined && answer.status === 200 ? 204 : answer.status;
      this.#answerFault(res, record, fault);
      return;
    }
    this.#respond(res, record, answer);
  }

  /** Answers with the fault instead of anything the route would say, or holds the request for a timeout. */
  #answerFault(res: ServerResponse, record: RecordedRequest, fault: ActiveFault): void {
    if (fault.timeout) {
      record.fault = 'timeout';
      this.#held.add(res);
      res.on('close', () => this.#held.delete(res));
      return;
    }
    record.fault = 'status';
    const status = fault.status ?? 500;
    if (status === 429) {
      const limited = this.#opts.limiter.injected(record.route, (fault.retryAfter ?? 1) * 1000, fault.scope ?? 'user');
      this.#respond(res, record, { status, body: limited.body, headers: limited.headers });
      return;
    }
    const style = fault.body ?? (status === 502 || status === 504 ? 'html' : 'json');
    if (style === 'html') {
      const title = `${status} ${HTML_ERRORS[status] ?? STATUS_TEXT[status] ?? 'Error'}`;
      const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
      this.#respondRaw(res, record, status, html, 'text/html');
    } else {
      this.#respond(res, record, { status, body: { message: `${status}: ${STATUS_TEXT[status] ?? 'Error'}`, code: 0 } });
    }
  }

  /** Everything Discord does with a request that got through: version, route, auth, rate limits, the route itself. */
  async #process(
    record: RecordedRequest,
    req: IncomingMessage,
    url: URL,
    path: string,
    versionError: ApiError | null,
    parsed: ParsedBody,
    { route, methodMismatch }: ReturnType<Router['match']>,
  ): Promise<RouteResponse> {
    const method = record.method;
    const auth = record.auth;
    if (versionError) return errorResponse(versionError);
    if (!route) {
      record.unknown = true;
      return errorResponse(methodMismatch ? Errors.methodNotAllowed() : Errors.notFound());
    }
    const needsAuth = route.def.auth !== false;
    if (needsAuth && auth !== 'valid') return errorResponse(Errors.unauthorized());

    const limitHeaders: Record<string, string> = {};
    const interactionEndpoint = isInteractionEndpoint(path, this.#opts.core.world.applicationId);
    if (needsAuth || interactionEndpoint) {
      const limiter = this.#opts.limiter;
      if (!interactionEndpoint) {
        const g = limiter.checkGlobal();
        if (!g.allowed) {
          record.rateLimited = 'global';
          return { status: 429, body: g.body, headers: g.headers };
        }
      }
      const r = limiter.checkRoute(route.name, route.majorId);
      Object.assign(limitHeaders, r.headers);
      if (!r.allowed) {
        record.rateLimited = 'route';
        return { status: 429, body: r.body, headers: r.headers };
      }
    }

    if (parsed.error) return errorResponse(parsed.error, limitHeaders);

    const ctx: RequestContext = {
      method,
      path,
      params: route.params,
      query: url.searchParams,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      core: this.#opts.core,
    };
    try {
      const result = await route.def.handler(ctx);
      return { ...result, headers: { ...limitHeaders, ...(result.headers ?? {}) } };
    } catch (err) {
      if (err instanceof ApiError) return errorResponse(err, limitHeaders);
      process.stderr.write(`[emulator] ${method} ${record.route ?? path} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      return { status: 500, body: { message: '500: Internal Server Error', code: 0 }, headers: limitHeaders };
    }
  }

  #respond(res: ServerResponse, record: RecordedRequest, r: RouteResponse): void {
    record.status = r.status;
    if (res.writableEnded || res.destroyed) return;
    if (r.body === undefined || r.status === 204) {
      record.status = r.status === 200 ? 204 : r.status;
      // No Content-Type on an empty response.
      res.writeHead(record.status, r.headers ?? {});
      res.end();
      return;
    }
    record.response = r.body;
    const text = JSON.stringify(r.body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    res.writeHead(r.status, {
      ...(r.headers ?? {}),
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  #respondRaw(res: ServerResponse, record: RecordedRequest, status: number, text: string, contentType: string): void {
    record.status = status;
    record.response = text;
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  }
}

function errorResponse(err: ApiError, headers: Record<string, string> = {}): RouteResponse {
  return { status: err.status, body: err.body, headers: { ...headers, ...err.headers } };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  summary: unknown;
  error?: ApiError;
}

function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { body: undefined, files: [], summary: undefined };
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('application/json')) {
    try {
      const body: unknown = JSON.parse(raw.toString('utf8'));
      // The log keeps its own copy: what the client sent, whatever handlers do with the body.
      return { body, files: [], summary: structuredClone(body) };
    } catch {
      return { body: undefined, files: [], summary: raw.toString('utf8').slice(0, 2000), error: Errors.invalidJson() };
    }
  }
  if (ct.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '');
    try {
      if (!boundary) throw new Error('no boundary');
      const parts = parseMultipart(raw, boundary);
      const files: UploadedFile[] = [];
      const fields: Record<string, string> = {};
      let payload: unknown = undefined;
      for (const p of parts) {
        if (p.filename !== undefined) {
          files.push({ field: p.name, filename: p.filename, contentType: p.contentType ?? 'application/octet-stream', data: p.data });
        } else if (p.name === 'payload_json') {
          payload = JSON.parse(p.data.toString('utf8'));
        } else {
          fields[p.name] = p.data.toString('utf8');
        }
      }
      const body = { ...(typeof payload === 'object' && payload !== null ? payload : {}), ...fields };
      const summary = {
        payload_json: structuredClone(payload),
        fields,
        files: files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, size: f.data.length })),
      };
      return { body, files, summary };
    } catch {
      return { body: undefined, files: [], summary: undefined, error: Errors.invalidJson() };
    }
  }
  const error = new ApiError(400, 50035, 'Invalid Form Body', {
    errors: { _errors: [{ code: 'CONTENT_TYPE_INVALID', message: 'Expected "Content-Type" header to be one of {application/json, multipart/form-data}.' }] },
  });
  return { body: undefined, files: [], summary: raw.toString('utf8').slice(0, 2000), error };
}
