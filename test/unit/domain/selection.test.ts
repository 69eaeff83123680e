import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingSelections, SELECTION_TTL_MS, type InboxRequest } from '../../../src/domain/selection.ts';

const G = '1246826841231327275';
const U = '1246826841231327276';
const OTHER = '1246826841231327277';

function fixture() {
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const selections = new PendingSelections<InboxRequest>({ clock: () => now });
  return { selections, clock };
}

test('nothing pending, then a request taken exactly once', () => {
  const { selections } = fixture();
  assert.deepEqual(selections.take(G, U), { status: 'none' });
  selections.set(G, U, { kind: 'staff' }, { applicationId: '1', token: 'tok' });
  assert.ok(selections.has(G, U));
  const taken = selections.take(G, U);
  assert.equal(taken.status, 'ok');
  assert.deepEqual(taken.status === 'ok' && taken.pending.request, { kind: 'staff' });
  assert.deepEqual(taken.status === 'ok' && taken.pending.instruction, { applicationId: '1', token: 'tok' });
  assert.deepEqual(selections.take(G, U), { status: 'none' });
});

test('requests are per (guild, admin)', () => {
  const { selections } = fixture();
  selections.set(G, U, { kind: 'staff' }, null);
  assert.deepEqual(selections.take(G, OTHER), { status: 'none' });
  assert.deepEqual(selections.take(OTHER, U), { status: 'none' });
  assert.equal(selections.take(G, U).status, 'ok');
});

test('a newer command replaces the earlier request', () => {
  const { selections } = fixture();
  selections.set(G, U, { kind: 'staff' }, null);
  selections.set(G, U, { kind: 'name' }, null);
  const taken = selections.take(G, U);
  assert.deepEqual(taken.status === 'ok' && taken.pending.request, { kind: 'name' });
  assert.equal(selections.size, 0);
});

test('valid until just before 180 s, expired at 180 s, then forgotten', () => {
  const { selections, clock } = fixture();
  assert.equal(SELECTION_TTL_MS, 180_000);
  selections.set(G, U, { kind: 'staff' }, null);
  clock.advance(179_999);
  assert.equal(selections.take(G, U).status, 'ok');

  selections.set(G, U, { kind: 'staff' }, null);
  clock.advance(180_000);
  assert.equal(selections.has(G, U), false);
  assert.deepEqual(selections.take(G, U), { status: 'expired' });
  assert.deepEqual(selections.take(G, U), { status: 'none' }, 'told once, then nothing is pending');
});

test('a failed attempt puts the request back with a fresh 180 s', () => {
  const { selections, clock } = fixture();
  selections.set(G, U, { kind: 'set-destination', destinationId: '5' }, { applicationId: '1', token: 't' });
  clock.advance(170_000);
  const taken = selections.take(G, U);
  assert.equal(taken.status, 'ok');
  if (taken.status !== 'ok') return;
  selections.restore(G, U, taken.pending);
  clock.advance(170_000);
  const again = selections.take(G, U);
  assert.equal(again.status, 'ok');
  assert.deepEqual(again.status === 'ok' && again.pending.instruction, { applicationId: '1', token: 't' });
});

test('restoring never overwrites a request made while the failed one was handled', () => {
  const { selections } = fixture();
  selections.set(G, U, { kind: 'pick-inbox-for-message' }, null);
  const taken = selections.take(G, U);
  if (taken.status !== 'ok') throw new Error('expected a request');
  selections.set(G, U, { kind: 'copy-into-inbox', inboxId: '7', inboxChannelId: '8' }, null);
  selections.restore(G, U, taken.pending);
  const now = selections.take(G, U);
  assert.deepEqual(now.status === 'ok' && now.pending.request, { kind: 'copy-into-inbox', inboxId: '7', inboxChannelId: '8' });
});

test('abandoned requests are dropped once long expired, so the map does not grow', () => {
  const { selections, clock } = fixture();
  for (let i = 0; i < 50; i++) selections.set(G, String(1000 + i), { kind: 'staff' }, null);
  assert.equal(selections.size, 50);
  clock.advance(2 * SELECTION_TTL_MS);
  selections.set(G, U, { kind: 'staff' }, null);
  assert.equal(selections.size, 1);
});

test('a recently expired request is still reported as expired when others arrive', () => {
  const { selections, clock } = fixture();
  selections.set(G, U, { kind: 'staff' }, null);
  clock.advance(SELECTION_TTL_MS + 1000);
  selections.set(G, OTHER, { kind: 'staff' }, null);
  assert.deepEqual(selections.take(G, U), { status: 'expired' });
});
