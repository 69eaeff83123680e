// Per-user directories, computed the way the Python original's platformdirs does
// (appname "theticketbot", appauthor "thegamecracks", opinion on, no version, not
// roaming), so that a user migrating from it finds the same config, database and logs.
import os from 'node:os';
import path from 'node:path';

export interface UserDirs {
  config: string;
  data: string;
  log: string;
  state: string;
  runtime: string;
}

const APP_NAME = 'theticketbot';
const APP_AUTHOR = 'thegamecracks';

type Env = Record<string, string | undefined>;

/**
 * The value of an XDG base-directory variable, or null when it is unset, empty or only
 * whitespace (platformdirs treats all three as unset). Surrounding whitespace is dropped.
 */
function xdgBase(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/**
 * Pure: the same inputs always give the same answer and nothing on disk is consulted.
 *
 * `uid` is only needed on Linux and the BSDs when `XDG_RUNTIME_DIR` is unset, where the
 * runtime directory is `/run/user/<uid>` (`/var/run/user/<uid>` on FreeBSD and NetBSD,
 * `/tmp/run/user/<uid>` on OpenBSD). Recent platformdirs releases additionally fall back
 * to a temporary directory when that path does not exist; that check needs the file
 * system, so it is left out here.
 */
export function userDirs(
  platform: NodeJS.Platform,
  env: Env,
  home: string,
  uid?: number,
): UserDirs {
  if (platform === 'win32') return windowsDirs(env, home);
  if (platform === 'darwin') return macosDirs(env, home);
  return unixDirs(platform, env, home, uid);
}

/** `userDirs` for the running process. */
export function currentUserDirs(): UserDirs {
  return userDirs(process.platform, process.env, os.homedir(), process.getuid?.());
}

function unixDirs(platform: NodeJS.Platform, env: Env, home: string, uid?: number): UserDirs {
  const p = path.posix;
  const base = (name: string, fallback: string): string =>
    p.join(xdgBase(env, name) ?? p.join(home, fallback), APP_NAME);
  const state = base('XDG_STATE_HOME', '.local/state');
  const runtimeBase = xdgBase(env, 'XDG_RUNTIME_DIR') ?? defaultRuntimeBase(platform, uid);
  return {
    config: base('XDG_CONFIG_HOME', '.config'),
    data: base('XDG_DATA_HOME', '.local/share'),
    state,
    log: p.join(state, 'log'),
    runtime: p.join(runtimeBase, APP_NAME),
  };
}

function defaultRuntimeBase(platform: NodeJS.Platform, uid: number | undefined): string {
  if (uid === undefined) {
    throw new TypeError(
      `userDirs: a uid is needed on ${platform} when XDG_RUNTIME_DIR is not set`,
    );
  }
  if (platform === 'openbsd') return `/tmp/run/user/${uid}`;
  if (platform === 'freebsd' || platform === 'netbsd') return `/var/run/user/${uid}`;
  return `/run/user/${uid}`;
}

// Current platformdirs lets the XDG variables win on macOS too; the log directory has
// no XDG variable there and always stays in ~/Library/Logs.
function macosDirs(env: Env, home: string): UserDirs {
  const p = path.posix;
  const appSupport = p.join(home, 'Library/Application Support', APP_NAME);
  const fromXdg = (name: string, fallback: string): string => {
    const value = xdgBase(env, name);
    return value === null ? fallback : p.join(value, APP_NAME);
  };
  return {
    config: fromXdg('XDG_CONFIG_HOME', appSupport),
    data: fromXdg('XDG_DATA_HOME', appSupport),
    state: fromXdg('XDG_STATE_HOME', appSupport),
    log: p.join(home, 'Library/Logs', APP_NAME),
    runtime: fromXdg('XDG_RUNTIME_DIR', p.join(home, 'Library/Caches/TemporaryItems', APP_NAME)),
  };
}

// platformdirs asks Windows for the Local AppData known folder; %LOCALAPPDATA% holds the
// same path, and WIN_PD_OVERRIDE_LOCAL_APPDATA is platformdirs' own override.
function windowsDirs(env: Env, home: string): UserDirs {
  const w = path.win32;
  const localAppData = w.normalize(
    env['WIN_PD_OVERRIDE_LOCAL_APPDATA']?.trim() ||
      env['LOCALAPPDATA'] ||
      w.join(home, 'AppData', 'Local'),
  );
  const data = w.join(localAppData, APP_AUTHOR, APP_NAME);
  return {
    config: data,
    data,
    state: data,
    log: w.join(data, 'Logs'),
    runtime: w.join(localAppData, 'Temp', APP_AUTHOR, APP_NAME),
  };
}
