// What a person does on the sandbox page, written once for the browser tests and for
// `npm run screenshots`: start `theticketbot sandbox` (the real CLI, as a child process),
// open the page in Debian's Chromium through playwright-core, and act as someone.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { BIN, makeSandbox, runCli, runCommand, type Child, type Sandbox } from './harness.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningSandbox {
  child: Child;
  home: Sandbox;
  /** The page, e.g. http://127.0.0.1:PORT/ */
  url: string;
  /** GET on the emulator's control API (what the emulator recorded). */
  control<T = unknown>(path: string): Promise<T>;
  /** A change through the emulator's control API (what a moderator or Discord itself does outside the page). */
  controlSend<T = unknown>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `theticketbot sandbox` as a user starts it, in a private home and TMPDIR; resolves once
 * it printed its address. `command` runs another copy (an installed package) instead.
 */
export async function startSandboxCli(opts: { global?: string[]; args?: string[]; command?: { file: string; args: string[]; cwd: string }; env?: Record<string, string> } = {}): Promise<RunningSandbox> {
  const home = makeSandbox();
  const env = { ...home.env, TMPDIR: join(home.home, 'tmp'), ...(opts.env ?? {}) };
  mkdirSync(env.TMPDIR, { recursive: true });
  // `global`: the program's options, before the subcommand.
  const args = [...(opts.global ?? []), 'sandbox', '--port', '0', ...(opts.args ?? [])];
  const child = opts.command
    ? runCommand(opts.command.file, [...opts.command.args, ...args], { env, cwd: opts.command.cwd, group: true })
    : runCli(args, { env });
  let url: string;
  try {
    url = await child.waitFor(/http:\/\/127\.0\.0\.1:\d+\//, 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    home.cleanup();
    throw error;
  }
  return {
    child,
    home,
    url,
    async control<T>(path: string): Promise<T> {
      const res = await fetch(new URL(`_emulator/${path}`, url));
      if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async controlSend<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(new URL(`_emulator/${path}`, url), {
        method,
        ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
      const text = await res.text();
      return (text === '' ? null : JSON.parse(text)) as T;
    },
    async stop() {
      child.kill('SIGINT');
      const exit = await child.exited;
      home.cleanup();
      return exit;
    },
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile that is removed afterwards. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ttb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A tab showing the page as `username`, in `channel` when given. */
export async function openAs(browser: Browser, url: string, username: string, channel?: string): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}?as=${username}`);
  await page.locator(`.app[data-viewer="${username}"]`).waitFor();
  if (channel) await goTo(page, channel);
  return page;
}

/** "View as" → the person whose display name is `name`. */
export async function switchTo(page: Page, name: string): Promise<void> {
  const select = page.locator('select[name="view-as"]');
  const options = await select.locator('option').allTextContents();
  const label = options.find((o) => o.startsWith(`${name} —`));
  if (!label) throw new Error(`no one called ${name} in View as: ${options.join(', ')}`);
  await select.selectOption({ label });
  await page.locator(`.app[data-viewer="${name.toLowerCase()}"]`).waitFor();
}

export function channelLink(page: Page, name: string): Locator {
  return page.locator(`.channel-list [data-channel-name="${name}"]`);
}

export async function goTo(page: Page, name: string): Promise<void> {
  await channelLink(page, name).click();
  await page.locator(`.messages[data-loaded-channel="${name}"]`).waitFor();
}

/** The latest message whose own text or embed has `text` (not a reply quoting it). */
export function message(page: Page, text: string | RegExp): Locator {
  return page.locator('.message').filter({ has: page.locator('.content, .embed', { hasText: text }) }).last();
}

/** Sends a message from the composer and waits until it is on the page. */
export async function post(page: Page, text: string): Promise<void> {
  const before = await page.locator('.message').count();
  const box = page.locator('textarea[name="message"]');
  await box.fill(text);
  await box.press('Enter');
  await page.locator('.message').nth(before).waitFor();
}

/** Picks an entry in a select menu (message, modal or option picker) by its visible label. */
export async function pick(select: Locator, labels: string[]): Promise<void> {
  await select.locator('.select-head').click();
  for (const label of labels) await select.locator('.select-option', { hasText: label }).first().click();
  // Multi-selects stay open until the person clicks elsewhere (or presses Escape).
  if (await select.locator('.select-list').isVisible()) await select.page().keyboard.press('Escape');
}

/** Runs a slash command from the palette: `title` as listed ("/inbox create"), options by name. */
export async function slash(page: Page, title: string, options: Record<string, { pick: string } | string> = {}): Promise<void> {
  const box = page.locator('textarea[name="message"]');
  await box.fill(title.split(' ')[0] ?? title);
  await page.locator('.palette-item', { has: page.locator('.command-title', { hasText: new RegExp(`^${title}$`) }) }).click();
  const form = page.locator(`.command-form[data-command="${title}"]`);
  for (const [name, value] of Object.entries(options)) {
    const field = form.locator(`.option-field[data-option="${name}"]`);
    if (typeof value === 'string') await field.locator('input, select').first().fill(value);
    else await pick(field.locator('.select'), [value.pick]);
  }
  await form.getByRole('button', { name: 'Send' }).click();
  await form.waitFor({ state: 'detached' });
}

/** The message's Apps menu → a message command. */
export async function messageCommand(page: Page, target: Locator, name: string): Promise<void> {
  // The Apps button shows while the pointer is on the message; a message arriving below can
  // scroll it away from the pointer, as it would for a person, who would simply point again.
  for (let attempt = 1; ; attempt += 1) {
    await target.hover();
    try {
      await target.getByRole('button', { name: 'Apps' }).click({ timeout: 2000 });
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
  await target.getByRole('menuitem', { name }).click();
}

/** The latest reply only this person sees. */
export function ephemeral(page: Page, text: string | RegExp): Locator {
  return page.locator('.message.ephemeral', { hasText: text }).last();
}

export { BIN };
