// Finding, reading, writing and printing the config file.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { UserDirs } from './paths.ts';
import { ConfigError, defaultConfigTemplate, parseConfig, redactDbUrl, type Config } from './schema.ts';
import { showText, tomlString } from './toml-text.ts';

export { tomlString };

export const CONFIG_FILE_NAME = 'config.toml';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which config file to use: `explicit` (from --config-file, resolved against `cwd`,
 * must exist); else `config.toml` in the user config directory; else `./config.toml`
 * (where the original used to keep it). `path` is null when there is none.
 */
export function findConfigFile(opts: {
  explicit?: string;
  dirs: UserDirs;
  cwd: string;
}): { path: string | null; warning?: string } {
  if (opts.explicit !== undefined) {
    const explicit = path.resolve(opts.cwd, opts.explicit);
    if (!exists(explicit)) throw ConfigError.at(explicit, null, 'the config file does not exist');
    if (!isFile(explicit)) throw ConfigError.at(explicit, null, 'the config file is not a regular file');
    return { path: explicit };
  }
  const user = path.join(opts.dirs.config, CONFIG_FILE_NAME);
  const legacy = path.resolve(opts.cwd, CONFIG_FILE_NAME);
  const hasUser = isFile(user);
  const hasLegacy = isFile(legacy);
  if (hasUser) {
    if (hasLegacy && path.resolve(user) !== legacy) {
      return {
        path: user,
        warning: `using ${user} and ignoring ${legacy}; remove or rename one of them to silence this warning`,
      };
    }
    return { path: user };
  }
  if (hasLegacy) return { path: legacy };
  return { path: null };
}

/** The `${…}` placeholders of `db.path` and what each stands for. */
export function pathPlaceholders(dirs: UserDirs): Record<string, string> {
  return {
    USER_CONFIG_DIR: dirs.config,
    USER_DATA_DIR: dirs.data,
    USER_LOG_DIR: dirs.log,
    USER_STATE_DIR: dirs.state,
    USER_RUNTIME_DIR: dirs.runtime,
  };
}

/**
 * Expands placeholders the way Python's string.Template does, as the original did:
 * `${NAME}` and `$NAME` are replaced, `$$` is a literal `$`, and anything else after a
 * `$` is an error, as is an unknown name.
 */
export function expandPlaceholders(
  template: string,
  dirs: UserDirs,
  where: { file: string | null; key: string },
): string {
  const values = pathPlaceholders(dirs);
  const known = Object.keys(values).map((n) => `\${${n}}`).join(', ');
  const pattern = /\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*)|)/g;
  return template.replace(pattern, (match, dollar: string | undefined, braced: string | undefined, bare: string | undefined, offset: number) => {
    if (dollar !== undefined) return '$';
    const name = braced ?? bare;
    if (name === undefined) {
      throw ConfigError.at(where.file, where.key, `a lone "$" at position ${offset + 1}; write "$$" for a literal dollar sign`);
    }
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      throw ConfigError.at(where.file, where.key, `unknown placeholder ${showText(match)} (known: ${known})`);
    }
    return value;
  });
}

/** Expands `db.path` and makes it absolute against `cwd`, like the original did. */
function finishPaths(config: Config, dirs: UserDirs, file: string | null, cwd: string): Config {
  const expanded = expandPlaceholders(config.db.path, dirs, { file, key: 'db.path' });
  return { ...config, db: { ...config.db, path: path.resolve(cwd, expanded) } };
}

function tomlProblem(err: TomlError): string {
  // The first line only: the rest is a code excerpt that could show a token.
  const first = err.message.split('\n', 1)[0] ?? '';
  return first.replace(/^Invalid TOML document:\s*/, '') || 'invalid TOML';
}

/** Parses TOML text; a syntax error becomes a ConfigError naming `file:line:column`. */
export function parseConfigText(text: string, file: string): unknown {
  try {
    return parseToml(text, { integersAsBigInt: 'asNeeded', unsafeKeyBehaviour: 'throw' });
  } catch (err) {
    if (err instanceof TomlError) {
      throw new ConfigError(`${file}:${err.line}:${err.column}: invalid TOML: ${tomlProblem(err)}`, { file });
    }
    // The parser only reads this text, so whatever else it throws (running out of stack
    // on some pathological input, say) is still a problem of this file, not a crash.
    const reason = err instanceof Error ? (err.message.split('\n', 1)[0] ?? '') : '';
    throw new ConfigError(`${file}: invalid TOML: the file could not be parsed${reason ? ` (${reason})` : ''}`, { file });
  }
}

/**
 * Decodes the file as UTF-8, as TOML requires. Invalid bytes are an error naming
 * `file:line:column`, rather than U+FFFD quietly replacing part of a token or a path.
 */
export function decodeConfigBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8; fall through to say where.
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ConfigError(`${file}:1:1: invalid TOML: the file is UTF-16 encoded; save it as UTF-8`, { file });
  }
  // The longest prefix that decodes (a sequence cut short at its end is fine while
  // streaming) ends where the first invalid byte is.
  const decodes = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  const lineStart = bytes.lastIndexOf(0x0a, good - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const column = Array.from(new TextDecoder('utf-8').decode(bytes.subarray(lineStart, good))).length + 1;
  throw new ConfigError(`${file}:${line}:${column}: invalid TOML: the file is not valid UTF-8 text; save it as UTF-8`, { file });
}

/**
 * Reads, validates and completes a config file. A relative `db.path` (after expanding
 * placeholders) is taken relative to `cwd`, the current directory by default, as the
 * original did.
 */
export function loadConfig(
  file: string,
  dirs: UserDirs,
  opts: { cwd?: string } = {},
): { config: Config; notices: string[] } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw ConfigError.at(file, null, 'the config file does not exist');
    if (code === 'EISDIR') throw ConfigError.at(file, null, 'the config file is a directory');
    throw ConfigError.at(file, null, `cannot read the config file (${code ?? String(err)})`);
  }
  return loadConfigBytes(bytes, file, dirs, opts);
}

/** What loadConfig does once it has read the file: `file` is only used in messages. */
export function loadConfigBytes(
  bytes: Uint8Array,
  file: string,
  dirs: UserDirs,
  opts: { cwd?: string } = {},
): { config: Config; notices: string[] } {
  // TextDecoder drops a leading UTF-8 byte order mark.
  const text = decodeConfigBytes(bytes, file);
  const { config, notices } = parseConfig(parseConfigText(text, file), file);
  return { config: finishPaths(config, dirs, file, opts.cwd ?? process.cwd()), notices };
}

/** The defaults, with paths expanded, for when there is no config file. */
export function defaultConfig(dirs: UserDirs, opts: { cwd?: string } = {}): Config {
  return finishPaths(defaultConfigTemplate(), dirs, null, opts.cwd ?? process.cwd());
}

export const REDACTED = '<redacted>';

/** Pragmas that carry a database key; their values are redacted in dumps. */
const KEY_PRAGMA = /^\s*pragma\s+(?:[\w"`[\]]+\.)?["`[]?(?:key|rekey|hexkey|hexrekey|textkey|textrekey)\b/i;

/** Shown instead of the token when THETICKETBOT_TOKEN supplies it (it overrides bot.token). */
export const REDACTED_FROM_ENV = '<redacted: from THETICKETBOT_TOKEN>';

/**
 * The effective configuration as JSON, with the structure and key names of the TOML.
 * The token, the key template and any key pragma are redacted when set; a token from
 * THETICKETBOT_TOKEN (`tokenFromEnv`) is shown as redacted with where it comes from.
 * Keys that are accepted only for compatibility (and ignored) are left out.
 */
export function dumpConfig(config: Config, opts: { tokenFromEnv?: boolean } = {}): string {
  const redact = (s: string): string => (s === '' ? '' : REDACTED);
  const out = {
    bot: {
      token: opts.tokenFromEnv ? REDACTED_FROM_ENV : redact(config.bot.token),
      inbox: { max_attachment_size: config.bot.inbox.max_attachment_size },
      intents: { ...config.bot.intents },
    },
    db: {
      path: config.db.path,
      pragmas: config.db.pragmas.map((p) => (KEY_PRAGMA.test(p) ? REDACTED : p)),
      key_template: redact(config.db.key_template),
      url: redactDbUrl(config.db.url, REDACTED),
    },
    discord: { api_url: config.discord.api_url, shard_count: config.discord.shard_count, shard_ids: [...config.discord.shard_ids] },
    metrics: { ...config.metrics },
  };
  return JSON.stringify(out, null, 2);
}

/** Values from the config that must never be logged: the token and key pragmas. */
export function configSecrets(config: Config): string[] {
  const secrets: string[] = [];
  if (config.bot.token !== '') secrets.push(config.bot.token);
  const dbPassword = dbUrlPassword(config.db.url);
  if (dbPassword) secrets.push(dbPassword);
  for (const p of config.db.pragmas) {
    if (!KEY_PRAGMA.test(p)) continue;
    secrets.push(p);
    const value = /(?:=|\()\s*(.*?)\s*\)?$/.exec(p)?.[1]?.replace(/^(['"])(.*)\1$/, '$2');
    if (value) secrets.push(value);
  }
  return secrets;
}

/**
 * Writes a new config file holding just the token, readable by its owner only (mode
 * 0600 whatever the umask). Creates missing directories (mode 0700). Refuses to replace
 * an existing file.
 */
export function writeTokenConfig(file: string, token: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw ConfigError.at(file, null, 'the config file already exists; not replacing it');
    }
    throw err;
  }
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, `[bot]\ntoken = ${tomlString(token)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The password in a database URL, decoded; null when there is none. */
export function dbUrlPassword(url: string): string | null {
  if (url === '') return null;
  try {
    const password = new URL(url).password;
    return password === '' ? null : decodeURIComponent(password);
  } catch {
    return null;
  }
}
