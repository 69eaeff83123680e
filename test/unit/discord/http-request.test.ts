// The node:http request strategy against real local servers: what @discordjs/rest reads
// from an answer, bodies, aborts, keep-alive, errors, TLS, and the client's own retries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPError, REST } from '@discordjs/rest';
import { FormData as NodeFormData } from 'formdata-node';
import { download, httpRequest } from '../../../src/discord/http-request.ts';
import { NoAnswerError, postOnce, withRequestPolicy } from '../../../src/discord/rest-policy.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  socket: unknown;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void;

describe('httpRequest', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  const routes = new Map<string, Handler>();

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks), socket: req.socket };
        seen.push(entry);
        const handler = routes.get(new URL(req.url!, 'http://x').pathname);
        if (handler) handler(req, res, entry);
        else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"404: Not Found","code":0}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a JSON answer: status, ok, headers by any case, json(); the body reads once', async () => {
    routes.set('/json', (_req, res) => res.writeHead(200, 'Fine', { 'Content-Type': 'application/json', 'X-RateLimit-Bucket': 'abc' }).end('{"id":"1574716449547776001"}'));
    const res = await httpRequest(`${base}/json`, { method: 'GET' });
    assert.equal(res.status, 200);
    assert.equal(res.statusText, 'Fine');
    assert.equal(res.ok, true);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('x-ratelimit-bucket'), 'abc');
    assert.equal(res.headers.has('X-RateLimit-Global'), false);
    assert.equal(res.headers.get('retry-after'), null);
    assert.equal(res.bodyUsed, false);
    // The id stays a string: the body is parsed as text, never through a number.
    assert.deepEqual(await res.json(), { id: '1574716449547776001' });
    assert.equal(res.bodyUsed, true);
    await assert.rejects(res.text(), TypeError);
  });

  test('the body stream is the same object on every read, as fetch\'s (the REST proxy checks it, then pipes it)', async () => {
    routes.set('/stream', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"1574716449547776001"}'));
    const res = await httpRequest(`${base}/stream`, { method: 'GET' });
    const body = res.body as unknown as AsyncIterable<Buffer> | null;
    assert.ok(body);
    assert.equal(res.body, body);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString('utf8'), '{"id":"1574716449547776001"}');
    assert.equal(res.bodyUsed, true);
  });

  test('204 without a body: no body stream, empty bytes', async () => {
    routes.set('/empty', (_req, res) => res.writeHead(204).end());
    const res = await httpRequest(`${base}/empty`, { method: 'DELETE' });
    assert.equal(res.status, 204);
    assert.equal(res.ok, true);
    assert.equal(res.body, null);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  test('a 4xx is an answer, not an error', async () => {
    const res = await httpRequest(`${base}/nowhere`, { method: 'GET' });
    assert.equal(res.status, 404);
    assert.equal(res.ok, false);
    assert.equal(((await res.json()) as { code: number }).code, 0);
  });

  test('a JSON body is sent as given, with its length and the caller\'s headers', async () => {
    routes.set('/echo', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    const body = JSON.stringify({ content: 'grüße' });
    await httpRequest(`${base}/echo`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: 'Bot t', 'X-Audit-Log-Reason': 'why' } });
    const req = seen.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.body.toString('utf8'), body);
    assert.equal(req.headers['content-length'], String(Buffer.byteLength(body)));
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.authorization, 'Bot t');
    assert.equal(req.headers['x-audit-log-reason'], 'why');
  });

  test('a body-less POST says Content-Length: 0; a GET sends no body even if given one', async () => {
    await httpRequest(`${base}/echo`, { method: 'POST' });
    assert.equal(seen.at(-1)!.headers['content-length'], '0');
    await httpRequest(`${base}/echo`, { method: 'GET', body: 'ignored' });
    assert.equal(seen.at(-1)!.body.length, 0);
  });

  for (const [label, Form] of [['undici', FormData], ['formdata-node (without WebAssembly)', NodeFormData]] as const) test(`FormData (file uploads, ${label}) is encoded as multipart with its boundary`, async () => {
    const form = new Form();
    form.append('files[0]', new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), 'a.png');
    form.append('payload_json', JSON.stringify({ content: 'hi' }));
    await httpRequest(`${base}/echo`, { method: 'POST', body: form as FormData, headers: {} });
    const req = seen.at(-1)!;
    const type = req.headers['content-type']!;
    assert.match(type, /^multipart\/form-data; boundary=/);
    const boundary = type.split('boundary=')[1]!;
    const text = req.body.toString('latin1');
    assert.ok(text.includes(`--${boundary}`));
    assert.match(text, /name="files\[0\]"; filename="a.png"\r\nContent-Type: image\/png\r\n\r\n\x89PNG\r\n/);
    assert.match(text, /name="payload_json"\r\n\r\n\{"content":"hi"\}\r\n/);
    assert.equal(req.headers['content-length'], String(req.body.length));
  });

  test('keep-alive: consecutive requests share one connection', async () => {
    routes.set('/ka', (_req, res) => res.writeHead(200).end('ok'));
    const first = await httpRequest(`${base}/ka`, { method: 'GET' });
    await first.text();
    const second = await httpRequest(`${base}/ka`, { method: 'GET' });
    await second.text();
    const [a, b] = seen.slice(-2);
    assert.equal(a!.socket, b!.socket);
  });

  test('aborts reject with an AbortError before sending, while waiting and while reading the body', async () => {
    routes.set('/hang', () => {});
    routes.set('/slow-body', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
    });
    const early = new AbortController();
    early.abort();
    await assert.rejects(httpRequest(`${base}/hang`, { method: 'GET', signal: early.signal }), { name: 'AbortError' });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(), 50);
    await assert.rejects(httpRequest(`${base}/hang`, { method: 'GET', signal: waiting.signal }), { name: 'AbortError' });
    const reading = new AbortController();
    setTimeout(() => reading.abort(), 50);
    await assert.rejects(httpRequest(`${base}/slow-body`, { method: 'GET', signal: reading.signal }), { name: 'AbortError' });
  });

  test('a refused connection is an error with its code and without the URL (interaction URLs hold tokens)', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await httpRequest(`http://127.0.0.1:${port}/webhooks/1/secret-token/messages/@original`, { method: 'PATCH', body: '{}' }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    assert.equal(error.code, 'ECONNREFUSED');
    assert.ok(!String(error.message).includes('secret-token'));
    assert.ok(!String(error.stack).includes('secret-token'));
  });

  test('a connection closed in the middle of the answer is an ECONNRESET, which the client retries', async () => {
    routes.set('/cut', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => req.socket.destroy(), 10);
    });
    await assert.rejects(httpRequest(`${base}/cut`, { method: 'GET' }), { code: 'ECONNRESET' });
  });

  test('download() follows a redirect, as fetch would', async () => {
    routes.set('/moved', (_req, res) => res.writeHead(302, { location: '/file' }).end());
    routes.set('/file', (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([1, 2, 3])));
    const res = await download(`${base}/moved`);
    assert.equal(res.status, 200);
    assert.deepEqual([...new Uint8Array(await res.arrayBuffer())], [1, 2, 3]);
  });

  describe('under @discordjs/rest and the send-once policy', () => {
    function client(timeout = 10_000): REST {
      return new REST({ api: `${base}/api`, version: '10', timeout, retries: 2, makeRequest: withRequestPolicy(httpRequest) }).setToken('t');
    }

    test('a GET answered JSON comes back parsed; a 204 comes back empty', async () => {
      routes.set('/api/v10/users/@me', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}'));
      routes.set('/api/v10/channels/1/messages/2', (_req, res) => res.writeHead(204).end());
      const rest = client();
      assert.deepEqual(await rest.get('/users/@me'), { id: '1' });
      assert.equal(((await rest.delete('/channels/1/messages/2')) as ArrayBuffer).byteLength, 0);
    });

    test('a request that times out is sent again by the client, as with fetch (AbortError)', async () => {
      routes.set('/api/v10/channels/9', () => {});
      const before = seen.filter((s) => s.url === '/api/v10/channels/9').length;
      await assert.rejects(client(100).get('/channels/9'), { name: 'AbortError' });
      assert.equal(seen.filter((s) => s.url === '/api/v10/channels/9').length - before, 3, 'the first attempt and two retries');
    });

    test('a send-once POST that times out is sent once and reported as unanswered', async () => {
      routes.set('/api/v10/channels/8/messages', () => {});
      const before = seen.filter((s) => s.url === '/api/v10/channels/8/messages').length;
      const log = { warn() {}, info() {}, debug() {}, error() {} } as unknown as Parameters<typeof postOnce>[0]['log'];
      await assert.rejects(
        postOnce({ rest: client(100), route: '/channels/8/messages', body: { content: 'x' }, read: (a) => a, find: async () => null, what: 'a message', log, recheckDelayMs: 1 }),
        (e: unknown) => e instanceof Error && e.cause instanceof NoAnswerError,
      );
      assert.equal(seen.filter((s) => s.url === '/api/v10/channels/8/messages').length - before, 1);
      assert.equal(seen.at(-1)!.headers['x-theticketbot-send-once'], undefined, 'the marker never leaves the process');
    });

    test('a send-once POST answered 500 is not retried by the client', async () => {
      routes.set('/api/v10/channels/7/messages', (_req, res) => res.writeHead(500).end());
      const before = seen.filter((s) => s.url === '/api/v10/channels/7/messages').length;
      const rest = client();
      await assert.rejects(rest.post('/channels/7/messages', { body: {}, headers: { 'x-theticketbot-send-once': '1' } }), HTTPError);
      assert.equal(seen.filter((s) => s.url === '/api/v10/channels/7/messages').length - before, 1);
    });
  });
});

describe('httpRequest over TLS', () => {
  const openssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

  test('https verifies the server certificate (a self-signed one is refused)', { skip: openssl ? false : 'openssl is not installed (apt-get install openssl)' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttb-tls-'));
    try {
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      assert.equal(made.status, 0, 'openssl made a certificate');
      const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        await assert.rejects(httpRequest(`https://127.0.0.1:${port}/api/v10/gateway/bot`, { method: 'GET' }), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('other protocols are refused', async () => {
    await assert.rejects(httpRequest('ftp://127.0.0.1/x', { method: 'GET' }), /unsupported protocol ftp:/);
  });
});
