import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userDirs } from '../../../src/config/paths.ts';

const HOME = '/home/ann';

test('linux: XDG defaults under the home directory', () => {
  assert.deepEqual(userDirs('linux', {}, HOME, 1000), {
    config: '/home/ann/.config/theticketbot',
    data: '/home/ann/.local/share/theticketbot',
    state: '/home/ann/.local/state/theticketbot',
    log: '/home/ann/.local/state/theticketbot/log',
    runtime: '/run/user/1000/theticketbot',
  });
});

test('linux: XDG variables win', () => {
  const env = {
    XDG_CONFIG_HOME: '/cfg',
    XDG_DATA_HOME: '/dat',
    XDG_STATE_HOME: '/st',
    XDG_RUNTIME_DIR: '/run/me',
  };
  assert.deepEqual(userDirs('linux', env, HOME, 1000), {
    config: '/cfg/theticketbot',
    data: '/dat/theticketbot',
    state: '/st/theticketbot',
    log: '/st/theticketbot/log',
    runtime: '/run/me/theticketbot',
  });
});

test('linux: empty or blank XDG variables count as unset; values are trimmed', () => {
  const dirs = userDirs('linux', { XDG_CONFIG_HOME: '', XDG_DATA_HOME: '   ', XDG_STATE_HOME: ' /st ' }, HOME, 5);
  assert.equal(dirs.config, '/home/ann/.config/theticketbot');
  assert.equal(dirs.data, '/home/ann/.local/share/theticketbot');
  assert.equal(dirs.state, '/st/theticketbot');
  assert.equal(dirs.log, '/st/theticketbot/log');
});

test('linux: the runtime directory needs a uid only when XDG_RUNTIME_DIR is unset', () => {
  assert.throws(() => userDirs('linux', {}, HOME), TypeError);
  assert.equal(userDirs('linux', { XDG_RUNTIME_DIR: '/r' }, HOME).runtime, '/r/theticketbot');
});

test('BSDs: runtime fallbacks follow platformdirs', () => {
  assert.equal(userDirs('freebsd', {}, HOME, 7).runtime, '/var/run/user/7/theticketbot');
  assert.equal(userDirs('netbsd', {}, HOME, 7).runtime, '/var/run/user/7/theticketbot');
  assert.equal(userDirs('openbsd', {}, HOME, 7).runtime, '/tmp/run/user/7/theticketbot');
  assert.equal(userDirs('freebsd', {}, HOME, 7).config, '/home/ann/.config/theticketbot');
});

test('macOS: Application Support and Library/Logs', () => {
  const home = '/Users/ann';
  assert.deepEqual(userDirs('darwin', {}, home, 501), {
    config: '/Users/ann/Library/Application Support/theticketbot',
    data: '/Users/ann/Library/Application Support/theticketbot',
    state: '/Users/ann/Library/Application Support/theticketbot',
    log: '/Users/ann/Library/Logs/theticketbot',
    runtime: '/Users/ann/Library/Caches/TemporaryItems/theticketbot',
  });
});

test('macOS: XDG variables win, except for logs', () => {
  const home = '/Users/ann';
  const env = { XDG_CONFIG_HOME: '/x/c', XDG_DATA_HOME: '/x/d', XDG_STATE_HOME: '/x/s', XDG_RUNTIME_DIR: '/x/r' };
  assert.deepEqual(userDirs('darwin', env, home), {
    config: '/x/c/theticketbot',
    data: '/x/d/theticketbot',
    state: '/x/s/theticketbot',
    log: '/Users/ann/Library/Logs/theticketbot',
    runtime: '/x/r/theticketbot',
  });
  assert.equal(userDirs('darwin', { XDG_CONFIG_HOME: ' ' }, home).config, '/Users/ann/Library/Application Support/theticketbot');
});

test('windows: LOCALAPPDATA with author and app name', () => {
  const env = { LOCALAPPDATA: 'C:\\Users\\Ann\\AppData\\Local' };
  assert.deepEqual(userDirs('win32', env, 'C:\\Users\\Ann'), {
    config: 'C:\\Users\\Ann\\AppData\\Local\\thegamecracks\\theticketbot',
    data: 'C:\\Users\\Ann\\AppData\\Local\\thegamecracks\\theticketbot',
    state: 'C:\\Users\\Ann\\AppData\\Local\\thegamecracks\\theticketbot',
    log: 'C:\\Users\\Ann\\AppData\\Local\\thegamecracks\\theticketbot\\Logs',
    runtime: 'C:\\Users\\Ann\\AppData\\Local\\Temp\\thegamecracks\\theticketbot',
  });
});

test('windows: falls back to the home directory, honours the platformdirs override, ignores XDG', () => {
  const home = 'C:\\Users\\Ann';
  assert.equal(
    userDirs('win32', { XDG_CONFIG_HOME: 'C:\\xdg' }, home).config,
    'C:\\Users\\Ann\\AppData\\Local\\thegamecracks\\theticketbot',
  );
  assert.equal(
    userDirs('win32', { LOCALAPPDATA: 'C:\\L\\', WIN_PD_OVERRIDE_LOCAL_APPDATA: 'D:\\Data' }, home).data,
    'D:\\Data\\thegamecracks\\theticketbot',
  );
  assert.equal(userDirs('win32', { LOCALAPPDATA: 'C:/L/' }, home).log, 'C:\\L\\thegamecracks\\theticketbot\\Logs');
});
