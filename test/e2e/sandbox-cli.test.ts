// `theticketbot sandbox` as a command: what it leaves behind (nothing, unless --keep),
// what --keep brings back, --locale, and its arguments. Driven through the page's API
// and the emulator's control API, without a browser.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSandbox, runCli } from './harness.ts';
import { startSandboxCli, type RunningSandbox } from './sandbox-flows.ts';

interface Msg {
  id: string;
  content: string;
  author: { id: string };
  components?: Array<{ components?: Array<{ custom_id?: string; label?: string }> }>;
}

async function page<T>(sb: RunningSandbox, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(`_sandbox/${path}`, sb.url), body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

async function people(sb: RunningSandbox): Promise<Record<string, string>> {
  const { body } = await page<{ people: Array<{ id: string; username: string }> }>(sb, 'people');
  return Object.fromEntries(body.people.map((p) => [p.username, p.id]));
}

async function channelIds(sb: RunningSandbox, as: string): Promise<Record<string, string>> {
  const { body } = await page<{ channels: Array<{ id: string; name: string; type: number }> }>(sb, `world?as=${as}`);
  return Object.fromEntries(body.channels.filter((c) => c.type === 0).map((c) => [c.name, c.id]));
}

async function inboxOf(sb: RunningSandbox, supportId: string): Promise<Msg> {
  const messages = await sb.control<Msg[]>(`channels/${supportId}/messages`);
  const inbox = messages.find((m) => m.components?.[0]?.components?.[0]?.custom_id === 'create-ticket');
  assert.ok(inbox, 'the sandbox starts with an inbox in #support');
  return inbox;
}

/** The member's ephemeral replies in a channel, newest last, once the bot has finished answering. */
async function repliesTo(sb: RunningSandbox, as: string, channelId: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await page<Msg[]>(sb, `channels/${channelId}/messages?as=${as}`);
    const replies = body.filter((m) => m.author.id !== as && m.content !== '' && !m.components?.length).map((m) => m.content);
    if (replies.length >= count && !replies.some((r) => r.endsWith('…'))) return replies;
    if (Date.now() > deadline) throw new Error(`no reply for ${as}: ${JSON.stringify(replies)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('theticketbot sandbox (command line)', () => {
  it('leaves nothing behind: Ctrl-C stops everything and removes its temporary folder', async () => {
    const sb = await startSandboxCli();
    const tmp = join(sb.home.home, 'tmp');
    assert.equal(readdirSync(tmp).filter((n) => n.startsWith('theticketbot-sandbox-')).length, 1, 'the database lives in a temporary folder');
    assert.match(sb.child.stdout(), /Open this address in your browser/);
    assert.equal((await fetch(sb.url)).status, 200);
    sb.child.kill('SIGINT');
    const exit = await sb.child.exited;
    assert.equal(exit.code, 0, sb.child.stderr());
    assert.deepEqual(readdirSync(tmp), [], 'the temporary folder is gone');
    assert.ok(!existsSync(sb.home.configPath), 'the real config directory is untouched');
    assert.ok(!existsSync(sb.home.dataDir), 'the real data directory is untouched');
    assert.doesNotMatch(sb.child.stdout() + sb.child.stderr(), /Traceback|Error:|at .*\.js:\d+/);
    await fetch(sb.url).then(() => assert.fail('the page is still answering'), () => {});
    sb.home.cleanup();
  });

  it('--keep DIR keeps the server and the database: a ticket opened before is still known after a restart', async () => {
    const keep = mkdtempSync(join(tmpdir(), 'ttb-keep-'));
    try {
      const first = await startSandboxCli({ args: ['--keep', keep] });
      const ids = await people(first);
      const channels = await channelIds(first, ids.mia!);
      const inbox = await inboxOf(first, channels.support!);
      const click = await page<{ type: number }>(first, 'interactions/button', { as: ids.mia, messageId: inbox.id, customId: 'create-ticket' });
      assert.equal(click.status, 201);
      const [ready] = await repliesTo(first, ids.mia!, channels.support!, 1);
      assert.match(ready!, /Your ticket is ready/);
      const threads = await first.control<Array<{ id: string }>>(`channels/${channels.tickets}/threads`);
      assert.equal(threads.length, 1);
      assert.equal((await first.stop()).code, 0);
      assert.ok(existsSync(join(keep, 'world.json')));
      assert.ok(existsSync(join(keep, 'theticketbot.db')));

      const second = await startSandboxCli({ args: ['--keep', keep] });
      try {
        assert.notEqual(second.url, first.url, 'another port, same world');
        assert.deepEqual(await people(second), ids);
        assert.equal((await inboxOf(second, channels.support!)).id, inbox.id, 'the same inbox, not a second one');
        assert.deepEqual((await second.control<Array<{ id: string }>>(`channels/${channels.tickets}/threads`)).map((t) => t.id), threads.map((t) => t.id));
        // The bot's database remembers the ticket: one open ticket per member.
        await page(second, 'interactions/button', { as: ids.mia, messageId: inbox.id, customId: 'create-ticket' });
        const [limit] = await repliesTo(second, ids.mia!, channels.support!, 1);
        assert.match(limit!, new RegExp(`limit of open tickets.*${threads[0]!.id}`));
        const synced = (await second.control<Array<{ route: string | null }>>('requests')).filter((r) => r.route === 'PUT /applications/:id/commands');
        assert.equal(synced.length, 0, 'the commands were already registered in the kept world');
      } finally {
        assert.equal((await second.stop()).code, 0);
      }
    } finally {
      rmSync(keep, { recursive: true, force: true });
    }
  });

  it('--locale sets the server language, which the bot writes in; -v counts before and after `sandbox`', async () => {
    const sb = await startSandboxCli({ global: ['-v'], args: ['-v', '--locale', 'de'] });
    try {
      // -v twice: the libraries' debug lines too, with the token redacted.
      assert.match(sb.child.stderr(), / DEBUG {1,2}discord\.rest: /);
      const { token } = await sb.control<{ token: string }>('info');
      assert.ok(token.length > 20 && !sb.child.stderr().includes(token), 'the token stays out of the log');
      const ids = await people(sb);
      const channels = await channelIds(sb, ids.mia!);
      const inbox = await inboxOf(sb, channels.support!);
      assert.equal(inbox.components?.[0]?.components?.[0]?.label, 'Ticket erstellen');
      const { body } = await page<{ guild: { locale: string }; defaultLocale: string }>(sb, `world?as=${ids.mia}`);
      assert.equal(body.guild.locale, 'de');
      assert.equal(body.defaultLocale, 'de');
    } finally {
      await sb.stop();
    }
  });

  it('explains its options, and refuses bad ones with a sentence', async () => {
    const home = makeSandbox();
    try {
      const help = runCli(['sandbox', '--help'], { env: home.env });
      assert.equal((await help.exited).code, 0);
      assert.match(help.stdout(), /--keep <dir>/);
      assert.match(help.stdout(), /--locale <locale>/);
      const port = runCli(['sandbox', '--port', 'eighty'], { env: home.env });
      assert.equal((await port.exited).code, 1);
      assert.match(port.stderr(), /a port is a whole number/);
      const locale = runCli(['sandbox', '--port', '0', '--locale', 'klingon'], { env: home.env });
      assert.equal((await locale.exited).code, 1);
      assert.match(locale.stderr(), /not a Discord locale: klingon/);
      const main = runCli(['--help'], { env: home.env });
      await main.exited;
      assert.match(main.stdout(), /^ {2}sandbox \[options\] +try the bot in your browser/m, 'listed with the other commands');
      // A subcommand like doctor: global options go before it too.
      const verbose = runCli(['-v', 'sandbox', '--help'], { env: home.env });
      assert.equal((await verbose.exited).code, 0, verbose.stderr());
      assert.match(verbose.stdout(), /^Usage: theticketbot sandbox \[options\]/);
      assert.match(verbose.stdout(), /-v, --verbose/);
      for (const args of [['sandbox', '--sync'], ['--dump-config', 'sandbox'], ['--config-file', 'config.toml', 'sandbox'], ['sandbox', 'now']]) {
        const refused = runCli(args, { env: home.env });
        assert.equal((await refused.exited).code, 1, args.join(' '));
        assert.match(refused.stderr(), /^error: (sandbox cannot be used with --(sync|dump-config|config-file)|too many arguments for 'sandbox')/, args.join(' '));
        assert.equal(refused.stdout(), '');
      }
    } finally {
      home.cleanup();
    }
  });
});
