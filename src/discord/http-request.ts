// The request strategy for @discordjs/rest, on node:http and node:https.
//
// The library's own strategies go through undici (its Node build) or the global fetch
// (its web build); either loads undici's WebAssembly HTTP parser, whose compilation
// doubles the bot's resident memory at the first request. The requests the bot makes are
// small JSON, the occasional multipart upload, and attachment downloads, which the
// built-in client handles with a fraction of the memory. See docs/BENCHMARKS.md.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { RESTOptions, ResponseLike } from '@discordjs/rest';
import { FormDataEncoder, isFormData } from 'form-data-encoder';

type MakeRequest = RESTOptions['makeRequest'];
type RequestInit = Parameters<MakeRequest>[1];

/**
 * Idle connections are closed after 4 s (undici's default too): well before Discord's edge
 * drops them, so a request rarely lands on a connection the server is closing.
 */
const IDLE_TIMEOUT_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
};

/** The error fetch gives for an aborted request; @discordjs/rest retries on its name. */
function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/** Response headers with the lookups of fetch's Headers (names case-insensitive). */
class ResponseHeaders {
  readonly #map: Map<string, string>;
  constructor(raw: http.IncomingHttpHeaders) {
    this.#map = new Map();
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.#map.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }
  forEach(fn: (value: string, name: string) => void): void {
    for (const [name, value] of this.#map) fn(value, name);
  }
  entries(): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
  keys(): IterableIterator<string> {
    return this.#map.keys();
  }
  values(): IterableIterator<string> {
    return this.#map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}

/** A fully read answer, with the parts of fetch's Response that @discordjs/rest and the bot use. */
class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly url: string;
  readonly #bytes: Buffer;
  #used = false;
  constructor(url: string, status: number, statusText: string, headers: ResponseHeaders, bytes: Buffer) {
    this.url = url;
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    this.#bytes = bytes;
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  #stream: Readable | null = null;
  /** A stream over the body, null when there is none (a 204, for one); the same stream on every read, as fetch's. */
  get body(): Readable | null {
    if (this.#bytes.length === 0) return null;
    this.#stream ??= Readable.from([this.#take()]);
    return this.#stream;
  }
  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  async text(): Promise<string> {
    return this.#take().toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

function headerList(headers: RequestInit['headers']): Array<[string, string]> {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([name, value]) => [String(name), String(value)]);
  // A Headers object (checked by shape: naming the global Headers would load undici).
  const maybeIterable = headers as { entries?: () => Iterable<[string, string]> };
  if (typeof maybeIterable.entries === 'function' && Object.getPrototypeOf(headers) !== Object.prototype) {
    return [...maybeIterable.entries()];
  }
  return Object.entries(headers as Record<string, string | readonly string[]>).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
}

/** The request body as bytes, with the content type it implies (multipart boundary, for one). */
async function bodyBytes(body: RequestInit['body']): Promise<{ bytes: Buffer | null; type: string | null }> {
  if (body === null || body === undefined) return { bytes: null, type: null };
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), type: 'text/plain;charset=UTF-8' };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), type: null };
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body), type: null };
  if (body instanceof URLSearchParams) return { bytes: Buffer.from(body.toString(), 'utf8'), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof Blob) return { bytes: Buffer.from(await body.arrayBuffer()), type: body.type || null };
  // File uploads: any spec-compliant FormData (undici's, or formdata-node's where the bot
  // runs without WebAssembly, see src/web-globals.ts), encoded without undici.
  if (isFormData(body)) {
    const encoder = new FormDataEncoder(body);
    return { bytes: await collect(encoder.encode()), type: encoder.contentType };
  }
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') return { bytes: await collect(body as AsyncIterable<Uint8Array>), type: null };
  throw new TypeError('unsupported request body');
}

async function collect(chunks: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Undoes a content encoding; zlib is loaded only when a server compresses an answer. */
function decode(encoding: string | undefined, bytes: Buffer): Promise<Buffer> {
  if (!encoding || encoding === 'identity' || bytes.length === 0) return Promise.resolve(bytes);
  const zlib = process.getBuiltinModule('node:zlib');
  const method = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.gunzip : encoding === 'deflate' ? zlib.inflate : encoding === 'br' ? zlib.brotliDecompress : null;
  if (!method) return Promise.reject(new TypeError(`unsupported content encoding ${encoding}`));
  return new Promise((resolve, reject) => method(bytes, (error, result) => (error ? reject(error) : resolve(result))));
}

/**
 * Sends one request and reads the whole answer. Errors carry no URL (interaction URLs hold
 * tokens). An aborted signal rejects with an AbortError at any stage, as fetch does.
 */
export const httpRequest: MakeRequest = async (url, init) => {
  const target = new URL(url);
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) throw new TypeError(`unsupported protocol ${target.protocol}`);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);

  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {};
  for (const [name, value] of headerList(init.headers)) headers[name.toLowerCase()] = value;
  const { bytes, type } = method === 'GET' || method === 'HEAD' ? { bytes: null, type: null } : await bodyBytes(init.body);
  if (type && !('content-type' in headers)) headers['content-type'] = type;
  if (bytes) headers['content-length'] = String(bytes.length);
  else if (method === 'POST' || method === 'PUT' || method === 'PATCH') headers['content-length'] = '0';
  headers['accept-encoding'] ??= 'identity';
  if (signal?.aborted) throw abortError(signal);

  const mod = target.protocol === 'https:' ? https : http;
  return new Promise<ResponseLike>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const req = mod.request(target, { method, headers, agent });
    const onAbort = (): void => {
      fail(abortError(signal!));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => fail(error));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => fail(error));
      res.on('aborted', () => fail(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        if (settled) return;
        decode(res.headers['content-encoding'], Buffer.concat(chunks)).then(
          (body) => {
            if (settled) return;
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            const response = new BufferedResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', new ResponseHeaders(res.headers), body);
            resolve(response as unknown as ResponseLike);
          },
          (error: unknown) => fail(error),
        );
      });
    });
    req.end(bytes ?? undefined);
  });
};

/** Longest wait for a download (an inbox's attachments from Discord's CDN), whole answer included. */
const DOWNLOAD_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 3;

/**
 * GET of a URL outside the API (attachments), following a few redirects as fetch would.
 * The bot runs without WebAssembly (docs/BENCHMARKS.md), so the global fetch is not
 * available to it.
 */
export async function download(url: string): Promise<ResponseLike> {
  const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await httpRequest(current, { method: 'GET', signal });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null || hop >= MAX_REDIRECTS) return res;
    await res.arrayBuffer();
    current = new URL(location, current).href;
  }
}
