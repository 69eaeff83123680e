/**
 * The emulator half of `theticketbot sandbox`: starts the emulator with the
 * sandbox's server (seeded, or restored from a saved world), mounts the page,
 * and saves the world when asked. The bot half (config, store, the real bot)
 * lives in src/sandbox.ts and talks to this module only through the
 * SandboxRuntime interface. Built to dist/emulator/sandbox.js by
 * scripts/build-sandbox.mjs so the installed package needs no TypeScript.
 */

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxRuntime, SandboxServer, StartSandboxOptions } from '../../src/sandbox-runtime.ts';
import { checkSnapshot, type Emulator, startEmulator, type WorldSnapshot } from '../src/index.ts';
import { mountPage } from '../web/server.ts';
import { seedFirstInbox, seedSandboxWorld, type SandboxCast } from './seed.ts';

/** The built page: next to this module once bundled (dist/emulator/web), or in dist/ when run from the sources. */
function findWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'web'), join(here, '..', '..', 'dist', 'emulator', 'web')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('the sandbox page is not built; run `npm run build` first');
}

function readWorld(file: string): WorldSnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`could not read the saved world ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return checkSnapshot(parsed);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The sandbox's guild in a restored world: the one guild the bot is in. */
function sandboxGuild(em: Emulator): string {
  const guild = em.world.botGuilds()[0];
  if (!guild) throw new Error('the saved world has no server with the bot in it');
  return guild.id;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<SandboxServer> {
  const webRoot = opts.webRoot ?? findWebRoot();
  const saved = opts.worldFile && existsSync(opts.worldFile) ? readWorld(opts.worldFile) : undefined;
  const em = await startEmulator({ port: opts.port ?? 0, ...(saved ? { snapshot: saved } : {}) });
  let cast: SandboxCast | null = null;
  let guildId: string;
  try {
    if (saved) {
      guildId = sandboxGuild(em);
      if (opts.locale && em.world.getGuild(guildId)?.preferredLocale !== opts.locale) em.updateGuild(guildId, { preferredLocale: opts.locale });
    } else {
      cast = seedSandboxWorld(em, opts.locale ? { locale: opts.locale } : {});
      guildId = cast.guildId;
    }
  } catch (error) {
    await em.close();
    throw error;
  }
  const page = mountPage(em, { webRoot, guildId, defaultLocale: opts.locale ?? em.world.getGuild(guildId)?.preferredLocale ?? 'en-US' });

  const save = (): void => {
    if (!opts.worldFile) return;
    const temp = `${opts.worldFile}.tmp`;
    writeFileSync(temp, JSON.stringify(em.snapshot()), { mode: 0o600 });
    renameSync(temp, opts.worldFile);
  };
  // Saved a moment after each change, so a crash loses at most that moment.
  let timer: NodeJS.Timeout | null = null;
  let saveError: Error | null = null;
  const scheduleSave = (): void => {
    if (!opts.worldFile || timer) return;
    timer = setTimeout(() => {
      timer = null;
      try {
        save();
      } catch (error) {
        saveError = error instanceof Error ? error : new Error(String(error));
      }
    }, 1000);
  };
  if (opts.worldFile) {
    em.events.on('dispatch', scheduleSave);
    em.world.messageWatchers.add(scheduleSave);
  }

  let closed = false;
  return {
    url: `${em.baseUrl}/`,
    apiUrl: em.apiUrl,
    controlUrl: em.controlUrl,
    token: em.token,
    fresh: cast !== null,
    async seedFirstInbox() {
      if (cast) await seedFirstInbox(em, cast);
    },
    save() {
      if (saveError) throw saveError;
      save();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      em.events.off('dispatch', scheduleSave);
      em.world.messageWatchers.delete(scheduleSave);
      page.close();
      await em.close();
    },
  };
}

export const runtime: SandboxRuntime = { startSandbox };
