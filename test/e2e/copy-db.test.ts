// `theticketbot copy-db --to postgres://…` as a user runs it: the real CLI in a child
// process copies the configured SQLite database into an empty PostgreSQL database, prints
// the counts, refuses a second copy with one sentence, and never prints the password.
// Run `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createInbox } from '../../src/store/inboxes.ts';
import { openStore } from '../../src/store/store.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../fixtures/postgres.ts';
import { makeSandbox, runCli, type Sandbox } from './harness.ts';

const skip = pgSkipReason();
if (skip !== null) console.log(`# skipped copy-db: ${skip}`);

describe('theticketbot copy-db', { skip: skip ?? false }, () => {
  let box: Sandbox;
  let target: TestDatabase;
  before(async () => {
    box = makeSandbox();
    box.writeConfig('[discord]\napi_url = "http://127.0.0.1:1/api"\n');
    const store = await openStore({ path: join(box.dataDir, 'theticketbot.db'), pragmas: [], keyTemplate: '' });
    await createInbox(store.db, { messageId: '9223372036854775807', channelId: '9007199254740993', guildId: '1246826841231327275', starterContent: '', destinationId: null, staff: [] });
    await store.close();
    target = await freshPgDatabase();
  });
  after(async () => {
    box?.cleanup();
    await target?.drop();
  });

  const copy = async () => {
    const child = runCli(['copy-db', '--to', target.url], { env: box.env });
    const { code } = await child.exited;
    const output = child.stdout() + child.stderr();
    const password = new URL(target.url).password;
    if (password !== '') assert.ok(!output.includes(password), 'the password was printed');
    return { code, stdout: child.stdout(), stderr: child.stderr() };
  };

  test('copies and prints the counts; a second copy is refused with one sentence', async () => {
    const first = await copy();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /^Copied \d+ rows from .*theticketbot\.db into postgres:\/\/.*:$/m);
    assert.match(first.stdout, /^ {2}inbox: 1$/m);
    assert.match(first.stdout, /^ {2}guild: 1$/m);
    const second = await copy();
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /already holds the bot's rows .*nothing was copied/);
    assert.doesNotMatch(second.stderr, /^\s+at /m, 'no stack');
  });
});
