// Topics and their forms in the store: the implicit topic made real by the first add, the
// style's limit checked inside the transaction, order kept gapless, overrides and role and
// staff rows, and a removed topic leaving its tickets (and a click still opening) intact.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInbox, deleteInbox } from '../../../src/store/inboxes.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { addPending, completeTicket, getTicket } from '../../../src/store/tickets.ts';
import {
  addQuestion,
  addTopic,
  getInboxTopic,
  getTopicRoles,
  getTopicStaff,
  listQuestions,
  listTopics,
  moveQuestion,
  moveTopic,
  questionCounts,
  removeQuestion,
  removeTopic,
  setTopicRoles,
  setTopicStaff,
  setTopicStyle,
  updateQuestion,
} from '../../../src/store/topics.ts';

const GUILD = '9007199254740993';
const CHANNEL = '9007199254740995';
const INBOX = '9007199254740997';
const OTHER_INBOX = '9007199254741007';
const OWNER = '9007199254741009';
const implicit = { label: 'Create Ticket' };
const question = { kind: 'short' as const, label: 'Q', placeholder: '', required: true, minLength: null, maxLength: null, choices: [] };

let store: Store;
beforeEach(() => {
  store = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
  for (const id of [INBOX, OTHER_INBOX]) createInbox(store.db, { messageId: id, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [] });
});
afterEach(() => store.close());

const add = (label: string, inbox = INBOX) => {
  const result = addTopic(store.db, inbox, { label, emoji: null }, implicit);
  if (result.kind !== 'added') throw new Error(result.kind);
  return result.topic;
};

describe('topics', () => {
  it("the first add makes the inbox's own button a topic, then appends; buttons hold 5", () => {
    add('Bug');
    assert.deepEqual(listTopics(store.db, INBOX).map((t) => [t.position, t.label]), [[0, 'Create Ticket'], [1, 'Bug']]);
    add('C');
    add('D');
    add('E');
    assert.deepEqual(addTopic(store.db, INBOX, { label: 'F', emoji: null }, implicit), { kind: 'full', max: 5 });
    assert.equal(setTopicStyle(store.db, INBOX, 'select', () => 'saved'), 'saved');
    add('F');
    assert.equal(listTopics(store.db, INBOX).length, 6);
    assert.equal(setTopicStyle(store.db, INBOX, 'buttons', (labels) => (labels.length > 5 ? 'too-many' : 'saved')), 'too-many');
    assert.deepEqual(addTopic(store.db, '1', { label: 'x', emoji: null }, implicit), { kind: 'no-inbox' });
  });

  it('keeps positions gapless through moves and removals, and topics to their inbox', () => {
    const [a, b, c] = [add('A'), add('B'), add('C')];
    assert.equal(moveTopic(store.db, c.id, -1), true);
    assert.deepEqual(listTopics(store.db, INBOX).map((t) => t.label), ['Create Ticket', 'A', 'C', 'B']);
    assert.equal(moveTopic(store.db, b.id, 1), false, 'already last');
    assert.equal(removeTopic(store.db, a.id), true);
    assert.deepEqual(listTopics(store.db, INBOX).map((t) => [t.position, t.label]), [[0, 'Create Ticket'], [1, 'C'], [2, 'B']]);
    assert.equal(getInboxTopic(store.db, OTHER_INBOX, b.id), null);
    deleteInbox(store.db, INBOX);
    assert.deepEqual(listTopics(store.db, INBOX), []);
  });

  it('keeps staff and roles of its own', () => {
    const t = add('A');
    setTopicStaff(store.db, t.id, ['<@5>', '<@&9>', '<@&3>']);
    assert.deepEqual(getTopicStaff(store.db, t.id), ['<@&3>', '<@&9>', '<@5>']);
    assert.throws(() => setTopicStaff(store.db, t.id, ['@everyone']));
    setTopicRoles(store.db, t.id, 'allowed', ['7']);
    setTopicRoles(store.db, t.id, 'blocked', ['8', '9']);
    setTopicRoles(store.db, t.id, 'blocked', ['9']);
    assert.deepEqual(getTopicRoles(store.db, t.id), { allowed: ['7'], blocked: ['9'] });
  });

  it('a removed topic leaves its tickets and a click still opening them to the inbox', () => {
    const t = add('A');
    const done = addPending(store.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 1, topicId: t.id, name: () => 'n' });
    completeTicket(store.db, done, '9007199254741011');
    assert.equal(getTicket(store.db, '9007199254741011')!.topicId, t.id);
    const opening = addPending(store.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 2, topicId: t.id, name: () => 'm' });
    removeTopic(store.db, t.id);
    assert.deepEqual([getTicket(store.db, '9007199254741011')!.inboxId, getTicket(store.db, '9007199254741011')!.topicId], [INBOX, null]);
    completeTicket(store.db, opening, '9007199254741013');
    assert.deepEqual([getTicket(store.db, '9007199254741013')!.inboxId, getTicket(store.db, '9007199254741013')!.topicId], [INBOX, null]);
  });
});

describe('form questions', () => {
  it('hold 5 in order; edit, move and remove keep the order', () => {
    const t = add('A');
    const ids = ['1', '2', '3', '4', '5'].map((label) => {
      const r = addQuestion(store.db, t.id, { ...question, label });
      if (r.kind !== 'added') throw new Error(r.kind);
      return r.question.id;
    });
    assert.deepEqual(addQuestion(store.db, t.id, question), { kind: 'full', max: 5 });
    assert.equal(updateQuestion(store.db, ids[0]!, { ...question, kind: 'choice', label: 'Pick', choices: ['a', 'b'] }), true);
    assert.deepEqual(listQuestions(store.db, t.id)[0]!.choices, ['a', 'b']);
    assert.equal(moveQuestion(store.db, ids[4]!, -1), true);
    assert.equal(removeQuestion(store.db, ids[1]!), true);
    assert.deepEqual(listQuestions(store.db, t.id).map((q) => [q.position, q.label]), [[0, 'Pick'], [1, '3'], [2, '5'], [3, '4']]);
    assert.deepEqual(questionCounts(store.db, INBOX), new Map([[t.id, 4]]));
    removeTopic(store.db, t.id);
    assert.deepEqual(listQuestions(store.db, t.id), []);
    assert.deepEqual(addQuestion(store.db, t.id, question), { kind: 'no-topic' });
  });
});
