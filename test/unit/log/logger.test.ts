import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, LOG_FILE_NAME, minimumLevel, type LoggerOptions } from '../../../src/log/logger.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ttb-log-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const FIXED = new Date('2024-05-06T07:08:09.010Z');

function setup(opts: Partial<LoggerOptions> = {}) {
  const out = new Capture();
  const logger = createLogger({ verbosity: 0, logDir: tmp, console: out, now: () => FIXED, ...opts });
  const fileText = (suffix = ''): string => {
    const file = path.join(tmp, LOG_FILE_NAME + suffix);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  };
  const records = (): Record<string, unknown>[] =>
    fileText().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { out, logger, fileText, records };
}

test('minimumLevel per verbosity', () => {
  for (const name of ['theticketbot', 'theticketbot.store']) {
    assert.equal(minimumLevel(name, 0), 'info');
    assert.equal(minimumLevel(name, 1), 'debug');
    assert.equal(minimumLevel(name, 2), 'debug');
  }
  for (const name of ['discord', 'discord.gateway', 'theticketbotx']) {
    assert.equal(minimumLevel(name, 0), 'info');
    assert.equal(minimumLevel(name, 1), 'info');
    assert.equal(minimumLevel(name, 2), 'debug');
  }
});

test('levels: what reaches the console and the file at each verbosity', async () => {
  for (const verbosity of [0, 1, 2] as const) {
    fs.rmSync(path.join(tmp, LOG_FILE_NAME), { force: true });
    const { out, logger, records } = setup({ verbosity });
    const own = logger.child('store');
    const lib = logger.named('discord.gateway');
    own.debug('own-debug');
    own.info('own-info');
    lib.debug('lib-debug');
    lib.info('lib-info');
    logger.warn('root-warn');
    logger.error('root-error');
    await logger.close();
    const expected = [
      ...(verbosity >= 1 ? ['own-debug'] : []),
      'own-info',
      ...(verbosity >= 2 ? ['lib-debug'] : []),
      'lib-info',
      'root-warn',
      'root-error',
    ];
    assert.deepEqual(records().map((r) => r['msg']), expected, `file at -v x${verbosity}`);
    for (const msg of ['own-debug', 'own-info', 'lib-debug', 'lib-info']) {
      assert.equal(out.text.includes(msg), expected.includes(msg), `console ${msg} at -v x${verbosity}`);
    }
  }
});

test('names: root is theticketbot, child appends, named is absolute', () => {
  const { logger } = setup();
  assert.equal(logger.name, 'theticketbot');
  assert.equal(logger.child('store').name, 'theticketbot.store');
  assert.equal(logger.child('store').child('inboxes').name, 'theticketbot.store.inboxes');
  assert.equal(logger.named('discord.rest').name, 'discord.rest');
  assert.equal(logger.named('discord').child('ws').name, 'discord.ws');
});

test('file records are JSON lines with time, level, name, msg, fields and err', async () => {
  const { logger, records } = setup();
  const err = Object.assign(new Error('boom'), { code: 'E_BOOM' });
  logger.child('router').error('handler failed', { code: 'a1b2', guild: '123456789012345678', n: 5n, err });
  await logger.close();
  const [rec] = records();
  assert.ok(rec);
  assert.equal(rec['time'], FIXED.toISOString());
  assert.equal(rec['level'], 'error');
  assert.equal(rec['name'], 'theticketbot.router');
  assert.equal(rec['msg'], 'handler failed');
  assert.equal(rec['code'], 'a1b2');
  assert.equal(rec['guild'], '123456789012345678');
  assert.equal(rec['n'], '5');
  const e = rec['err'] as Record<string, unknown>;
  assert.equal(e['message'], 'boom');
  assert.equal(e['code'], 'E_BOOM');
  assert.match(String(e['stack']), /^Error: boom\n\s+at /);
});

test('console: one readable line, compact fields, the stack below', async () => {
  const { out, logger } = setup({ logDir: null });
  logger.info('ready', { guilds: 3, user: 'Ticket Bot#0001', ok: true });
  logger.error('failed', { err: new Error('kaput', { cause: new TypeError('inner') }) });
  const lines = out.text.split('\n');
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO  theticketbot: ready guilds=3 user="Ticket Bot#0001" ok=true$/);
  assert.match(lines[1]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ERROR theticketbot: failed$/);
  assert.equal(lines[2], '    Error: kaput');
  assert.match(lines[3]!, /^\s+at /);
  assert.ok(out.text.includes('Caused by:'));
  assert.ok(out.text.includes('TypeError: inner'));
  await logger.close();
  assert.deepEqual(fs.readdirSync(tmp), [], 'no file without a log dir');
});

test('rotation keeps three backups, newest first', async () => {
  const { logger, fileText } = setup({ maxBytes: 300 });
  const line = (i: number): string => `message ${String(i).padStart(3, '0')} ${'x'.repeat(100)}`;
  for (let i = 0; i < 40; i++) logger.info(line(i));
  await logger.close();
  const files = fs.readdirSync(tmp).sort();
  assert.deepEqual(files, [LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`, `${LOG_FILE_NAME}.3`]);
  for (const suffix of ['', '.1', '.2', '.3']) {
    const text = fileText(suffix);
    assert.ok(Buffer.byteLength(text) <= 300, `${suffix || 'current'} stays under the limit`);
    for (const l of text.split('\n').filter(Boolean)) JSON.parse(l);
  }
  const msgs = (suffix: string): string[] =>
    fileText(suffix).split('\n').filter(Boolean).map((l) => String((JSON.parse(l) as { msg: string }).msg));
  const ordered = [...msgs('.3'), ...msgs('.2'), ...msgs('.1'), ...msgs('')];
  assert.equal(ordered.at(-1), line(39));
  for (let i = 1; i < ordered.length; i++) assert.ok(ordered[i - 1]! < ordered[i]!, 'backups are in order');
});

test('rotation continues an existing file and its size', async () => {
  fs.writeFileSync(path.join(tmp, LOG_FILE_NAME), 'y'.repeat(250) + '\n');
  const { logger, fileText } = setup({ maxBytes: 300 });
  logger.info('z'.repeat(80));
  await logger.close();
  assert.equal(fileText('.1'), 'y'.repeat(250) + '\n');
  assert.ok(fileText().includes('z'.repeat(80)));
});

test('secrets never reach the console or the file', async () => {
  const token = 'MTk4NjIy.Gx7abc.very-secret-token';
  const dbKey = "k3y'with;quote";
  const { out, logger, fileText } = setup({ secrets: () => [dbKey] });
  logger.addSecret(token);
  const err = new Error(`login failed for ${token}`);
  (err as Error & { request: unknown }).request = { headers: { authorization: `Bot ${token}` } };
  logger.error(`token is ${token}`, {
    err,
    nested: { deep: [{ key: dbKey }, `prefix-${token}-suffix`] },
    [token]: 'as a key',
    wrapped: new Error('outer', { cause: new Error(`cause ${dbKey}`) }),
  });
  logger.child('x').warn('plain', { list: new Set([token]), map: new Map([['k', dbKey]]) });
  await logger.close();
  for (const [where, text] of [['console', out.text], ['file', fileText()]] as const) {
    assert.ok(!text.includes(token), `${where} has no token`);
    assert.ok(!text.includes('very-secret'), `${where} has no part of the token`);
    assert.ok(!text.includes(dbKey), `${where} has no db key`);
    assert.ok(!text.includes(JSON.stringify(dbKey).slice(1, -1)), `${where} has no escaped db key`);
    assert.ok(text.includes('[REDACTED]'), `${where} shows the redaction`);
  }
  assert.ok(out.text.includes('login failed for [REDACTED]'));
});

test('a secret registered later applies from then on; empty secrets are ignored', () => {
  const { out, logger } = setup({ logDir: null });
  logger.addSecret('');
  logger.info('abcdefgh');
  logger.addSecret('abcdefgh');
  logger.info('abcdefgh');
  const lines = out.text.trim().split('\n');
  assert.match(lines[0]!, /: abcdefgh$/);
  assert.match(lines[1]!, /: \[REDACTED\]$/);
});

test('ordinary words that equal or contain a short key are left alone, and the log says the key is too short to hide', () => {
  const { out, logger } = setup({ logDir: null });
  logger.addSecret('ticket');
  logger.addSecret('ticket');
  logger.addSecret('key');
  logger.info('Opening your ticket… the monkey has a key: ticketbot');
  const lines = out.text.trim().split('\n');
  assert.match(lines.at(-1)!, /: Opening your ticket… the monkey has a key: ticketbot$/, 'nothing garbled, and no word points at the key');
  const warnings = lines.filter((l) => / WARN /.test(l));
  assert.equal(warnings.length, 2, 'one warning per short secret, however often it is registered');
  assert.match(warnings[0]!, /shorter than 8 characters/);
  const texts = warnings.map((l) => l.slice(l.indexOf(': ') + 2));
  assert.ok(!texts.join('\n').includes('ticket'), 'the warning does not show the secret');
});

test('a secret of medium length is replaced where it stands alone, not inside a longer word; a long one everywhere', () => {
  const { out, logger } = setup({ logDir: null });
  logger.addSecret('ticketbot');
  const token = 'MTk4NjIy.Gx7abc.very-secret-token';
  logger.addSecret(token);
  logger.info('theticketbot key=ticketbot "ticketbot" ticketbot.');
  logger.info(`Bot${token}x ${token}`);
  const lines = out.text.trim().split('\n');
  assert.match(lines[0]!, /: theticketbot key=\[REDACTED\] "\[REDACTED\]" \[REDACTED\]\.$/);
  assert.match(lines[1]!, /: Bot\[REDACTED\]x \[REDACTED\]$/);
});

test('a log call never throws', async () => {
  const broken = new Writable({
    write(): void {
      throw new Error('console gone');
    },
  });
  const circular: Record<string, unknown> = { a: 1 };
  circular['self'] = circular;
  const logger = createLogger({
    verbosity: 2,
    logDir: tmp,
    console: broken,
    secrets: () => {
      throw new Error('provider broke');
    },
  });
  logger.info('circular', { circular, fn: () => 1, sym: Symbol('s'), nan: Number.NaN, undef: undefined });
  logger.error('odd error', { err: { not: 'an error' } });
  logger.info('after throw-y getter', {
    get bad(): never {
      throw new Error('getter');
    },
  });
  await logger.close();
  logger.info('after close');
  const text = fs.readFileSync(path.join(tmp, LOG_FILE_NAME), 'utf8');
  const first = JSON.parse(text.split('\n')[0]!) as { circular: { self: string }; nan: string };
  assert.equal(first.circular.self, '[Circular]');
  assert.equal(first.nan, 'NaN');
});

test('a failing log file becomes a single console warning', async () => {
  const blocker = path.join(tmp, 'not-a-dir');
  fs.writeFileSync(blocker, '');
  const { out, logger } = setup({ logDir: path.join(blocker, 'logs') });
  logger.info('one');
  logger.info('two');
  logger.error('three');
  await logger.close();
  const warnings = out.text.split('\n').filter((l) => l.includes('cannot write the log file'));
  assert.equal(warnings.length, 1);
  for (const msg of ['one', 'two', 'three']) assert.ok(out.text.includes(`: ${msg}`));
});

test('interaction tokens are redacted by their place: request paths, bucket names, token fields', async () => {
  const token = 'aW50ZXJhY3Rpb246MTI0NjgyNjg0MTIzMTMyODAwMDpmYWtlLXRva2VuLWZvci10ZXN0cy1vbmx5';
  const { out, logger, fileText } = setup({ verbosity: 2 });
  const lib = logger.named('discord.rest');
  const error = Object.assign(new Error('Unknown Webhook'), {
    url: `https://discord.com/api/v10/webhooks/1246826841231327270/${token}/messages/%40original`,
  });
  logger.warn('Could not tell a member that their ticket is ready', { err: error });
  logger.error('Unexpected error', { url: `https://discord.com/api/v10/interactions/1246826841231328001/${token}/callback?with_response=false` });
  lib.debug(`[REST Global(PATCH:/webhooks/:id/:token/messages/:id):1246826841231327270/${token}] Received bucket hash update`);
  logger.info('payload', { interaction: { id: '1246826841231328001', token: 'short' } });
  // Ordinary paths and text stay as they are.
  logger.info('GET /channels/1246826841231327270/messages/1246826841231327271 and /webhooks in prose');
  await logger.close();
  for (const text of [out.text, fileText()]) {
    assert.ok(!text.includes(token), text);
    assert.ok(!text.includes('"short"') && !text.includes('token=short'), 'a token field');
    assert.match(text, /\/webhooks\/1246826841231327270\/\[REDACTED\]\/messages\/%40original/);
    assert.match(text, /\/interactions\/1246826841231328001\/\[REDACTED\]\/callback\?with_response=false/);
    assert.match(text, /:1246826841231327270\/\[REDACTED\]\]/);
    assert.match(text, /GET \/channels\/1246826841231327270\/messages\/1246826841231327271 and \/webhooks in prose/);
  }
});
