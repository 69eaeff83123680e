// Generators for the config fuzz tests (fuzz.test.ts, and test/e2e/config-fuzz.test.ts,
// which feeds a few of the same outputs to the real CLI). Everything is driven by a small
// seeded PRNG, so a case is replayed from its seed alone.
import { DEFAULT_CONFIG, schemaKeys } from '../../../src/config/schema.ts';

// ---------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a 32-bit state, good enough to drive a fuzzer, trivially replayable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a run seed, a kind and a case number into the seed of one case. */
export function caseSeed(runSeed: number, kind: string, index: number): number {
  let h = (runSeed ^ 0x9e3779b9) >>> 0;
  for (const c of `${kind}#${index}`) {
    h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  }
  return Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
}

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
  /** A length skewed towards small values, occasionally up to `max`. */
  length(max: number): number {
    const r = this.next();
    return Math.floor(max * r * r * r);
  }
}

// ---------------------------------------------------------------------------------------
// What the tests need to know about the schema

/** Appears in every string generated for a secret key; it must never reach a message. */
export const SECRET_MARKER = 'Zq9SECRETzq9';

/** Keys whose values are secrets (bot.token, the db key template, pragmas that may hold a key, db.url with its password). */
export function isSecretPath(path: string): boolean {
  return /^(bot\.token|db\.key_template|db\.pragmas|db\.url)(?![A-Za-z0-9_])/.test(path);
}

export const KEYS = schemaKeys();
export const TABLE_PATHS = ['', ...KEYS.filter((k) => k.table).map((k) => k.path)];

function known(table: string): string[] {
  const prefix = table === '' ? '' : `${table}.`;
  return KEYS.filter((k) => k.path.startsWith(prefix) && !k.path.slice(prefix.length).includes('.')).map((k) =>
    k.path.slice(prefix.length),
  );
}

/** The default value at a key path, if the key has one. */
export function defaultAt(path: string): unknown {
  let node: unknown = DEFAULT_CONFIG;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

// ---------------------------------------------------------------------------------------
// TOML text

const BARE = /^[A-Za-z0-9_-]+$/;

export function tomlKey(name: string, rng?: Rng): string {
  if (BARE.test(name) && !(rng && rng.chance(0.1))) return name;
  if (rng && !/['\n\r\u0000-\u001f\u007f]/.test(name) && rng.chance(0.3)) return `'${name}'`;
  return basicString(name, rng);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

/** A TOML basic string; with an rng, escapes are chosen at random among the valid forms. */
export function basicString(value: string, rng?: Rng): string {
  // Plain ASCII needs no per-character choices.
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(value)) return `"${value}"`;
  const short = SHORT_ESCAPES;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (short[ch] !== undefined && !(rng && rng.chance(0.3))) out += short[ch];
    else if (code < 0x20 || code === 0x7f) out += unicodeEscape(code, rng);
    else if (code > 0x7f && rng && rng.chance(0.3)) out += unicodeEscape(code, rng);
    else out += ch;
  }
  return `${out}"`;
}

function unicodeEscape(code: number, rng?: Rng): string {
  if (code <= 0xffff && !(rng && rng.chance(0.3))) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** Any of the four TOML string forms that can hold `value`. */
function anyString(rng: Rng, value: string): string {
  const form = rng.int(4);
  const plain = !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
  if (form === 1 && plain && !value.includes("'")) return `'${value}'`;
  if (form === 2 && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value.replace(/\r\n/g, '\n'))) {
    // Multi-line basic: escape backslashes and quotes, keep newlines (no lone CR) raw.
    const body = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    return `"""${rng.chance(0.5) ? '\n' : ''}${body}"""`;
  }
  if (form === 3 && !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value) && !value.includes("'''") && !value.endsWith("'") && !/\r(?!\n)/.test(value)) {
    return `'''${rng.chance(0.5) ? '\n' : ''}${value}'''`;
  }
  return basicString(value, rng);
}

// ---------------------------------------------------------------------------------------
// Values

export const TOML_TYPES = ['string', 'integer', 'float', 'boolean', 'datetime', 'array', 'inline-table', 'empty-table'] as const;
export type TomlType = (typeof TOML_TYPES)[number];

const NEAR_VALID_STRINGS = [
  '',
  ' ',
  'x',
  'PRAGMA journal_mode = WAL',
  'pragma cipher = \'sqlcipher\';',
  "PRAGMA key = '{}'",
  "PRAGMA key = '{}'; DROP TABLE inbox",
  "PRAGMA key = '{}",
  'PRAGMA',
  'SELECT 1',
  'https://discord.com/api',
  'http://127.0.0.1:8787/api/',
  'http://[::1]:8080/api',
  'HTTP://EXAMPLE.com:443/api///',
  'http://h/a?',
  'http://h/a#',
  'http://h/a?x=1',
  'ftp://example.com',
  'http://',
  'http:// example.com',
  'discord.com/api',
  '${USER_DATA_DIR}/theticketbot.db',
  '$USER_LOG_DIR/x.db',
  '${USER_RUNTIME_DIR}/${USER_STATE_DIR}',
  '${HOME}/x.db',
  '${}',
  '${USER_DATA_DIR',
  '$',
  '$$',
  '$5',
  'data/theticketbot.db',
  '~/x.db',
  '/',
  'MTk4NjIyNDgzNDcxOTI1MjQ4.Gx7abc.def-GHI_jkl',
  ' a.b.c ',
  'Bot a.b.c',
  '.cogs.inbox',
];

/** What tends to break a path, a URL, a statement or a header when put in the middle of one. */
const RISKY_BITS = ['\u0000', '?', '#', ' ', '\n', '\t', '/', '//', '$', '${', '{}', ';', "'", '"', '\\', 'é', '🎫', '\u202e'];
const UNICODE_BITS = ['é', 'ß', '日本', '🎫', '👩‍💻', '\u0301', '\u200b', '\u202e', '\u2028', '\ufeff', '\ufffd', '\u00a0', '\u0085', 'ﷺ'];
const CONTROL_BITS = ['\u0000', '\n', '\r', '\t', '\r\n', '\u001b[31m', '\u007f', '\b', '\f'];
const LONG_UNITS = ['/', '=', ' ', '$', '${', '{}', ';', "'", '"', '\\', 'a', 'é', '🎫', '?', '#', '.', '\t', '\n    at '];

function stringContent(rng: Rng, path: string, nested: boolean): string {
  let s: string;
  // Long strings only at the top level: arrays of them would only slow the test down.
  const r = nested ? rng.pick([0, 1, 2, 3, 4, 5, 9]) : rng.int(10);
  if (r < 4) {
    // A near-valid value, mutated a little: the key's own default half of the time.
    const d = defaultAt(path.replace(/\[\d+\]$/, ''));
    s = typeof d === 'string' && d !== '' && rng.chance(0.5) ? d : rng.pick(NEAR_VALID_STRINGS);
    for (let n = rng.int(4); n > 0; n--) {
      const at = rng.chance(0.25) ? s.length : rng.int(s.length + 1);
      const what = rng.int(5);
      if (what === 0) s = s.slice(0, at) + s.slice(at + 1);
      else if (what === 1) s = s.slice(0, at) + s.slice(at, at + rng.range(1, 4)).repeat(2) + s.slice(at);
      else s = s.slice(0, at) + rng.pick(rng.chance(0.5) ? RISKY_BITS : [...UNICODE_BITS, ...CONTROL_BITS]) + s.slice(at);
    }
  } else if (r < 6) {
    s = '';
    for (let n = rng.range(1, 8); n > 0; n--) s += rng.pick([...UNICODE_BITS, ...CONTROL_BITS, 'abc', 'x y', '.', '-', '_']);
  } else if (r < 8) {
    s = rng.pick(NEAR_VALID_STRINGS) + rng.pick(LONG_UNITS).repeat(rng.range(50, 3000)) + rng.pick(['', 'x', '/', ')']);
  } else if (r < 9) {
    // Very long, occasionally huge.
    const unit = rng.pick(LONG_UNITS);
    s = (rng.chance(0.5) ? rng.pick(NEAR_VALID_STRINGS) : '') + unit.repeat(rng.chance(0.1) ? 60_000 : rng.range(200, 5000));
    if (rng.chance(0.5)) s += 'x';
  } else {
    s = '';
    for (let n = rng.length(40); n > 0; n--) s += String.fromCodePoint(rng.chance(0.8) ? rng.range(0x20, 0x7e) : rng.range(0xa0, 0x2fff));
  }
  if (isSecretPath(path)) s = rng.chance(0.5) ? SECRET_MARKER + s : s + SECRET_MARKER;
  // Cutting and repeating can split a surrogate pair; TOML cannot hold half of one.
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const INTEGERS = [
  '0', '-0', '+0', '1', '-1', '7', '5000000', '+42', '1_000_000', '0xDEAD_beef', '0o755', '0b1010', '0x0',
  '9007199254740991', '9007199254740992', '-9007199254740993', '9223372036854775807', '-9223372036854775808',
  '9223372036854775808', '99999999999999999999999999',
];
const FLOATS = [
  '1.5', '-1.5', '0.0', '-0.0', '+0.0', '8.0', '5e6', '5E+6', '1e300', '1e400', '-1e400', '5e-324', '1e-400',
  'nan', '+nan', '-nan', 'inf', '+inf', '-inf', '3.141_592', '6.626e-34', '9007199254740993.0', '1e16',
];
const DATETIMES = [
  '1979-05-27T07:32:00Z', '1979-05-27T00:32:00.999999-07:00', '1979-05-27 07:32:00', '1979-05-27T07:32:00',
  '1979-05-27', '07:32:00', '00:32:00.999999', '2000-02-29', '2024-12-31T23:59:59+14:00',
];

function integer(rng: Rng): string {
  if (rng.chance(0.6)) return rng.pick(INTEGERS);
  if (rng.chance(0.2)) return (rng.chance(0.5) ? '-' : '') + '9'.repeat(rng.range(16, 400));
  return String((rng.chance(0.3) ? -1 : 1) * rng.int(2 ** 31));
}

/** TOML text for a value of `type` placed at key `path` (used to put secrets in secret keys). */
export function value(rng: Rng, type: Exclude<TomlType, 'empty-table'>, path: string, depth = 0): string {
  switch (type) {
    case 'string':
      return anyString(rng, stringContent(rng, path, depth > 0));
    case 'integer':
      return integer(rng);
    case 'float':
      return rng.pick(FLOATS);
    case 'boolean':
      return rng.pick(['true', 'false']);
    case 'datetime':
      return rng.pick(DATETIMES);
    case 'array': {
      const n = rng.int(5);
      const sameType = rng.chance(0.6) ? rng.pick(['string', 'string', 'integer', 'boolean', 'array', 'inline-table'] as const) : null;
      const items: string[] = [];
      for (let i = 0; i < n; i++) {
        const t = sameType ?? rng.pick(TOML_TYPES.filter((x) => x !== 'empty-table'));
        items.push(value(rng, depth > 3 && (t === 'array' || t === 'inline-table') ? 'integer' : t, `${path}[${i}]`, depth + 1));
      }
      const sep = rng.chance(0.2) ? ',\n  ' : ', ';
      return `[${items.join(sep)}${n > 0 && rng.chance(0.2) ? ',' : ''}]`;
    }
    case 'inline-table': {
      const names = new Set<string>();
      const children = known(path);
      for (let n = rng.int(4); n > 0; n--) {
        names.add(children.length > 0 && rng.chance(0.7) ? rng.pick(children) : unknownName(rng, children));
      }
      const parts = [...names].map((name) => {
        const t = depth > 3 ? 'integer' : rng.pick(TOML_TYPES.filter((x) => x !== 'empty-table'));
        return `${tomlKey(name, rng)} = ${value(rng, t, `${path}.${name}`, depth + 1)}`;
      });
      return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
    }
  }
}

/** A plausible value of the type of the default at `path`, or a random one. */
function validish(rng: Rng, path: string): string {
  const d = defaultAt(path);
  if (typeof d === 'boolean') return rng.pick(['true', 'false']);
  if (typeof d === 'number') return String(rng.int(10_000_000));
  if (typeof d === 'string') return basicString(d);
  if (Array.isArray(d)) return '[]';
  return value(rng, 'string', path);
}

const UNKNOWN_NAMES = [
  '', ' ', 'a.b', 'x', 'Token', 'TOKEN', 'tokne', 'api-url', 'apiUrl', 'max-attachment-size', 'toString', 'valueOf',
  'hasOwnProperty', 'isPrototypeOf', 'prototype', '__defineGetter__', 'undefined_', '0', '-1', 'é', '🎫', '\u202eevil',
  '\n    at Object.<anonymous> (/x.js:1:1)', 'a\u0000b', 'tab\there', '"quoted"', "it's", '[x]', 'k'.repeat(5000),
  'message_contents', 'intent', 'members ', 'guild', 'Guilds',
];

export function unknownName(rng: Rng, avoid: readonly string[]): string {
  for (;;) {
    let name: string;
    const r = rng.int(4);
    if (r === 0) name = rng.pick(UNKNOWN_NAMES);
    else if (r === 1 && avoid.length > 0) {
      // A typo of a known key.
      const base = rng.pick(avoid);
      const at = rng.int(base.length + 1);
      name = rng.chance(0.5)
        ? base.slice(0, at) + base.slice(at + 1)
        : base.slice(0, at) + String.fromCharCode(rng.range(0x61, 0x7a)) + base.slice(at);
    } else if (r === 2) {
      name = '';
      for (let n = rng.range(1, 24); n > 0; n--) name += rng.pick([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-']);
    } else {
      name = '';
      for (let n = rng.range(0, 12); n > 0; n--) name += String.fromCodePoint(rng.chance(0.7) ? rng.range(0x20, 0x7e) : rng.range(0xa0, 0x2fff));
    }
    // "__proto__" and "constructor" are refused by the parser itself; tested separately.
    if (!avoid.includes(name) && name !== '__proto__' && name !== 'constructor') return name;
  }
}

// ---------------------------------------------------------------------------------------
// Documents: a tree of tables serialised with [headers]

type Node = { kind: 'table'; entries: Map<string, Node> } | { kind: 'value'; text: string };

function table(): Node & { kind: 'table' } {
  return { kind: 'table', entries: new Map() };
}

function literal(v: unknown): string | null {
  if (typeof v === 'string') return basicString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const items = v.map(literal);
    return items.every((x) => x !== null) ? `[${items.join(', ')}]` : null;
  }
  return null;
}

let blueprint: (Node & { kind: 'table' }) | null = null;

function cloneTable(t: Node & { kind: 'table' }): Node & { kind: 'table' } {
  return { kind: 'table', entries: new Map([...t.entries].map(([k, v]) => [k, v.kind === 'table' ? cloneTable(v) : v])) };
}

/** The default configuration as a tree (a fresh copy): every schema key that has a default. */
function templateTree(): Node & { kind: 'table' } {
  const built = (blueprint ??= buildTemplateTree());
  return cloneTable(built);
}

function buildTemplateTree(): Node & { kind: 'table' } {
  const root = table();
  for (const key of KEYS) {
    const parts = key.path.split('.');
    let t = root;
    for (const part of parts.slice(0, -1)) {
      const next = t.entries.get(part);
      if (next?.kind !== 'table') throw new Error(`schema order: ${key.path}`);
      t = next;
    }
    const last = parts[parts.length - 1]!;
    if (key.table) t.entries.set(last, table());
    else {
      const text = literal(defaultAt(key.path));
      if (text !== null) t.entries.set(last, { kind: 'value', text });
    }
  }
  return root;
}

function serialise(root: Node & { kind: 'table' }, rng?: Rng): string {
  const lines: string[] = [];
  const walk = (t: Node & { kind: 'table' }, path: string[]): void => {
    for (const [k, child] of t.entries) {
      if (child.kind === 'value') lines.push(`${tomlKey(k, rng)} = ${child.text}`);
    }
    for (const [k, child] of t.entries) {
      if (child.kind !== 'table') continue;
      const p = [...path, k];
      lines.push('', `[${p.map((x) => tomlKey(x, rng)).join('.')}]`);
      walk(child, p);
    }
  };
  walk(root, []);
  return lines.join('\n').replace(/^\n+/, '') + '\n';
}

/** The default configuration as a TOML file (what the mutating fuzzers start from). */
export function templateToml(): string {
  return serialise(templateTree());
}

function nodeAt(root: Node & { kind: 'table' }, parts: readonly string[]): Node & { kind: 'table' } {
  let t = root;
  for (const part of parts) {
    const next = t.entries.get(part);
    if (next?.kind === 'table') {
      t = next;
    } else {
      const fresh = table();
      t.entries.set(part, fresh);
      t = fresh;
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------
// Cases

export interface FuzzCase {
  kind: string;
  /** The file's bytes. */
  bytes: Buffer;
  /** For per-key and unknown-key cases: the key path the error must be about, if any. */
  target?: string;
  /** For unknown-key cases: the unknown key's name and its table. */
  unknown?: { table: string; name: string };
  /** Secret strings are marked with SECRET_MARKER; set when they are only in secret keys. */
  checkSecrets: boolean;
}

function text(kind: string, s: string, extra: Partial<FuzzCase> = {}): FuzzCase {
  return { kind, bytes: Buffer.from(s, 'utf8'), checkSecrets: true, ...extra };
}

/** Random bytes, sometimes with a BOM, sometimes mostly ASCII. */
export function randomBytes(rng: Rng): FuzzCase {
  const n = rng.length(2000);
  const bytes = Buffer.alloc(n);
  const ascii = rng.chance(0.5);
  for (let i = 0; i < n; i++) bytes[i] = ascii && rng.chance(0.95) ? rng.range(0x09, 0x7e) : rng.int(256);
  const bom = rng.pick([[], [], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]]);
  return { kind: 'bytes', bytes: Buffer.concat([Buffer.from(bom), bytes]), checkSecrets: true };
}

const GARBAGE = [
  ...'[]{}=."\'#,\n\n\n \t\\-_+:0123456789abcxyz',
  'true', 'false', 'nan', 'inf', '[[', ']]', '"""', "'''", '\r\n', '\u0000', '🎫', 'é', '\ufeff',
  'bot', 'db', 'discord', 'token', 'intents', 'pragmas', '1979-05-27', 'T07:32:00Z', '\\u', '\\U0010FFFF',
];

/** Random text made of TOML's punctuation, names and values. */
export function garbageText(rng: Rng): FuzzCase {
  let s = '';
  for (let n = rng.length(600); n > 0; n--) s += rng.pick(GARBAGE);
  return text('garbage', s);
}

const INVALID_UTF8 = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x8e]];

function deepNesting(rng: Rng): string {
  const d = rng.chance(0.2) ? rng.range(900, 1500) : rng.range(2, 100);
  switch (rng.int(4)) {
    case 0:
      return `${'['.repeat(d)}1${']'.repeat(d)}`;
    case 1:
      return `${'{ a = '.repeat(d)}1${' }'.repeat(d)}`;
    case 2:
      return `[${'["x", '.repeat(d)}"y"${']'.repeat(d)}]`;
    default:
      return `${'[{ a = '.repeat(d)}1${' }]'.repeat(d)}`;
  }
}

/** Mutations of a TOML text; some work on bytes (invalid UTF-8). */
function mutate(rng: Rng, s: string): string | Buffer {
  const lines = (): string[] => s.split('\n');
  const valueLine = (): number => {
    const ls = lines();
    const candidates = ls.map((l, i) => (/^\s*[^#[\s][^=]*=/.test(l) ? i : -1)).filter((i) => i >= 0);
    return candidates.length > 0 ? rng.pick(candidates) : -1;
  };
  const replaceValue = (make: (key: string) => string): string => {
    const i = valueLine();
    if (i < 0) return s;
    const ls = lines();
    const eq = ls[i]!.indexOf('=');
    ls[i] = `${ls[i]!.slice(0, eq + 1)} ${make(ls[i]!.slice(0, eq).trim())}`;
    return ls.join('\n');
  };
  const at = rng.int(s.length + 1);
  switch (rng.int(15)) {
    case 0: // delete characters
      return s.slice(0, at) + s.slice(at + rng.range(1, 20));
    case 1: // insert punctuation
      return s.slice(0, at) + rng.pick(GARBAGE) + s.slice(at);
    case 2: { // duplicate a line (a duplicate key or table)
      const ls = lines();
      const i = rng.int(ls.length);
      ls.splice(rng.int(ls.length + 1), 0, ls[i]!);
      return ls.join('\n');
    }
    case 3: // swap a value for one of another type
      return replaceValue((key) => value(rng, rng.pick(TOML_TYPES.filter((t) => t !== 'empty-table')), key));
    case 4: // unbalanced brackets and quotes
      return s.slice(0, at) + rng.pick(['[', ']', '{', '}', '"', "'", '[[', '"""', "'''"]) + s.slice(at);
    case 5: { // invalid unicode: bytes (often inside a string), or escapes
      if (rng.chance(0.6)) {
        const b = Buffer.from(s, 'utf8');
        const quote = b.indexOf('"', rng.int(b.length));
        const pos = quote >= 0 && rng.chance(0.7) ? quote + 1 : rng.int(b.length + 1);
        return Buffer.concat([b.subarray(0, pos), Buffer.from(rng.pick(INVALID_UTF8)), b.subarray(pos)]);
      }
      return replaceValue(() => `"${rng.pick(['\\uD800', '\\uDFFF', '\\U00110000', '\\uZZZZ', '\\u12', '\\x41', '\\U0000D834'])}"`);
    }
    case 6: // huge numbers
      return replaceValue(() => `${rng.pick(['', '-', '+'])}${'9'.repeat(rng.range(19, 500))}${rng.pick(['', '.0', 'e999', 'e-999'])}`);
    case 7: // NaN and infinities
      return replaceValue(() => rng.pick(['nan', '+nan', '-nan', 'inf', '+inf', '-inf', 'NaN', 'Infinity']));
    case 8: // deep nesting, in a value or a table header
      if (rng.chance(0.3)) return `${s}\n[${Array.from({ length: rng.range(2, 3000) }, () => 'a').join('.')}]\nx = 1\n`;
      return replaceValue(() => deepNesting(rng));
    case 9: // a very long string
      return replaceValue((key) => basicString(rng.pick(LONG_UNITS).repeat(rng.chance(0.1) ? 60_000 : rng.range(100, 5000)) + (isSecretPath(key) ? SECRET_MARKER : '')));
    case 10: // truncate
      return s.slice(0, at);
    case 11: { // swap two lines
      const ls = lines();
      const i = rng.int(ls.length);
      const j = rng.int(ls.length);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return ls.join('\n');
    }
    case 12: // line endings
      return rng.chance(0.5) ? s.replace(/\n/g, '\r\n') : s.slice(0, at) + '\r' + s.slice(at);
    case 13: // control characters and BOMs in odd places
      return s.slice(0, at) + rng.pick(['\u0000', '\ufeff', '\u001b', '\u007f', '\u2028', '\u0085']) + s.slice(at);
    default: // a random key somewhere
      return s.slice(0, at) + `\n${tomlKey(unknownName(rng, []), rng)} = ${value(rng, 'integer', '')}\n` + s.slice(at);
  }
}

/** The default template with a few settings changed, then mutated 1–4 times. */
export function mutatedTemplate(rng: Rng): FuzzCase {
  const tree = templateTree();
  // Fill in some keys that have no default, with values of the default's type where there is one.
  for (const key of KEYS) {
    if (key.table || !rng.chance(0.15)) continue;
    const parts = key.path.split('.');
    nodeAt(tree, parts.slice(0, -1)).entries.set(parts[parts.length - 1]!, { kind: 'value', text: validish(rng, key.path) });
  }
  let doc: string | Buffer = serialise(tree, rng);
  // Mostly one mutation, so that a fair share of files still load and meet the checks
  // on a loaded configuration.
  for (let n = rng.pick([1, 1, 1, 2, 3, 4]); n > 0; n--) {
    doc = typeof doc === 'string' ? mutate(rng, doc) : doc;
  }
  // Random mutations can move a secret into a key name or another key: only the messages
  // about the secret keys themselves, and syntax errors, are checked for it.
  return { kind: 'mutated', bytes: typeof doc === 'string' ? Buffer.from(doc, 'utf8') : doc, checkSecrets: false };
}

const PLACEMENTS = ['template', 'template', 'template', 'dotted', 'inline', 'header'] as const;

/**
 * The template with the key at `path` holding a value of `type` (placed in its section,
 * as a dotted key, as nested inline tables, or under its own header).
 */
export function wrongValue(rng: Rng, path: string, type: TomlType): FuzzCase {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  const parents = parts.slice(0, -1);
  const placement = rng.pick(PLACEMENTS);
  let doc: string;
  if (placement === 'template' || type === 'empty-table') {
    const tree = templateTree();
    const parent = nodeAt(tree, parents);
    parent.entries.delete(last);
    parent.entries.set(last, type === 'empty-table' ? table() : { kind: 'value', text: value(rng, type, path) });
    doc = serialise(tree, rng);
  } else {
    const v = value(rng, type, path);
    if (placement === 'dotted') doc = `${parts.map((p) => tomlKey(p, rng)).join('.')} = ${v}\n`;
    else if (placement === 'inline') {
      doc = `${tomlKey(parts[0]!, rng)} = ${parts.slice(1).reduceRight((inner, p) => `{ ${tomlKey(p, rng)} = ${inner} }`, v)}\n`;
    } else {
      doc = parents.length === 0 ? `${tomlKey(last, rng)} = ${v}\n` : `[${parents.map((p) => tomlKey(p, rng)).join('.')}]\n${tomlKey(last, rng)} = ${v}\n`;
    }
  }
  return text('key', doc, { target: path });
}

/** The template with an unknown key added to the table at `tablePath` ('' for the document). */
export function unknownKey(rng: Rng, tablePath: string): FuzzCase {
  const tree = templateTree();
  const parts = tablePath === '' ? [] : tablePath.split('.');
  const name = unknownName(rng, known(tablePath));
  const t = nodeAt(tree, parts);
  const asTable = rng.chance(0.2);
  t.entries.set(name, asTable ? table() : { kind: 'value', text: value(rng, rng.pick(TOML_TYPES.filter((x) => x !== 'empty-table')), `${tablePath}.${name}`) });
  return text('unknown', serialise(tree, rng), { unknown: { table: tablePath, name } });
}
