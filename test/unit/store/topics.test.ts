// Topics and their forms in the store, on SQLite and PostgreSQL: the implicit topic made
// real by the first add, the style's limit checked inside the transaction (also against
// another process adding at the same time), order kept gapless, overrides and role and
// staff rows, a removed topic leaving its tickets (and a click still opening) intact, and
// a topic's own limit and cooldown claimed in the database like the inbox's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkClick, claimClick, cooldownStart, releaseCooldown, type ClickClaim } from '../../../src/store/clicks.ts';
import { createInbox, deleteInbox } from '../../../src/store/inboxes.ts';
import type { Store } from '../../../src/store/store.ts';
import { addPending, completeTicket, getTicket } from '../../../src/store/tickets.ts';
import {
  addQuestion,
  addTopic,
  getInboxTopic,
  getTopic,
  getTopicRoles,
  getTopicStaff,
  getTopicStyle,
  listQuestions,
  listTopics,
  moveQuestion,
  moveTopic,
  questionCounts,
  removeQuestion,
  removeTopic,
  setTopicAutoArchive,
  setTopicDestination,
  setTopicLimits,
  setTopicLogChannel,
  setTopicLook,
  setTopicRoles,
  setTopicStaff,
  setTopicStyle,
  setTopicTemplates,
  updateQuestion,
} from '../../../src/store/topics.ts';
import { whenWritable } from '../../../src/store/write.ts';
import { dialects } from '../../fixtures/dialects.ts';

// All above 2^53: a float would round them.
const GUILD = '9007199254740993';
const CHANNEL = '9007199254740995';
const OWNER = '9007199254741009';
const implicit = { label: 'Create Ticket' };
const question = { kind: 'short' as const, label: 'Q', placeholder: '', required: true, minLength: null, maxLength: null, choices: [] };

for (const dialect of dialects()) {
  describe(`topics in the store (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    let opened: Awaited<ReturnType<typeof dialect.open>>;
    let store: Store;
    before(async () => {
      opened = await dialect.open();
      store = opened.store;
    });
    after(() => opened?.close());

    // Every test gets inboxes of its own in the one database.
    let next = 9007199254750000n;
    const freshId = (): string => String(next++);
    const freshInbox = async (): Promise<string> => {
      const id = freshId();
      await createInbox(store.db, { messageId: id, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
      return id;
    };
    const add = async (inbox: string, label: string) => {
      const result = await addTopic(store.db, inbox, { label, emoji: null }, implicit);
      if (result.kind !== 'added') throw new Error(result.kind);
      return result.topic;
    };

    it("the first add makes the inbox's own button a topic, then appends; buttons hold 5, a menu 25", async () => {
      const inbox = await freshInbox();
      assert.equal(await getTopicStyle(store.db, inbox), 'buttons');
      await add(inbox, 'Bug');
      assert.deepEqual((await listTopics(store.db, inbox)).map((t) => [t.position, t.label]), [[0, 'Create Ticket'], [1, 'Bug']]);
      await add(inbox, 'C');
      await add(inbox, 'D');
      await add(inbox, 'E');
      assert.deepEqual(await addTopic(store.db, inbox, { label: 'F', emoji: null }, implicit), { kind: 'full', max: 5 });
      assert.equal(await setTopicStyle(store.db, inbox, 'select', () => 'saved'), 'saved');
      assert.equal(await getTopicStyle(store.db, inbox), 'select');
      await add(inbox, 'F');
      assert.equal((await listTopics(store.db, inbox)).length, 6);
      assert.equal(await setTopicStyle(store.db, inbox, 'buttons', (labels) => (labels.length > 5 ? 'too-many' : 'saved')), 'too-many');
      assert.equal(await getTopicStyle(store.db, inbox), 'select', 'a refused style is not saved');
      assert.deepEqual(await addTopic(store.db, inbox, { label: 'x', emoji: null }, implicit).then((r) => r.kind), 'added');
      assert.deepEqual(await addTopic(store.db, '1', { label: 'x', emoji: null }, implicit), { kind: 'no-inbox' });
    });

    it('two processes adding topics at once never pass the style limit together', async () => {
      const inbox = await freshInbox();
      const others = [await opened.another(), await opened.another()];
      const stores = [store, ...others];
      // Eight adds in flight at once on three connections: exactly 5 topics in the end (the implicit one and 4).
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const s = stores[i % stores.length]!;
          return whenWritable(s.db, () => addTopic(s.db, inbox, { label: `T${i}`, emoji: null }, implicit));
        }),
      );
      assert.equal(results.filter((r) => r.kind === 'added').length, 4, JSON.stringify(results.map((r) => r.kind)));
      assert.deepEqual(results.filter((r) => r.kind === 'full'), Array.from({ length: 4 }, () => ({ kind: 'full', max: 5 })));
      const topics = await listTopics(store.db, inbox);
      assert.deepEqual(topics.map((t) => t.position), [0, 1, 2, 3, 4], 'one implicit topic, positions without gaps or doubles');
      assert.equal(topics.filter((t) => t.label === 'Create Ticket').length, 1);
    });

    it('keeps positions gapless through moves and removals, and topics to their inbox', async () => {
      const inbox = await freshInbox();
      const otherInbox = await freshInbox();
      const [a, b, c] = [await add(inbox, 'A'), await add(inbox, 'B'), await add(inbox, 'C')];
      assert.equal(await moveTopic(store.db, c.id, -1), true);
      assert.deepEqual((await listTopics(store.db, inbox)).map((t) => t.label), ['Create Ticket', 'A', 'C', 'B']);
      assert.equal(await moveTopic(store.db, b.id, 1), false, 'already last');
      assert.equal(await removeTopic(store.db, a.id), true);
      assert.equal(await removeTopic(store.db, a.id), false, 'already gone');
      assert.deepEqual((await listTopics(store.db, inbox)).map((t) => [t.position, t.label]), [[0, 'Create Ticket'], [1, 'C'], [2, 'B']]);
      assert.equal(await getInboxTopic(store.db, otherInbox, b.id), null);
      assert.equal((await getInboxTopic(store.db, inbox, b.id))?.label, 'B');
      await deleteInbox(store.db, inbox);
      assert.deepEqual(await listTopics(store.db, inbox), []);
      assert.equal(await getTopic(store.db, b.id), null, 'deleting the inbox deleted its topics');
    });

    it('keeps overrides, staff and roles of its own; ids above 2^53 stay exact', async () => {
      const inbox = await freshInbox();
      const t = await add(inbox, 'A');
      const dest = freshId();
      const log = freshId();
      await setTopicLook(store.db, t.id, { label: 'Appeal', emoji: '<:gavel:9007199254740999>' });
      await setTopicDestination(store.db, t.id, dest, GUILD);
      await setTopicLogChannel(store.db, t.id, log, GUILD);
      await setTopicTemplates(store.db, t.id, { starter: 'Hi $author', name: '$topic-$counter' });
      await setTopicLimits(store.db, t.id, { maxTickets: 2, cooldownSeconds: 0 });
      await setTopicAutoArchive(store.db, t.id, 0);
      assert.deepEqual(await getTopic(store.db, t.id), {
        id: t.id,
        inboxId: inbox,
        position: 1,
        label: 'Appeal',
        emoji: '<:gavel:9007199254740999>',
        destinationId: dest,
        starterContent: 'Hi $author',
        ticketName: '$topic-$counter',
        maxTickets: 2,
        cooldownSeconds: 0,
        autoArchiveMinutes: 0,
        logChannelId: log,
      });
      await setTopicDestination(store.db, t.id, null, GUILD);
      await setTopicLimits(store.db, t.id, { maxTickets: null, cooldownSeconds: null });
      const back = (await getTopic(store.db, t.id))!;
      assert.deepEqual([back.destinationId, back.maxTickets, back.cooldownSeconds], [null, null, null]);

      await setTopicStaff(store.db, t.id, ['<@5>', '<@&9>', '<@&3>', '<@5>']);
      assert.deepEqual(await getTopicStaff(store.db, t.id), ['<@&3>', '<@&9>', '<@5>']);
      await assert.rejects(() => setTopicStaff(store.db, t.id, ['@everyone']));
      assert.deepEqual(await getTopicStaff(store.db, t.id), ['<@&3>', '<@&9>', '<@5>'], 'a refused list changes nothing');
      await setTopicRoles(store.db, t.id, 'allowed', ['9007199254741001']);
      await setTopicRoles(store.db, t.id, 'blocked', ['8', '9']);
      await setTopicRoles(store.db, t.id, 'blocked', ['9']);
      assert.deepEqual(await getTopicRoles(store.db, t.id), { allowed: ['9007199254741001'], blocked: ['9'] });
    });

    it('a removed topic leaves its tickets and a click still opening them to the inbox', async () => {
      const inbox = await freshInbox();
      const t = await add(inbox, 'A');
      const [threadA, threadB] = [freshId(), freshId()];
      const done = await addPending(store.db, { inboxId: inbox, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 1, topicId: t.id, name: () => 'n' });
      assert.equal(done.topicId, t.id);
      await completeTicket(store.db, done, threadA);
      assert.equal((await getTicket(store.db, threadA))!.topicId, t.id);
      const opening = await addPending(store.db, { inboxId: inbox, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 2, topicId: t.id, name: () => 'm' });
      await removeTopic(store.db, t.id);
      const kept = (await getTicket(store.db, threadA))!;
      assert.deepEqual([kept.inboxId, kept.topicId], [inbox, null]);
      await completeTicket(store.db, opening, threadB);
      const late = (await getTicket(store.db, threadB))!;
      assert.deepEqual([late.inboxId, late.topicId], [inbox, null]);
    });

    it('form questions: 5 in order; edit, move and remove keep the order', async () => {
      const inbox = await freshInbox();
      const t = await add(inbox, 'A');
      const ids: string[] = [];
      for (const label of ['1', '2', '3', '4', '5']) {
        const r = await addQuestion(store.db, t.id, { ...question, label });
        if (r.kind !== 'added') throw new Error(r.kind);
        ids.push(r.question.id);
      }
      assert.deepEqual(await addQuestion(store.db, t.id, question), { kind: 'full', max: 5 });
      assert.equal(await updateQuestion(store.db, ids[0]!, { ...question, kind: 'choice', label: 'Pick', choices: ['a', 'b'], required: false }), true);
      const [first] = await listQuestions(store.db, t.id);
      assert.deepEqual([first!.kind, first!.choices, first!.required], ['choice', ['a', 'b'], false]);
      assert.equal(await moveQuestion(store.db, ids[4]!, -1), true);
      assert.equal(await moveQuestion(store.db, ids[0]!, -1), false, 'already first');
      assert.equal(await removeQuestion(store.db, ids[1]!), true);
      assert.deepEqual((await listQuestions(store.db, t.id)).map((q) => [q.position, q.label]), [[0, 'Pick'], [1, '3'], [2, '5'], [3, '4']]);
      assert.deepEqual(await questionCounts(store.db, inbox), new Map([[t.id, 4]]));
      await removeTopic(store.db, t.id);
      assert.deepEqual(await listQuestions(store.db, t.id), []);
      assert.deepEqual(await addQuestion(store.db, t.id, question), { kind: 'no-topic' });
      assert.equal(await updateQuestion(store.db, ids[0]!, question), false);
    });

    it('two processes adding questions at once never pass 5', async () => {
      const inbox = await freshInbox();
      const t = await add(inbox, 'A');
      const stores = [store, await opened.another(), await opened.another()];
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) => {
          const s = stores[i % stores.length]!;
          return whenWritable(s.db, () => addQuestion(s.db, t.id, { ...question, label: `Q${i}` }));
        }),
      );
      assert.equal(results.filter((r) => r.kind === 'added').length, 5);
      assert.deepEqual((await listQuestions(store.db, t.id)).map((q) => q.position), [0, 1, 2, 3, 4]);
    });

    describe("a topic's own limit and cooldown, claimed in the database", () => {
      const claimFor = (inboxId: string, ownerId: string, at: number, o: Partial<ClickClaim> = {}): ClickClaim => ({
        inboxId,
        ownerId,
        guildId: GUILD,
        parentId: CHANNEL,
        createdAt: at,
        name: (n) => `t-${n}`,
        cooldownSeconds: 0,
        maxTickets: 0,
        isOpen: (t) => t.archived === false,
        ignorePending: () => false,
        ...o,
      });

      it("counts only the topic's tickets against its own limit, and the inbox's against the inbox's", async () => {
        const inbox = await freshInbox();
        const [own, shared] = [await add(inbox, 'Own'), await add(inbox, 'Shared')];
        const member = freshId();
        const first = await claimClick(store.db, claimFor(inbox, member, 1000, { topicId: own.id, limitTopicId: own.id, maxTickets: 1 }));
        assert.equal(first.kind, 'claimed');
        if (first.kind !== 'claimed') return;
        assert.equal(first.pending.topicId, own.id);
        await completeTicket(store.db, first.pending, freshId());
        const again = await claimClick(store.db, claimFor(inbox, member, 1001, { topicId: own.id, limitTopicId: own.id, maxTickets: 1 }));
        assert.equal(again.kind, 'limit');
        assert.deepEqual(again.kind === 'limit' && again.open.map((t) => t.topicId), [own.id]);
        // Another topic with a limit of its own does not count the first topic's ticket.
        const ownToo = await claimClick(store.db, claimFor(inbox, member, 1002, { topicId: shared.id, limitTopicId: shared.id, maxTickets: 1 }));
        assert.equal(ownToo.kind, 'claimed');
        // The inbox's limit counts every ticket of the inbox, whatever its topic (one open, one still opening).
        const inboxWide = await claimClick(store.db, claimFor(inbox, member, 1003, { topicId: null, maxTickets: 2 }));
        assert.deepEqual(inboxWide.kind === 'limit' && [inboxWide.open.length, inboxWide.unresolved.length], [1, 1]);
      });

      it("keeps a topic's own cooldown apart from the inbox's; lifting it never undoes a newer one", async () => {
        const inbox = await freshInbox();
        const t = await add(inbox, 'Own');
        const member = freshId();
        const own = { topicId: t.id, cooldownTopicId: t.id, cooldownSeconds: 300 };
        const first = await claimClick(store.db, claimFor(inbox, member, 1_000_000, own));
        assert.equal(first.kind, 'claimed');
        if (first.kind !== 'claimed') return;
        assert.equal(await cooldownStart(store.db, inbox, member, t.id), 1_000_000);
        assert.equal(await cooldownStart(store.db, inbox, member), undefined, "the inbox's cooldown did not start");
        assert.deepEqual(await claimClick(store.db, claimFor(inbox, member, 1_100_000, own)), { kind: 'cooldown', seconds: 200 });
        assert.equal((await claimClick(store.db, claimFor(inbox, member, 1_100_000, { cooldownSeconds: 300 }))).kind, 'claimed', "the inbox's own cooldown is free");
        await releaseCooldown(store.db, inbox, member, 999, t.id);
        assert.equal(await cooldownStart(store.db, inbox, member, t.id), 1_000_000, 'an older start lifts nothing');
        await releaseCooldown(store.db, inbox, member, first.startedAt, t.id);
        assert.equal(await cooldownStart(store.db, inbox, member, t.id), undefined);
        await removeTopic(store.db, t.id);
        const rows = await store.db.q.selectFrom('topic_cooldown').select('user_id').where('topic_id', '=', BigInt(t.id)).execute();
        assert.deepEqual(rows, [], "a removed topic's cooldowns go with it");
      });

      it('checkClick (before a form) answers what claimClick would, and writes nothing', async () => {
        const inbox = await freshInbox();
        const t = await add(inbox, 'Own');
        const member = freshId();
        const rules = { topicId: t.id, limitTopicId: t.id, cooldownTopicId: t.id, maxTickets: 1, cooldownSeconds: 60 };
        const writes = store.stats.writeTransactions;
        assert.equal(await checkClick(store.db, claimFor(inbox, member, 7_000_000, rules)), null);
        assert.equal(store.stats.writeTransactions, writes, 'nothing written');
        assert.equal(await cooldownStart(store.db, inbox, member, t.id), undefined);
        const claimed = await claimClick(store.db, claimFor(inbox, member, 7_000_000, rules));
        assert.equal(claimed.kind, 'claimed');
        assert.deepEqual(await checkClick(store.db, claimFor(inbox, member, 7_030_000, { ...rules, maxTickets: 0 })), { kind: 'cooldown', seconds: 30 });
        const limited = await checkClick(store.db, claimFor(inbox, member, 7_090_000, rules));
        assert.deepEqual(limited?.kind === 'limit' && [limited.open.length, limited.unresolved.length], [0, 1], 'the click still opening counts');
      });

      it('two processes claiming a topic for one member at once: exactly one passes its limit and its cooldown', async () => {
        const inbox = await freshInbox();
        const t = await add(inbox, 'Own');
        const stores = [store, await opened.another(), await opened.another()];
        for (let round = 0; round < 3; round++) {
          const member = freshId();
          const limited = await Promise.all(
            stores.map((s) => whenWritable(s.db, () => claimClick(s.db, claimFor(inbox, member, 5_000_000 + round, { topicId: t.id, limitTopicId: t.id, maxTickets: 1 })))),
          );
          assert.equal(limited.filter((r) => r.kind === 'claimed').length, 1, JSON.stringify(limited.map((r) => r.kind)));
          assert.equal(limited.filter((r) => r.kind === 'limit').length, 2);
          const other = freshId();
          const cooled = await Promise.all(
            stores.map((s) => whenWritable(s.db, () => claimClick(s.db, claimFor(inbox, other, 6_000_000 + round, { topicId: t.id, cooldownTopicId: t.id, cooldownSeconds: 60 })))),
          );
          assert.equal(cooled.filter((r) => r.kind === 'claimed').length, 1, JSON.stringify(cooled.map((r) => r.kind)));
          assert.equal(cooled.filter((r) => r.kind === 'cooldown').length, 2);
        }
      });
    });
  });
}
