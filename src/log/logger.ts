// Logging: one readable line per record on the console, JSON lines in a rotating file.
// Secrets are scrubbed from every record before it reaches either output: the known ones
// (token, database key) wherever they appear, interaction tokens by where they stand.
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  /** Dotted name, e.g. `theticketbot.store` or `discord.gateway`. */
  readonly name: string;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger named `<this name>.<name>`. */
  child(name: string): Logger;
}

export interface RootLogger extends Logger {
  /** A logger with exactly this dotted name, for library output (`discord.rest`, …). */
  named(name: string): Logger;
  /** From now on, `s` is replaced by [REDACTED] wherever it appears. */
  addSecret(s: string): void;
  /** Closes the log file. Console output keeps working afterwards. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** 0: info and above; 1: debug for `theticketbot.*`; 2: debug for everything. */
  verbosity: 0 | 1 | 2;
  /** Directory of `theticketbot.log`; null for no file. Created when first needed. */
  logDir: string | null;
  /** Defaults to process.stderr. */
  console?: NodeJS.WritableStream;
  /** Secrets known elsewhere (token, database key), asked for on every record. */
  secrets?: () => string[];
  /** Name of the root logger; defaults to `theticketbot`. */
  name?: string;
  /** Rotation threshold in bytes; defaults to 5 MB. */
  maxBytes?: number;
  /** Rotated files kept (`.1` … `.N`); defaults to 3. */
  backups?: number;
  /** Clock for record times. */
  now?: () => Date;
}

export const LOG_FILE_NAME = 'theticketbot.log';
export const REDACTED = '[REDACTED]';
const APP_LOGGER = 'theticketbot';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The lowest level a logger called `name` emits at `verbosity`. */
export function minimumLevel(name: string, verbosity: 0 | 1 | 2): LogLevel {
  if (verbosity >= 2) return 'debug';
  const own = name === APP_LOGGER || name.startsWith(`${APP_LOGGER}.`);
  return verbosity === 1 && own ? 'debug' : 'info';
}

// ---------------------------------------------------------------------------------------
// Turning arbitrary fields into plain JSON values, then scrubbing secrets from them.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_DEPTH = 8;

function serializeError(err: Error, seen: Set<object>, depth: number): Json {
  const out: { [key: string]: Json } = {};
  if (err.name && err.name !== 'Error') out['name'] = err.name;
  out['message'] = String(err.message);
  if (err.stack !== undefined) out['stack'] = String(err.stack);
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out['code'] = toJson(code, seen, depth + 1);
  for (const [key, value] of Object.entries(err)) {
    if (key in out || key === 'cause') continue;
    out[key] = toJson(value, seen, depth + 1);
  }
  if (err.cause !== undefined) out['cause'] = toJson(err.cause, seen, depth + 1);
  return out;
}

function toJson(value: unknown, seen: Set<object>, depth: number): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[Too deep]';
  seen.add(obj);
  try {
    if (obj instanceof Error) return serializeError(obj, seen, depth);
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (Buffer.isBuffer(obj)) return `[Buffer ${obj.length} bytes]`;
    if (Array.isArray(obj)) return obj.map((v) => toJson(v, seen, depth + 1));
    if (obj instanceof Map) {
      return Object.fromEntries([...obj].map(([k, v]) => [String(k), toJson(v, seen, depth + 1)]));
    }
    if (obj instanceof Set) return [...obj].map((v) => toJson(v, seen, depth + 1));
    const out: { [key: string]: Json } = {};
    for (const k of Object.keys(obj)) {
      try {
        out[k] = toJson((obj as Record<string, unknown>)[k], seen, depth + 1);
      } catch {
        out[k] = '[Unreadable]';
      }
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Interaction tokens travel in request paths (`/interactions/{id}/{token}/callback`,
 * `/webhooks/{application id}/{token}/…`), so they turn up in the url of every REST error
 * about an interaction and in the REST library's debug lines, which also name a webhook's
 * bucket as `{id}/{token}`. They are never known in advance, so they go by their place.
 */
const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"'\]]+/g;
/** An id followed by a long token-like segment (the library's `{id}/{token}` bucket names). */
const TOKEN_AFTER_ID = /(\b\d{17,20}\/)[A-Za-z0-9._~+=-]{32,}/g;
/** Fields that hold a token whatever their value looks like. */
const TOKEN_KEY = /^(?:token|access_token|refresh_token|interaction_token)$/i;

/**
 * Below this length a secret is not hidden on its own: replacing it would garble every
 * word that contains it (a key "ticket" in "Opening your ticket…"), and the gaps would
 * show readers the key. Such a key is reported once instead (see Core.addSecret).
 */
export const MIN_SECRET_LENGTH = 8;
/** From this length a secret is replaced wherever it appears; shorter ones only where they stand alone. */
const ANYWHERE_SECRET_LENGTH = 20;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `secret` at `at` in `s` is a whole word, not part of a longer run of letters and digits. */
function standsAlone(s: string, at: number, secret: string): boolean {
  const before = s[at - 1];
  const after = s[at + secret.length];
  if (before !== undefined && WORD_CHAR.test(before) && WORD_CHAR.test(secret[0]!)) return false;
  if (after !== undefined && WORD_CHAR.test(after) && WORD_CHAR.test(secret.at(-1)!)) return false;
  return true;
}

function scrubString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH || !out.includes(secret)) continue;
    if (secret.length >= ANYWHERE_SECRET_LENGTH) {
      out = out.split(secret).join(REDACTED);
      continue;
    }
    let result = '';
    let from = 0;
    for (let at = out.indexOf(secret); at !== -1; at = out.indexOf(secret, at + 1)) {
      if (at < from || !standsAlone(out, at, secret)) continue;
      result += out.slice(from, at) + REDACTED;
      from = at + secret.length;
    }
    out = result + out.slice(from);
  }
  if (out.includes('/')) out = out.replace(TOKEN_IN_PATH, `$1${REDACTED}`).replace(TOKEN_AFTER_ID, `$1${REDACTED}`);
  return out;
}

function scrub(value: Json, secrets: readonly string[]): Json {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[scrubString(k, secrets)] = TOKEN_KEY.test(k) && v !== null ? REDACTED : scrub(v, secrets);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Rendering.

interface LogRecord {
  time: string;
  level: LogLevel;
  name: string;
  msg: string;
  fields: { [key: string]: Json };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function consoleTime(d: Date): string {
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
  );
}

function compactValue(value: Json): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

function errorLines(err: Json, indent: string): string[] {
  if (err === null || typeof err !== 'object' || Array.isArray(err)) return [`${indent}${compactValue(err)}`];
  const stack = typeof err['stack'] === 'string' ? err['stack'] : null;
  const head = `${typeof err['name'] === 'string' ? err['name'] : 'Error'}: ${String(err['message'] ?? '')}`;
  const lines = (stack ?? head).split('\n').map((l) => `${indent}${l}`);
  const extra = Object.entries(err).filter(([k]) => !['name', 'message', 'stack', 'cause'].includes(k));
  if (extra.length > 0) lines.push(`${indent}  ${extra.map(([k, v]) => `${k}=${compactValue(v)}`).join(' ')}`);
  if (err['cause'] !== undefined) lines.push(`${indent}Caused by:`, ...errorLines(err['cause'], indent));
  return lines;
}

function consoleLine(record: LogRecord, date: Date): string {
  const { err, ...rest } = record.fields;
  let line = `${consoleTime(date)} ${record.level.toUpperCase().padEnd(5)} ${record.name}: ${record.msg}`;
  const inline = Object.entries(rest).map(([k, v]) => `${k}=${compactValue(v)}`);
  if (inline.length > 0) line += ` ${inline.join(' ')}`;
  if (err !== undefined) line += `\n${errorLines(err, '    ').join('\n')}`;
  return `${line}\n`;
}

function fileLine(record: LogRecord): string {
  const { time, level, name, msg, fields } = record;
  // Fields cannot overwrite the record's own keys.
  const { time: _t, level: _l, name: _n, msg: _m, ...rest } = fields;
  return `${JSON.stringify({ time, level, name, msg, ...rest })}\n`;
}

// ---------------------------------------------------------------------------------------
// The rotating file.

class RotatingFile {
  private fd: number | null = null;
  private size = 0;
  private readonly file: string;
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly backups: number;

  constructor(dir: string, maxBytes: number, backups: number) {
    this.dir = dir;
    this.file = path.join(dir, LOG_FILE_NAME);
    this.maxBytes = maxBytes;
    this.backups = backups;
  }

  private open(): number {
    fs.mkdirSync(this.dir, { recursive: true });
    const fd = fs.openSync(this.file, 'a', 0o600);
    this.size = fs.fstatSync(fd).size;
    this.fd = fd;
    return fd;
  }

  private rotate(): void {
    this.closeFd();
    if (this.backups <= 0) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    fs.rmSync(`${this.file}.${this.backups}`, { force: true });
    for (let i = this.backups - 1; i >= 1; i--) {
      const from = `${this.file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${i + 1}`);
    }
    if (fs.existsSync(this.file)) fs.renameSync(this.file, `${this.file}.1`);
  }

  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    let fd = this.fd ?? this.open();
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) {
      this.rotate();
      fd = this.open();
    }
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
    this.size += bytes.length;
  }

  private closeFd(): void {
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      fs.closeSync(fd);
    }
  }

  close(): void {
    this.closeFd();
  }
}

// ---------------------------------------------------------------------------------------
// The shared core behind every logger of one tree.

class Core {
  private readonly verbosity: 0 | 1 | 2;
  private readonly consoleOut: NodeJS.WritableStream;
  private readonly extraSecrets: (() => string[]) | undefined;
  private readonly secrets = new Set<string>();
  private readonly now: () => Date;
  private file: RotatingFile | null;
  private fileFailed = false;

  constructor(opts: LoggerOptions) {
    this.verbosity = opts.verbosity;
    this.consoleOut = opts.console ?? process.stderr;
    this.extraSecrets = opts.secrets;
    this.now = opts.now ?? (() => new Date());
    this.file =
      opts.logDir === null ? null : new RotatingFile(opts.logDir, opts.maxBytes ?? 5 * 1024 * 1024, opts.backups ?? 3);
  }

  addSecret(s: string): void {
    if (typeof s !== 'string' || s === '' || this.secrets.has(s)) return;
    this.secrets.add(s);
    if (s.length < MIN_SECRET_LENGTH) {
      this.log(
        `${APP_LOGGER}.log`,
        'warn',
        `A secret shorter than ${MIN_SECRET_LENGTH} characters (such as a short database key) is not hidden in the logs: hiding it would garble every word that contains it. Choose a longer one.`,
        undefined,
      );
    }
  }

  private currentSecrets(): string[] {
    const all = new Set(this.secrets);
    if (this.extraSecrets) {
      try {
        for (const s of this.extraSecrets()) if (typeof s === 'string' && s !== '') all.add(s);
      } catch {
        // A failing provider must not stop logging; the registered secrets still apply.
      }
    }
    // Longest first, so a secret that contains another is replaced whole.
    return [...all].sort((a, b) => b.length - a.length);
  }

  enabled(name: string, level: LogLevel): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[minimumLevel(name, this.verbosity)];
  }

  log(name: string, level: LogLevel, msg: string, fields: LogFields | undefined): void {
    try {
      if (!this.enabled(name, level)) return;
      const secrets = this.currentSecrets();
      const date = this.now();
      const rawFields = fields === undefined ? {} : toJson(fields, new Set(), 0);
      const record: LogRecord = {
        time: date.toISOString(),
        level,
        name: scrubString(name, secrets),
        msg: scrubString(String(msg), secrets),
        fields: scrub(rawFields, secrets) as { [key: string]: Json },
      };
      this.writeConsole(consoleLine(record, date));
      this.writeFile(record, secrets);
    } catch {
      // Logging must never take the bot down.
    }
  }

  private writeConsole(text: string): void {
    try {
      this.consoleOut.write(text);
    } catch {
      // A closed console (EPIPE) is not worth crashing for.
    }
  }

  private writeFile(record: LogRecord, secrets: readonly string[]): void {
    if (this.file === null || this.fileFailed) return;
    try {
      this.file.write(fileLine(record));
    } catch (err) {
      this.fileFailed = true;
      try {
        this.file.close();
      } catch {
        // Already broken; nothing more to do.
      }
      const reason = err instanceof Error ? err.message : String(err);
      const warning: LogRecord = {
        time: this.now().toISOString(),
        level: 'warn',
        name: APP_LOGGER,
        msg: scrubString(`cannot write the log file, logging to the console only from now on: ${reason}`, secrets),
        fields: {},
      };
      this.writeConsole(consoleLine(warning, this.now()));
    }
  }

  async close(): Promise<void> {
    try {
      this.file?.close();
    } catch {
      // Closing is best effort.
    }
    this.file = null;
  }
}

class NamedLogger implements Logger {
  readonly name: string;
  protected readonly core: Core;

  constructor(core: Core, name: string) {
    this.core = core;
    this.name = name;
  }

  debug(msg: string, fields?: LogFields): void {
    this.core.log(this.name, 'debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.core.log(this.name, 'info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.core.log(this.name, 'warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.core.log(this.name, 'error', msg, fields);
  }
  child(name: string): Logger {
    return new NamedLogger(this.core, this.name === '' ? name : `${this.name}.${name}`);
  }
}

class Root extends NamedLogger implements RootLogger {
  named(name: string): Logger {
    return new NamedLogger(this.core, name);
  }
  addSecret(s: string): void {
    this.core.addSecret(s);
  }
  close(): Promise<void> {
    return this.core.close();
  }
}

export function createLogger(opts: LoggerOptions): RootLogger {
  return new Root(new Core(opts), opts.name ?? APP_LOGGER);
}
