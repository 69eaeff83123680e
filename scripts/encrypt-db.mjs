#!/usr/bin/env node
// Encrypts a plain theticketbot database, or changes the key of an encrypted one, with
// the SQLite3 Multiple Ciphers build the bot already ships. docs/ENCRYPTION.md explains
// the whole procedure. No key is ever printed.
//
//   node scripts/encrypt-db.mjs <database> [--cipher NAME] [--from-cipher NAME]
//
// Keys come from THETICKETBOT_DB_KEY (the current key, asked for only when the database
// is encrypted) and THETICKETBOT_NEW_DB_KEY (the new key); a key not given there is read
// from a hidden prompt on a terminal, or else as the next line of stdin.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';

const USAGE = `Usage: node scripts/encrypt-db.mjs <database> [--cipher NAME] [--from-cipher NAME]

Encrypts a plain theticketbot database, or changes the key of an encrypted one.
Stop the bot first.

  --cipher NAME       cipher scheme for the new key (chacha20, aes256cbc, sqlcipher, ...);
                      the SQLite3 Multiple Ciphers default (chacha20) when left out.
                      The bot then needs db.pragmas = ["PRAGMA cipher = NAME"].
  --from-cipher NAME  cipher scheme the database is encrypted with now, when it differs
                      from --cipher.

Keys: THETICKETBOT_DB_KEY holds the current key (only asked for when the database is
encrypted), THETICKETBOT_NEW_DB_KEY the new one. Keys not set there are asked for on a
terminal without echo, or read one per line from stdin (current key first) when stdin
is not a terminal.`;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_CANCELLED = 130;

/** An expected failure: its message is printed as is, then the script exits with `code`. */
class Failure extends Error {
  constructor(message, code = EXIT_FAILED) {
    super(message);
    this.code = code;
  }
}

function parseArgs(argv) {
  const options = { path: null, cipher: null, fromCipher: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(EXIT_OK);
    } else if (arg === '--cipher' || arg === '--from-cipher') {
      const value = argv[++i];
      if (!value) throw new Failure(`${arg} needs a cipher name.\n\n${USAGE}`, EXIT_USAGE);
      if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Failure(`${arg}: not a cipher name: ${value}`, EXIT_USAGE);
      options[arg === '--cipher' ? 'cipher' : 'fromCipher'] = value;
    } else if (arg.startsWith('-')) {
      throw new Failure(`Unknown option ${arg}.\n\n${USAGE}`, EXIT_USAGE);
    } else if (options.path === null) {
      options.path = arg;
    } else {
      throw new Failure(`Only one database at a time.\n\n${USAGE}`, EXIT_USAGE);
    }
  }
  if (options.path === null) throw new Failure(USAGE, EXIT_USAGE);
  options.fromCipher ??= options.cipher;
  return options;
}

// --- Reading keys --------------------------------------------------------------------

/** Hands out stdin one line at a time, reading only as far as needed. */
function lineReader(input) {
  let buffer = '';
  let ended = false;
  let wake = null;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    input.setEncoding('utf8');
    input.on('data', (chunk) => {
      buffer += chunk;
      wake?.();
    });
    input.on('end', () => {
      ended = true;
      wake?.();
    });
    input.on('error', () => {
      ended = true;
      wake?.();
    });
  };
  return async function readLine() {
    start();
    input.resume();
    try {
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          return line;
        }
        if (ended) {
          const rest = buffer === '' ? null : buffer;
          buffer = '';
          return rest;
        }
        await new Promise((resolve) => {
          wake = () => {
            wake = null;
            resolve();
          };
        });
      }
    } finally {
      input.pause();
    }
  };
}

/** Asks on the terminal without echoing. Ctrl-C cancels; Ctrl-D on an empty line answers null. */
function promptHidden(question) {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    // Echo off before the question appears, so nothing typed at once is shown.
    input.setEncoding('utf8');
    input.setRawMode(true);
    process.stderr.write(question);
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Failure('Cancelled.', EXIT_CANCELLED));
          return;
        }
        if (ch === '\u0004') {
          if (value === '') {
            finish();
            resolve(null);
            return;
          }
        } else if (ch === '\u007f' || ch === '\b') {
          value = [...value].slice(0, -1).join('');
        } else if (ch >= ' ') {
          value += ch;
        }
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

function keySource() {
  const interactive = Boolean(process.stdin.isTTY);
  const readLine = interactive ? null : lineReader(process.stdin);
  return {
    interactive,
    /** The env variable's value, else a prompt or the next stdin line; null when none came. */
    async get(envName, question) {
      const fromEnv = process.env[envName];
      if (fromEnv) return fromEnv;
      if (interactive) return promptHidden(question);
      // Trimmed like the bot trims a key it reads from stdin, so both read the same key.
      const line = await readLine();
      return line === null ? null : line.trim();
    },
  };
}

// --- SQLite ------------------------------------------------------------------------------

/** The same quoting the bot applies to db.key_template = "PRAGMA key = '{}'". */
function quoted(key) {
  return `'${key.replaceAll("'", "''")}'`;
}

function checkKey(key, what) {
  if (!key) throw new Failure(`No ${what} given.`);
  // SQLite ends a statement at a NUL and would quote the rest of the key in its error.
  if (key.includes('\0')) throw new Failure(`The ${what} contains a NUL character, which a key pragma cannot carry.`);
}

function isNotADatabase(error) {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_NOTADB';
}

function isBusy(error) {
  return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}

function canRead(db) {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (error) {
    if (isNotADatabase(error)) return false;
    throw error;
  }
}

/** Opens the file with the cipher and key given (none for a plain file), or null when that does not read it. */
function openWith(path, cipher, key) {
  const db = new Database(path, { fileMustExist: true, timeout: 2000 });
  try {
    if (key !== null) {
      if (cipher) setCipher(db, cipher);
      runWithKey(db, `PRAGMA key = ${quoted(key)}`, 'key');
    }
    if (canRead(db)) return db;
    db.close();
    return null;
  } catch (error) {
    db.close();
    throw error;
  }
}

function defaultCipher() {
  const probe = new Database(':memory:');
  try {
    return probe.pragma('cipher', { simple: true });
  } finally {
    probe.close();
  }
}

function setCipher(db, cipher) {
  try {
    db.exec(`PRAGMA cipher = ${quoted(cipher)}`);
  } catch (error) {
    throw new Failure(`Cipher ${cipher}: ${error.message}`);
  }
}

/** Runs a statement that carries a key. SQLite's message is dropped when it could quote part of it. */
function runWithKey(db, sql, what) {
  try {
    db.exec(sql);
  } catch (error) {
    const detail = error instanceof Database.SqliteError && !/near|token/i.test(error.message) ? `: ${error.message}` : '';
    throw new Failure(`Setting the ${what} failed${detail}`);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { path } = options;
  if (!existsSync(path)) throw new Failure(`${path} does not exist. Run the bot once to create the database, then stop it.`);

  const keys = keySource();
  let db = openWith(path, null, null);
  const wasEncrypted = db === null;
  if (wasEncrypted) {
    const current = await keys.get('THETICKETBOT_DB_KEY', 'Current database key: ');
    checkKey(current, 'current key');
    db = openWith(path, options.fromCipher, current);
    if (db === null) {
      const cipherHint = options.fromCipher
        ? `or ${options.fromCipher} is not the cipher it is encrypted with`
        : 'or it is encrypted with another cipher (give --from-cipher)';
      throw new Failure(`Could not decrypt ${path}: the current key is wrong, ${cipherHint}, or the file is not a database.`);
    }
  } else if (process.env.THETICKETBOT_DB_KEY) {
    process.stderr.write(`${path} is not encrypted yet, so THETICKETBOT_DB_KEY is not used; the new key comes from THETICKETBOT_NEW_DB_KEY.\n`);
  }

  try {
    // Without --cipher the new key gets the build's default cipher, whatever the old one was.
    const cipher = options.cipher ?? defaultCipher();
    const next = await keys.get('THETICKETBOT_NEW_DB_KEY', 'New database key: ');
    checkKey(next, 'new key');
    if (keys.interactive && !process.env.THETICKETBOT_NEW_DB_KEY) {
      const again = await promptHidden('New database key again: ');
      if (again !== next) throw new Failure('The two new keys differ; nothing was changed.');
    }

    // SQLite3 Multiple Ciphers refuses to rekey in WAL journal mode.
    try {
      const mode = db.pragma('journal_mode = DELETE', { simple: true });
      if (mode !== 'delete') throw new Failure(`Could not leave ${mode} journal mode; nothing was changed.`);
    } catch (error) {
      if (isBusy(error)) throw new Failure(`${path} is in use: stop the bot (and any SQLite shell on it) first. Nothing was changed.`);
      throw error;
    }
    try {
      setCipher(db, cipher);
      runWithKey(db, `PRAGMA rekey = ${quoted(next)}`, 'new key');
    } finally {
      try {
        db.pragma('journal_mode = WAL');
      } catch {
        // The bot switches to WAL itself whenever it opens the file.
      }
      db.close();
    }

    const check = openWith(path, cipher, next);
    if (check === null) throw new Failure(`${path} does not open with the new key. Restore the copy you made beforehand.`);
    try {
      const integrity = check.pragma('quick_check', { simple: true });
      if (integrity !== 'ok') throw new Failure(`${path} opens with the new key, but quick_check reports: ${integrity}`);
    } finally {
      check.close();
    }

    const pragmasLine = options.cipher
      ? `\n  pragmas = ["PRAGMA cipher = ${options.cipher}"]`
      : options.fromCipher
        ? `\nand no PRAGMA cipher in db.pragmas: the file now uses the default cipher, ${cipher}.`
        : '';
    process.stderr.write(
      `${wasEncrypted ? 'Changed the key of' : 'Encrypted'} ${path}.\n` +
        `The [db] table of config.toml needs:\n  key_template = "PRAGMA key = '{}'"${pragmasLine}\n` +
        'Give the bot the new key at its prompt, in THETICKETBOT_DB_KEY, or as one line on stdin.\n',
    );
  } finally {
    if (db.open) db.close();
  }
}

main().then(
  () => process.exit(EXIT_OK),
  (error) => {
    if (error instanceof Failure) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error.code);
    }
    // Unexpected: the message only. Statements carrying a key run through runWithKey,
    // so no SQLite message here can quote one.
    process.stderr.write(`encrypt-db failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT_FAILED);
  },
);
