// "Could not reach Discord" told apart by cause, from the errors the REST client really
// throws: a closed port, a server that never answers, plain HTTP where HTTPS was asked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { REST } from '@discordjs/rest';
import { FatalError, login } from '../../../src/main.ts';
import { unreachableKind, unreachableMessage } from '../../../src/discord/unreachable.ts';

const listen = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
};

let closedPort = 0;
const silent = createServer(() => {});
const plainHttp = createHttpServer((_req, res) => res.end('not TLS'));
let silentPort = 0;
let plainPort = 0;
before(async () => {
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  silentPort = await listen(silent);
  plainPort = await listen(plainHttp);
});
after(() => {
  silent.close();
  plainHttp.close();
});

/** What login() throws against `api`, with one attempt and a short timeout. */
async function loginError(api: string): Promise<unknown> {
  const rest = new REST({ api, version: '10', retries: 0, timeout: 300 }).setToken('MTIz.abc.def');
  try {
    await login(rest);
  } catch (error) {
    return error;
  }
  throw new Error('login succeeded');
}

test('connection refused, no answer in time and a TLS failure are told apart, each with what to check', async () => {
  const cases = [
    { api: `http://127.0.0.1:${closedPort}/api`, kind: 'refused', text: new RegExp(`the connection to 127\\.0\\.0\\.1:${closedPort} was refused \\(ECONNREFUSED\\)`) },
    { api: `http://127.0.0.1:${silentPort}/api`, kind: 'timeout', text: /no answer in time/ },
    { api: `https://127.0.0.1:${plainPort}/api`, kind: 'tls', text: /the secure connection failed \(ERR_SSL_/ },
  ];
  for (const c of cases) {
    const error = await loginError(c.api);
    assert.ok(error instanceof FatalError, `${c.kind}: ${String(error)}`);
    assert.equal(error.reason, 'unreachable');
    assert.ok(error.message.startsWith(`Could not reach Discord at ${c.api}: `), error.message);
    assert.match(error.message, c.text);
    assert.match(error.message, /discord\.api_url/);
    assert.ok(!error.message.includes('MTIz.abc.def'), 'no token');
  }
});

test('DNS failures name the host looked up', () => {
  for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
    const error = Object.assign(new Error(`getaddrinfo ${code} discord.com`), { code, syscall: 'getaddrinfo', hostname: 'discord.com' });
    assert.equal(unreachableKind(error), 'dns');
    assert.equal(
      unreachableMessage(error, 'https://discord.com/api'),
      `Could not reach Discord at https://discord.com/api: the name discord.com could not be looked up (${code}). Check that this machine is online and its DNS works, any proxy it must use, and discord.api_url in config.toml (or THETICKETBOT_API_URL), if you changed it.`,
    );
  }
  // fetch() wraps the socket's error as its cause.
  const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' }) });
  assert.equal(unreachableKind(wrapped), 'network');
});

test('anything else is not "unreachable"', () => {
  assert.equal(unreachableKind(new Error('boom')), null);
  assert.equal(unreachableKind(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' })), null);
  assert.equal(unreachableMessage('text', 'https://discord.com/api'), null);
});
