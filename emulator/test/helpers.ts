/** Test helpers: a raw gateway client that queues payloads for step-by-step assertions. */

import zlib from 'node:zlib';
import { WebSocket } from 'ws';

export interface Payload {
  op: number;
  d: any;
  s: number | null;
  t: string | null;
}

export class RawGatewayClient {
  readonly ws: WebSocket;
  readonly received: Payload[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  #waiters: Array<{ pred: (p: Payload) => boolean; resolve: (p: Payload) => void; from: number }> = [];
  #cursor = 0;
  #inflate: zlib.Inflate | null = null;
  #inflateChunks: Buffer[] = [];

  constructor(url: string, opts: { zlibStream?: boolean } = {}) {
    this.ws = new WebSocket(url);
    if (opts.zlibStream) {
      this.#inflate = zlib.createInflate();
      this.#inflate.on('data', (c: Buffer) => this.#inflateChunks.push(c));
    }
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.opened.catch(() => {});
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary && this.#inflate) {
        const inflate = this.#inflate;
        inflate.write(data);
        inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          const text = Buffer.concat(this.#inflateChunks).toString('utf8');
          this.#inflateChunks = [];
          if (text) this.#push(JSON.parse(text) as Payload);
        });
        return;
      }
      const text = isBinary ? zlib.inflateSync(data).toString('utf8') : data.toString('utf8');
      this.#push(JSON.parse(text) as Payload);
    });
  }

  #push(p: Payload): void {
    this.received.push(p);
    for (const w of [...this.#waiters]) {
      const idx = this.received.findIndex((x, i) => i >= w.from && w.pred(x));
      if (idx >= 0) {
        this.#waiters = this.#waiters.filter((x) => x !== w);
        w.resolve(this.received[idx] as Payload);
      }
    }
  }

  send(payload: unknown): void {
    this.ws.send(JSON.stringify(payload));
  }

  /** Resolves with the next payload (after earlier `next` calls) matching the predicate. */
  next(pred: (p: Payload) => boolean = () => true): Promise<Payload> {
    const from = this.#cursor;
    const idx = this.received.findIndex((x, i) => i >= from && pred(x));
    if (idx >= 0) {
      this.#cursor = idx + 1;
      return Promise.resolve(this.received[idx] as Payload);
    }
    return new Promise((resolve) => {
      this.#waiters.push({
        pred,
        from,
        resolve: (p) => {
          this.#cursor = this.received.indexOf(p) + 1;
          resolve(p);
        },
      });
    });
  }

  dispatch(t: string): Promise<Payload> {
    return this.next((p) => p.op === 0 && p.t === t);
  }

  async identify(token: string, intents: number, extra: Record<string, unknown> = {}): Promise<Payload> {
    await this.next((p) => p.op === 10);
    this.send({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' }, ...extra } });
    return this.dispatch('READY');
  }

  close(code = 1000): void {
    this.ws.close(code);
  }
}

export function gatewayUrl(base: string): string {
  return `${base}?v=10&encoding=json`;
}
