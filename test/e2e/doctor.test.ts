// `theticketbot doctor` as a user runs it: the real CLI (bin/theticketbot.js → dist/) in a
// child process against the emulator, reading a real database. It must find what is wrong,
// say how to fix it, exit 1 then (0 when all is well), and never print the token or the
// database key. Run `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Intents, startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { configToml, makeSandbox, runCli, type Sandbox } from './harness.ts';
import { buildTicketWorld, postInbox, type TicketWorld } from './ticket-fixture.ts';

const KEY_TEMPLATE = "PRAGMA key = '{}'";

describe('theticketbot doctor', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'doctor only calls routes Discord has');
    await emu.close();
  });

  interface Setup {
    box: Sandbox;
    env: Record<string, string>;
    dbPath: string;
    w: TicketWorld;
  }

  /** A server, a config pointing at the emulator and a database holding the inboxes `fill` makes. */
  async function setup(opts: { extraToml?: string; key?: string; fill?: (store: Store, w: TicketWorld) => Promise<void> } = {}): Promise<Setup> {
    const w = buildTicketWorld(emu);
    const box = makeSandbox();
    box.writeConfig(configToml(emu.apiUrl, opts.extraToml ?? ''));
    const dbPath = join(box.dataDir, 'theticketbot.db');
    const store = await openStore({ path: dbPath, pragmas: [], keyTemplate: opts.key ? KEY_TEMPLATE : '', key: opts.key ?? null });
    try {
      await opts.fill?.(store, w);
    } finally {
      await store.close();
    }
    return { box, env: { ...box.env, THETICKETBOT_TOKEN: emu.token }, dbPath, w };
  }

  async function doctor(s: Setup, args: string[] = [], env: Record<string, string> = {}) {
    const child = runCli(['doctor', ...args], { env: { ...s.env, ...env } });
    const { code } = await child.exited;
    const output = child.stdout() + child.stderr();
    assert.ok(!output.includes(emu.token), 'the token was printed');
    return { code, stdout: child.stdout(), output };
  }

  /** The line after `line` must be its fix. */
  function fixOf(stdout: string, line: RegExp): string {
    const lines = stdout.split('\n');
    const at = lines.findIndex((l) => line.test(l));
    assert.ok(at >= 0, `no line matching ${line} in:\n${stdout}`);
    const fix = /^\s+fix: (.+)$/.exec(lines[at + 1] ?? '');
    assert.ok(fix, `no fix under ${JSON.stringify(lines[at])}`);
    return fix[1]!;
  }

  test('a healthy set-up: every check passes and doctor exits 0', async (t) => {
    let inbox = '';
    const s = await setup({
      fill: async (store, w) => {
        inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
      },
    });
    t.after(() => s.box.cleanup());
    const { code, stdout } = await doctor(s);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Configuration\n {2}✓ .*config\.toml is valid$/m);
    assert.match(stdout, /^ {2}✓ The token is accepted: the bot is theticketbot \(id \d+\)$/m);
    assert.match(stdout, /^ {2}✓ Server Members Intent: enabled for the application and in the config$/m);
    assert.match(stdout, /^ {2}✓ .*theticketbot\.db opens$/m);
    assert.match(stdout, /^ {2}✓ Schema version \d+, the current one$/m);
    assert.match(stdout, /^ {2}✓ Integrity check: ok$/m);
    assert.match(stdout, new RegExp(`^ {2}Ticket Server \\(server ${s.w.guildId}\\)\\n {4}✓ Inbox ${inbox} in #support, tickets in #tickets: every permission it needs$`, 'm'));
    assert.doesNotMatch(stdout, /^\s*[✗!] /m);
    assert.match(stdout, /Everything looks right\.\n?$/);
  });

  test('a permission missing where tickets open: named with its fix, and exit 1 (also as JSON)', async (t) => {
    let inbox = '';
    const s = await setup({
      fill: async (store, w) => {
        inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.noThreadsId });
      },
    });
    t.after(() => s.box.cleanup());
    const { code, stdout } = await doctor(s);
    assert.equal(code, 1, stdout);
    const line = new RegExp(`^ {4}✗ #no-threads \\(where inbox ${inbox} opens tickets\\): the bot lacks Create Private Threads$`);
    assert.match(fixOf(stdout, line), /Edit Channel → Permissions/);
    assert.match(stdout, /1 problem to fix/);

    const json = await doctor(s, ['--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: number; checks: Array<{ group: string; status: string; title: string; fix?: string; inbox?: string; guild?: { id: string } }> };
    assert.equal(report.ok, false);
    const failed = report.checks.filter((c) => c.status === 'fail');
    assert.equal(failed.length, 1);
    assert.deepEqual({ ...failed[0], fix: typeof failed[0]!.fix }, {
      group: 'inboxes',
      status: 'fail',
      title: `#no-threads (where inbox ${inbox} opens tickets): the bot lacks Create Private Threads`,
      fix: 'string',
      guild: { id: s.w.guildId, name: 'Ticket Server' },
      inbox,
    });
  });

  test('a wrong database key: said so with its fix, exit 1, and the key is never printed', async (t) => {
    const s = await setup({ key: 'the-right-key-Q7', extraToml: `[db]\nkey_template = "${KEY_TEMPLATE}"\n` });
    t.after(() => s.box.cleanup());
    const wrongKey = 'not-the-key-Zx81';
    const { code, stdout, output } = await doctor(s, [], { THETICKETBOT_DB_KEY: wrongKey });
    assert.equal(code, 1, stdout);
    assert.match(fixOf(stdout, /^ {2}✗ Could not decrypt the database .*: the key is wrong/), /THETICKETBOT_DB_KEY.*db\.key_template/);
    assert.match(stdout, /^Inboxes\n {2}- Not checked: the database must open first$/m);
    assert.ok(!output.includes(wrongKey) && !output.includes('the-right-key-Q7'), 'a key was printed');

    // The right key opens it: the same file was not changed by the failed attempt.
    const right = await doctor(s, [], { THETICKETBOT_DB_KEY: 'the-right-key-Q7' });
    assert.equal(right.code, 0, right.stdout);
    assert.match(right.stdout, /^ {2}✓ .*theticketbot\.db opens and the key is right$/m);
    assert.ok(!right.output.includes('the-right-key-Q7'), 'the key was printed');
  });

  test('a privileged intent the config asks for but the portal has off: named with its fix, exit 1', async (t) => {
    const s = await setup();
    t.after(() => s.box.cleanup());
    const before = emu.privilegedIntents;
    emu.setPrivilegedIntents(before & ~Intents.GUILD_MEMBERS);
    t.after(() => emu.setPrivilegedIntents(before));
    const { code, stdout } = await doctor(s);
    assert.equal(code, 1, stdout);
    const fix = fixOf(stdout, /^ {2}✗ Server Members Intent is on in the config \(bot\.intents\.members\) but not enabled for the application/);
    assert.match(fix, new RegExp(`https://discord\\.com/developers/applications/${emu.application.id}/bot under Privileged Gateway Intents`));
    assert.match(fix, /bot\.intents\.members = false/);

    // Turned off in the config instead: no longer a problem, only a warning about what is lost.
    s.box.writeConfig(configToml(emu.apiUrl, '[bot.intents]\nmembers = false\n'));
    const off = await doctor(s);
    assert.equal(off.code, 0, off.stdout);
    assert.match(off.stdout, /^ {2}! Server Members Intent is off in the config/m);
  });

  test('an inbox whose message was deleted and a server the bot left: warnings with what happens next, exit 0', async (t) => {
    let deleted = '';
    let elsewhere = '';
    let otherGuild = '';
    const s = await setup({
      fill: async (store, w) => {
        deleted = await postInbox(emu, store.db, w, { channelId: w.supportId });
        const other = buildTicketWorld(emu);
        otherGuild = other.guildId;
        elsewhere = await postInbox(emu, store.db, other, { channelId: other.supportId });
      },
    });
    t.after(() => s.box.cleanup());
    emu.deleteMessage(s.w.supportId, deleted);
    emu.removeGuild(otherGuild);
    const { code, stdout } = await doctor(s);
    assert.equal(code, 0, stdout);
    assert.match(fixOf(stdout, new RegExp(`^ {4}! Inbox ${deleted} in #support: the inbox message was deleted$`)), /forgets this inbox at its next start/);
    assert.match(stdout, new RegExp(`^ {2}Server ${otherGuild}\\n {4}! The bot is no longer in this server: its 1 inbox is forgotten on the next Saturday, 00:00 UTC$`, 'm'));
    assert.ok(elsewhere);
  });

  test('a broken config file: the problem and its fix, the rest not checked, exit 1', async (t) => {
    const s = await setup();
    t.after(() => s.box.cleanup());
    s.box.writeConfig(configToml(emu.apiUrl, '[metrics]\nport = 70000\n'));
    const { code, stdout } = await doctor(s);
    assert.equal(code, 1);
    assert.match(fixOf(stdout, /^ {2}✗ .*config\.toml: metrics\.port: expected a TCP port from 0 to 65535, got 70000$/), /--dump-config/);
    assert.match(stdout, /^Discord\n {2}- Not checked: the configuration must load first$/m);
  });
});
