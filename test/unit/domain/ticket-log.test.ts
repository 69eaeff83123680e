import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logMessage, oneLine, type TicketEvent } from '../../../src/domain/ticket-log.ts';
import { logLine } from '../../../src/discord/ticket/log-channel.ts';
import { loadTranslator } from '../../../src/i18n/translate.ts';

const T = '9007199254740993';
const U = '18446744073709551615';
const O = '9007199254740995';
const events: TicketEvent[] = [
  { kind: 'opened', ticketId: T, by: O },
  { kind: 'claimed', ticketId: T, by: U },
  { kind: 'unclaimed', ticketId: T, by: U },
  { kind: 'closed', ticketId: T, by: U, reason: null },
  { kind: 'closed', ticketId: T, by: U, reason: '  Solved:\n  the role was given.  ' },
  { kind: 'reopened', ticketId: T, by: U },
  { kind: 'reopened', ticketId: T, by: null },
  { kind: 'owner-left', ticketId: T, owner: O, left: 'thread' },
  { kind: 'owner-left', ticketId: T, owner: O, left: 'server' },
  { kind: 'owner-removed', ticketId: T, owner: O, by: U },
  { kind: 'renamed', ticketId: T, by: U, from: 'old name', to: 'new name' },
  { kind: 'renamed', ticketId: T, by: U, from: null, to: 'new name' },
];

describe('log lines', () => {
  it('name the ticket and who acted as mentions, and the reason on one line', () => {
    assert.deepEqual(logMessage(events[0]!), { id: 'log-opened', args: { ticket: `<#${T}>`, user: `<@${O}>` } });
    assert.deepEqual(logMessage(events[4]!), { id: 'log-closed-reason', args: { ticket: `<#${T}>`, user: `<@${U}>`, reason: 'Solved: the role was given.' } });
    assert.deepEqual(logMessage({ kind: 'closed', ticketId: T, by: U, reason: ' \n ' }).id, 'log-closed', 'a blank reason is none');
    assert.deepEqual(logMessage(events[6]!), { id: 'log-reopened-by-discord', args: { ticket: `<#${T}>` } });
    assert.deepEqual(logMessage(events[10]!).args, { ticket: `<#${T}>`, user: `<@${U}>`, old: 'old name', new: 'new name' });
  });
  it('cut long text with an ellipsis, whole characters only', () => {
    assert.equal(oneLine('a'.repeat(400)).length, 300);
    assert.ok(oneLine('a'.repeat(400)).endsWith('…'));
    assert.equal(oneLine('😀'.repeat(301)), `${'😀'.repeat(299)}…`);
  });
  it('read as one short line in every locale, with every placeholder filled and no isolation marks', () => {
    const i18n = loadTranslator();
    for (const locale of ['en-US', 'de', 'fr']) {
      for (const event of events) {
        const line = logLine({ i18n }, locale, event);
        assert.ok(!line.includes('\n'), `${locale} ${event.kind}: ${line}`);
        assert.ok(line.length < 500, line);
        assert.ok(line.startsWith(`<#${T}> `), `${locale}: the ticket comes first: ${line}`);
        assert.doesNotMatch(line, /[\u2068\u2069{}]|\$/u, `${locale}: ${line}`);
        assert.notEqual(line, logMessage(event).id, `${locale}: ${event.kind} is translated`);
      }
    }
    assert.equal(logLine({ i18n }, 'en-US', events[4]!), `<#${T}> closed by <@${U}>: Solved: the role was given.`);
    assert.equal(logLine({ i18n }, 'de', events[1]!), `<#${T}> übernommen von <@${U}>`);
  });
});
