// What one write transaction costs on the ticket path: a ticket written as today (the
// write-ahead row, then the ticket row with the counter and the click forgotten: two
// transactions) against the same statements in one transaction. The difference is the
// price of the second commit. File database, WAL, synchronous=NORMAL, as the bot runs.
//   node --import tsx bench/write-cost.ts [tickets]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInbox } from '../src/store/inboxes.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { addPending, completeTicket, type NewPending } from '../src/store/tickets.ts';
import { writeTransaction } from '../src/store/write.ts';

const TICKETS = Number(process.argv[2] ?? 5000);
const ROUNDS = 5;
const GUILD = '1246826841231327275';
const INBOX = '1246826841231327276';
const CHANNEL = '1246826841231327277';
let nextId = 1246826841231400000n;

async function fresh(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ttb-write-cost-'));
  const store = await openStore({ path: join(dir, 'bench.db'), pragmas: [], keyTemplate: '' });
  await createInbox(store.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
  return { store, dir };
}

function click(): NewPending {
  const owner = String(nextId++);
  return { inboxId: INBOX, ownerId: owner, guildId: GUILD, parentId: CHANNEL, createdAt: Date.now(), name: (n) => `ticket-${n}` };
}

/** µs per ticket for `tickets` tickets written by `one`. */
async function measure(one: (store: Store) => Promise<void>): Promise<number> {
  const { store, dir } = await fresh();
  try {
    for (let i = 0; i < 200; i++) await one(store); // warm-up: statements prepared, pages cached
    const start = process.hrtime.bigint();
    for (let i = 0; i < TICKETS; i++) await one(store);
    return Number(process.hrtime.bigint() - start) / 1000 / TICKETS;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const twoTransactions = async (store: Store): Promise<void> => {
  const pending = await addPending(store.db, click());
  await completeTicket(store.db, pending, String(nextId++));
};
const oneTransaction = async (store: Store): Promise<void> => {
  await writeTransaction(store.db, async (tx) => {
    const pending = await addPending(tx, click());
    await completeTicket(tx, pending, String(nextId++));
  });
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const two: number[] = [];
const one: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  two.push(await measure(twoTransactions));
  one.push(await measure(oneTransaction));
}
const m2 = median(two);
const m1 = median(one);
console.log(`tickets per round: ${TICKETS}, rounds: ${ROUNDS} (medians)`);
console.log(`two write transactions per ticket: ${m2.toFixed(1)} µs per ticket`);
console.log(`the same writes in one transaction: ${m1.toFixed(1)} µs per ticket`);
console.log(`cost of the second transaction:    ${(m2 - m1).toFixed(1)} µs`);
