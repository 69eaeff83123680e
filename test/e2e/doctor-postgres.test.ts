// `theticketbot doctor` with db.url: the real CLI in a child process checks the PostgreSQL
// database (connection, login, schema version) and the inboxes in it, and never prints the
// password. Run `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { openStore } from '../../src/store/store.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../fixtures/postgres.ts';
import { configToml, makeSandbox, runCli } from './harness.ts';
import { buildTicketWorld, postInbox } from './ticket-fixture.ts';

const skip = pgSkipReason();
if (skip !== null) console.log(`# skipped doctor on PostgreSQL: ${skip}`);

describe('theticketbot doctor on PostgreSQL', { skip: skip ?? false }, () => {
  let emu: Emulator;
  let database: TestDatabase;
  before(async () => {
    emu = await startEmulator();
    database = await freshPgDatabase();
  });
  after(async () => {
    await database?.drop();
    await emu?.close();
  });

  async function doctor(url: string) {
    const box = makeSandbox();
    box.writeConfig(configToml(emu.apiUrl, `\n[db]\nurl = ${JSON.stringify(url)}\n`));
    try {
      const child = runCli(['doctor'], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token } });
      const { code } = await child.exited;
      const output = child.stdout() + child.stderr();
      assert.ok(!output.includes(emu.token), 'the token was printed');
      const password = new URL(url).password;
      if (password !== '') assert.ok(!output.includes(password), 'the password was printed');
      return { code, stdout: child.stdout(), output };
    } finally {
      box.cleanup();
    }
  }

  test('a healthy database with an inbox: every check passes', async () => {
    const w = buildTicketWorld(emu);
    const store = await openStore({ url: database.url });
    let inbox = '';
    try {
      inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    } finally {
      await store.close();
    }
    const { code, stdout } = await doctor(database.url);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^ {2}✓ PostgreSQL at postgres:\/\/.*<redacted>@.* answers and the login is accepted$/m);
    assert.match(stdout, /^ {2}✓ Schema version \d+, the current one$/m);
    assert.match(stdout, new RegExp(`✓ Inbox ${inbox} in #support, tickets in #tickets: every permission it needs`));
  });

  test('a wrong password: one line naming db.url, with its fix, exit 1', async () => {
    const wrong = new URL(database.url);
    wrong.password = 'definitely-wrong-pw';
    const { code, stdout, output } = await doctor(wrong.toString());
    assert.equal(code, 1, stdout);
    assert.match(stdout, /✗ PostgreSQL at .* refused the login of role .*db\.url/);
    assert.doesNotMatch(output, /^\s+at /m, 'no stack');
  });
});
