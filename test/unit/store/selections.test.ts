// "Select this message" requests in the database (src/store/selections.ts), on SQLite and
// PostgreSQL: taken once, per (guild, admin), replaced, expiring, put back, tidied.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SELECTION_TTL_MS, type InboxRequest } from '../../../src/domain/selection.ts';
import { PendingSelections } from '../../../src/store/selections.ts';
import type { Store } from '../../../src/store/store.ts';
import { dialects } from '../../fixtures/dialects.ts';

const G = '1246826841231327275';
const U = '9223372036854775807';
const OTHER = '1246826841231327277';

for (const dialect of dialects()) {
  describe(`pending selections (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    let opened: Awaited<ReturnType<typeof dialect.open>>;
    let store: Store;
    before(async () => {
      opened = await dialect.open();
      store = opened.store;
    });
    after(() => opened?.close());

    let now = 1_000_000;
    const fixture = async () => {
      await store.db.q.deleteFrom('pending_selection').execute();
      now = 1_000_000;
      return { selections: new PendingSelections<InboxRequest>(store.db, { clock: () => now }), advance: (ms: number) => (now += ms) };
    };

    it('nothing pending, then a request taken exactly once, ids and token exact', async () => {
      const { selections } = await fixture();
      assert.deepEqual(await selections.take(G, U), { status: 'none' });
      await selections.set(G, U, { kind: 'copy-into-inbox', inboxId: U, inboxChannelId: G }, { applicationId: '1', token: 'tok' });
      assert.ok(await selections.has(G, U));
      const taken = await selections.take(G, U);
      assert.equal(taken.status, 'ok');
      assert.deepEqual(taken.status === 'ok' && taken.pending.request, { kind: 'copy-into-inbox', inboxId: U, inboxChannelId: G });
      assert.deepEqual(taken.status === 'ok' && taken.pending.instruction, { applicationId: '1', token: 'tok' });
      assert.deepEqual(await selections.take(G, U), { status: 'none' });
    });

    it('requests are per (guild, admin), and a newer command replaces the earlier one', async () => {
      const { selections } = await fixture();
      await selections.set(G, U, { kind: 'staff' }, null);
      assert.deepEqual(await selections.take(G, OTHER), { status: 'none' });
      assert.deepEqual(await selections.take(OTHER, U), { status: 'none' });
      await selections.set(G, U, { kind: 'name' }, null);
      const taken = await selections.take(G, U);
      assert.deepEqual(taken.status === 'ok' && taken.pending.request, { kind: 'name' });
      assert.equal(await selections.size(), 0);
    });

    it('a request set by one process is taken by another', async () => {
      const { selections } = await fixture();
      const other = new PendingSelections<InboxRequest>((await opened.another()).db, { clock: () => now });
      await selections.set(G, U, { kind: 'settings' }, null);
      assert.equal((await other.take(G, U)).status, 'ok');
      assert.deepEqual(await selections.take(G, U), { status: 'none' });
    });

    it('valid until just before 180 s, expired at 180 s, then forgotten', async () => {
      const { selections, advance } = await fixture();
      assert.equal(SELECTION_TTL_MS, 180_000);
      await selections.set(G, U, { kind: 'staff' }, null);
      advance(179_999);
      assert.equal((await selections.take(G, U)).status, 'ok');
      await selections.set(G, U, { kind: 'staff' }, null);
      advance(180_000);
      assert.equal(await selections.has(G, U), false);
      assert.deepEqual(await selections.take(G, U), { status: 'expired' });
      assert.deepEqual(await selections.take(G, U), { status: 'none' }, 'told once, then nothing is pending');
    });

    it('a failed attempt puts the request back with a fresh 180 s, never over a newer one', async () => {
      const { selections, advance } = await fixture();
      await selections.set(G, U, { kind: 'set-destination', destinationId: '5' }, { applicationId: '1', token: 't' });
      advance(170_000);
      const taken = await selections.take(G, U);
      if (taken.status !== 'ok') throw new Error('expected a request');
      await selections.restore(G, U, taken.pending);
      advance(170_000);
      const again = await selections.take(G, U);
      assert.deepEqual(again.status === 'ok' && again.pending.instruction, { applicationId: '1', token: 't' });
      if (again.status !== 'ok') return;
      await selections.set(G, U, { kind: 'copy-into-inbox', inboxId: '7', inboxChannelId: '8' }, null);
      await selections.restore(G, U, again.pending);
      const newest = await selections.take(G, U);
      assert.deepEqual(newest.status === 'ok' && newest.pending.request, { kind: 'copy-into-inbox', inboxId: '7', inboxChannelId: '8' });
    });

    it('abandoned requests are dropped once long expired; a recently expired one still says expired', async () => {
      const { selections, advance } = await fixture();
      for (let i = 0; i < 20; i++) await selections.set(G, String(1000 + i), { kind: 'staff' }, null);
      assert.equal(await selections.size(), 20);
      advance(2 * SELECTION_TTL_MS);
      await selections.set(G, U, { kind: 'staff' }, null);
      assert.equal(await selections.size(), 1);
      advance(SELECTION_TTL_MS + 1000);
      await selections.set(G, OTHER, { kind: 'staff' }, null);
      assert.deepEqual(await selections.take(G, U), { status: 'expired' });
    });
  });
}
