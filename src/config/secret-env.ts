// Secrets from the environment: NAME holds the value itself, NAME_FILE the path of a file
// holding it (Docker and Compose secrets under /run/secrets, systemd credentials), so a
// secret need not appear in the process environment or a unit file.
import { readFileSync } from 'node:fs';
import { ConfigError } from './schema.ts';

type Env = Record<string, string | undefined>;

export interface EnvSecret {
  value: string;
  /** Where it came from, for messages: "THETICKETBOT_TOKEN" or "THETICKETBOT_TOKEN_FILE (/run/secrets/token)". */
  source: string;
}

/**
 * The secret in `name` or in the file named by `${name}_FILE`; undefined when neither is
 * set (an empty or blank variable counts as unset). A file's surrounding whitespace (the
 * trailing newline of `echo … >file`) is dropped; `trim: false` keeps the variable's value
 * as given, as the database key always was. Both set, an unreadable or an empty file: a
 * ConfigError naming the variable, never the value.
 */
export function envSecret(env: Env, name: string, opts: { trim?: boolean } = {}): EnvSecret | undefined {
  const trim = opts.trim ?? true;
  const raw = env[name];
  const direct = raw === undefined || raw.trim() === '' ? undefined : trim ? raw.trim() : raw;
  const fileVar = `${name}_FILE`;
  const file = env[fileVar]?.trim() || undefined;
  if (direct !== undefined && file !== undefined) {
    throw new ConfigError(`${name} and ${fileVar} are both set; set only one of them.`);
  }
  if (file === undefined) return direct === undefined ? undefined : { value: direct, source: name };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
    throw new ConfigError(`${fileVar}: cannot read ${file} (${why}).`);
  }
  const value = text.trim();
  if (value === '') throw new ConfigError(`${fileVar}: ${file} is empty.`);
  return { value, source: `${fileVar} (${file})` };
}
