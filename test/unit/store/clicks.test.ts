// claimClick (src/store/clicks.ts) on SQLite and PostgreSQL: the limit and the cooldown are
// checked and the click recorded in one write transaction, so two processes sharing the
// database never both let a member past them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimClick, cooldownStart, releaseCooldown, type ClickClaim } from '../../../src/store/clicks.ts';
import { createInbox } from '../../../src/store/inboxes.ts';
import type { Store } from '../../../src/store/store.ts';
import { completeTicket, setTicketThreadState } from '../../../src/store/tickets.ts';
import { whenWritable } from '../../../src/store/write.ts';
import { dialects } from '../../fixtures/dialects.ts';

const GUILD = '1246826841231327275';
const CHANNEL = '1246826841231327276';
const INBOX = '9223372036854775807';
let nextMember = 1246826841231400000n;

for (const dialect of dialects()) {
  describe(`claiming a click (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    let opened: Awaited<ReturnType<typeof dialect.open>>;
    let store: Store;
    before(async () => {
      opened = await dialect.open();
      store = opened.store;
      await createInbox(store.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
    });
    after(() => opened?.close());

    const claimFor = (ownerId: string, at: number, o: Partial<ClickClaim> = {}): ClickClaim => ({
      inboxId: INBOX,
      ownerId,
      guildId: GUILD,
      parentId: CHANNEL,
      createdAt: at,
      name: (n) => `t-${n}`,
      cooldownSeconds: 60,
      maxTickets: 1,
      isOpen: (t) => t.archived === false,
      ignorePending: () => false,
      ...o,
    });

    it('records the click and starts the cooldown in one write transaction; a second click is held back', async () => {
      const member = String(nextMember++);
      const writes = store.stats.writeTransactions;
      const first = await claimClick(store.db, claimFor(member, 1_000_000, { maxTickets: 0 }));
      assert.equal(first.kind, 'claimed');
      assert.equal(store.stats.writeTransactions - writes, 1);
      assert.equal(await cooldownStart(store.db, INBOX, member), 1_000_000);
      assert.deepEqual(await claimClick(store.db, claimFor(member, 1_015_500, { maxTickets: 0 })), { kind: 'cooldown', seconds: 45 });
      assert.deepEqual(await claimClick(store.db, claimFor(member, 1_015_500, { maxTickets: 0, cooldownSeconds: 120 })), { kind: 'cooldown', seconds: 105 }, 'the window is read at check time');
      assert.equal(store.stats.writeTransactions - writes, 1, 'a refused click writes nothing');
      assert.equal((await claimClick(store.db, claimFor(member, 1_060_000, { maxTickets: 0 }))).kind, 'claimed', 'free again once it ran out');
    });

    it('lifting the cooldown of a click that came to nothing never undoes a newer one', async () => {
      const member = String(nextMember++);
      const first = await claimClick(store.db, claimFor(member, 2_000_000, { maxTickets: 0 }));
      assert.equal(first.kind, 'claimed');
      if (first.kind !== 'claimed') return;
      await releaseCooldown(store.db, INBOX, member, first.startedAt);
      assert.equal(await cooldownStart(store.db, INBOX, member), undefined);
      const second = await claimClick(store.db, claimFor(member, 2_000_001, { maxTickets: 0 }));
      assert.equal(second.kind, 'claimed');
      await releaseCooldown(store.db, INBOX, member, first.startedAt);
      assert.equal(await cooldownStart(store.db, INBOX, member), 2_000_001);
    });

    it('counts open tickets and unresolved clicks against the limit', async () => {
      const member = String(nextMember++);
      const first = await claimClick(store.db, claimFor(member, 3_000_000, { cooldownSeconds: 0 }));
      assert.equal(first.kind, 'claimed');
      if (first.kind !== 'claimed') return;
      const again = await claimClick(store.db, claimFor(member, 3_000_001, { cooldownSeconds: 0 }));
      assert.deepEqual(again.kind === 'limit' && again.unresolved.map((p) => p.id), [first.pending.id], 'a click without a known outcome counts');
      assert.equal((await claimClick(store.db, claimFor(member, 3_000_001, { cooldownSeconds: 0, ignorePending: (id) => id === first.pending.id }))).kind, 'claimed');
      const thread = String(nextMember++);
      await completeTicket(store.db, first.pending, thread);
      const limited = await claimClick(store.db, claimFor(member, 3_000_002, { cooldownSeconds: 0, maxTickets: 2, ignorePending: () => true }));
      assert.equal(limited.kind, 'claimed', 'one open ticket of two allowed');
      const full = await claimClick(store.db, claimFor(member, 3_000_003, { cooldownSeconds: 0, ignorePending: () => true }));
      assert.equal(full.kind, 'limit');
      assert.deepEqual(full.kind === 'limit' && full.open.map((t) => t.id), [thread]);
      await setTicketThreadState(store.db, thread, { archived: true });
      assert.equal((await claimClick(store.db, claimFor(member, 3_000_004, { cooldownSeconds: 0, ignorePending: () => true }))).kind, 'claimed', 'an archived ticket does not count');
    });

    it('two processes clicking for one member at once: exactly one passes, and the counters stay distinct', async () => {
      const others = [await opened.another(), await opened.another(), await opened.another()];
      for (let round = 0; round < 5; round++) {
        const member = String(nextMember++);
        // As the bot calls it: a SQLite writer that finds another connection's lock waits for it.
        const results = await Promise.all([store, ...others].map((s) => whenWritable(s.db, () => claimClick(s.db, claimFor(member, 4_000_000 + round, { maxTickets: 0 })))));
        assert.equal(results.filter((r) => r.kind === 'claimed').length, 1, JSON.stringify(results));
        assert.equal(results.filter((r) => r.kind === 'cooldown').length, 3);
      }
      const counters = await store.db.q.selectFrom('pending_ticket').select('counter').execute();
      assert.equal(new Set(counters.map((c) => String(c.counter))).size, counters.length, 'no two clicks share a number');
    });
  });
}
