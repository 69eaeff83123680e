// The sandbox from the installed package: no TypeScript, no dev dependencies, nothing but
// what `npm pack` ships. Slow (the install builds the SQLite module from source).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { packedInstall } from './packed.ts';
import { channelLink, ephemeral, launchBrowser, message, openAs, startSandboxCli } from './sandbox-flows.ts';

it('npm pack, install with --omit=dev, npx theticketbot sandbox: the page loads and a ticket opens', { timeout: 900_000 }, async () => {
  const install = packedInstall();
  try {
    if (install.files.length > 0) {
      for (const file of ['package/dist/emulator/sandbox.js', 'package/dist/emulator/web/index.html', 'package/dist/emulator/web/app.js', 'package/dist/emulator/web/app.css', 'package/dist/sandbox.js']) {
        assert.ok(install.files.includes(file), `the tarball has ${file}`);
      }
    }
    for (const dev of ['esbuild', 'preact', 'discord-markdown-parser', 'playwright-core', 'tsx', 'typescript']) {
      assert.ok(!existsSync(join(install.dir, 'node_modules', dev)), `${dev} is not installed`);
    }
    const sb = await startSandboxCli({ command: { file: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--no-install', 'theticketbot'], cwd: install.dir } });
    const browser = await launchBrowser();
    try {
      const page = await openAs(browser, sb.url, 'mia', 'support');
      await message(page, 'Need a hand?').getByRole('button', { name: 'Create Ticket' }).click();
      await ephemeral(page, 'Your ticket is ready').waitFor();
      const support = await page.evaluate(async () => {
        const people = (await (await fetch('/_sandbox/people')).json()) as { people: Array<{ id: string; username: string }> };
        const mia = people.people.find((p) => p.username === 'mia')!.id;
        const world = (await (await fetch(`/_sandbox/world?as=${mia}`)).json()) as { channels: Array<{ id: string; name: string }> };
        return world.channels.find((c) => c.name === 'tickets')!.id;
      });
      const threads = await sb.control<Array<{ name: string; type: number }>>(`channels/${support}/threads`);
      assert.equal(threads.length, 1);
      assert.equal(threads[0]!.type, 12);
      await channelLink(page, threads[0]!.name).waitFor();
    } finally {
      await browser.close();
      const tmp = join(sb.home.home, 'tmp');
      // Ctrl-C reaches npx and the sandbox alike; npx itself ends by the signal.
      sb.child.kill('SIGINT');
      await sb.child.exited;
      const deadline = Date.now() + 15_000;
      while (readdirSync(tmp).length > 0 || (await fetch(sb.url).then(() => true, () => false))) {
        assert.ok(Date.now() < deadline, `the sandbox did not stop and clean up: ${sb.child.stderr()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(sb.child.stderr(), /stopping the sandbox/);
      sb.home.cleanup();
    }
  } finally {
    install.cleanup();
  }
});
