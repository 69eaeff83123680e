// No token of any kind reaches a log (issue 9): interaction tokens travel in request
// paths (/interactions/{id}/{token}/callback, /webhooks/{application}/{token}/…), so every
// REST error about an interaction, and every library debug line, carries one. Checked at
// each verbosity, in the console and in the JSON-lines file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type InteractionHandle } from '../../emulator/src/index.ts';
import { LOG_FILE_NAME } from '../../src/log/logger.ts';
import { buildTicketWorld, click, postInbox, startTicketBot, until } from './ticket-fixture.ts';

const CALLBACK = 'POST /interactions/:id/:id/callback';
const EDIT_ORIGINAL = 'PATCH /webhooks/:id/:id/messages/:id';

describe('tokens in the logs', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu.close();
  });

  for (const verbosity of [0, 1, 2] as const) {
    test(`verbosity ${verbosity}: failed interaction requests are logged without their token, in the console and the file`, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'ttb-logs-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const w = buildTicketWorld(emu);
      const b = await startTicketBot(emu, { verbosity, logDir: dir });
      t.after(() => b.stop());
      b.bot.deps.tickets.recheckDelayMs = 10;
      const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
      const handles: InteractionHandle[] = [];

      // The ready reply cannot be sent, twice: "Could not tell a member that their ticket is ready".
      emu.injectFault({ route: EDIT_ORIGINAL, status: 400, times: 2 });
      handles.push(click(emu, inbox, w.annId));
      await until('the second failed attempt to be logged', () => /Could not tell a member that their ticket is ready(?!;)/.test(b.logs()));

      // No response at all gets through: "Unexpected error …", then "Could not send the error reply".
      emu.injectFault({ route: CALLBACK, status: 400, times: 2 });
      handles.push(click(emu, inbox, w.bobId));
      await until('the error reply failure to be logged', () => b.logs().includes('Could not send the error reply'));
      assert.match(b.logs(), /Unexpected error [0-9a-f]{4} while handling an interaction/);

      await b.stop();
      const file = readFileSync(join(dir, LOG_FILE_NAME), 'utf8');
      const consoleText = b.logs();
      // The failures are there, with the request path, only the token left out.
      assert.match(consoleText, /\/webhooks\/\d+\/\[REDACTED\]\/messages\/%40original/);
      assert.match(file, /\/interactions\/\d+\/\[REDACTED\]\/callback/);
      for (const h of handles) {
        assert.ok(!consoleText.includes(h.token), 'an interaction token in the console');
        assert.ok(!file.includes(h.token), 'an interaction token in the log file');
      }
      assert.ok(!consoleText.includes(emu.token) && !file.includes(emu.token), 'the bot token');
    });
  }
});
