// The package as a user gets it: `npm pack`, then `npm install --omit=dev` of the tarball
// into an empty folder. Installing builds the native SQLite module from source (about
// 95 s here), so a run that already has such a folder can pass it in
// THETICKETBOT_PACKED_INSTALL to share it between tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.ts';

export interface PackedInstall {
  /** The folder the package was installed into (its node_modules/.bin has theticketbot). */
  dir: string;
  /** The tarball's file list. */
  files: string[];
  cleanup(): void;
}

export function packedInstall(): PackedInstall {
  const shared = process.env.THETICKETBOT_PACKED_INSTALL;
  if (shared) {
    if (!existsSync(join(shared, 'node_modules', 'theticketbot', 'package.json'))) throw new Error(`THETICKETBOT_PACKED_INSTALL=${shared} holds no installed package`);
    return { dir: shared, files: [], cleanup: () => {} };
  }
  const work = mkdtempSync(join(tmpdir(), 'ttb-pack-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // `npm test` built dist/ just before (pretest); packing must not build again.
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const files = execFileSync('tar', ['tzf', join(work, tarball)], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const dir = join(work, 'app');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'trying-theticketbot', private: true }));
  execFileSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', join(work, tarball)], { cwd: dir, stdio: 'pipe', timeout: 600_000 });
  return { dir, files, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
