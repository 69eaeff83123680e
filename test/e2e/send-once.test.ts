// Requests that create something besides the ticket's thread and starter (issue 9): the
// inbox copy, the notices in tickets, the owner's text-command replies. The REST client
// repeats any request after a 5xx or a timeout; when Discord did the work before its edge
// failed, that is a second message. Each of these goes out once, and is looked for where
// a look is possible.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { getInbox } from '../../src/store/inboxes.ts';
import { adminOf, answer, buildInboxWorld, eventually, startInProcess } from './inbox-fixture.ts';
import { buildTicketWorld, click, finalAnswer, postInbox, startTicketBot, threadIdOf, until } from './ticket-fixture.ts';

const POST_MESSAGE = 'POST /channels/:id/messages';
const READ_MESSAGE_HISTORY = 1n << 16n;

describe('creating requests are sent once', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);

  test('the inbox copy: posted once after a lost answer, and found; without Read Message History the admin is told to check', async (t) => {
    const w = buildInboxWorld(emu);
    const run = await startInProcess(emu);
    t.after(() => run.stop());
    const admin = adminOf(emu, w);
    const draft = emu.createMessage(w.draftsId, w.adminId, { content: 'Open a ticket below.' });

    emu.injectFault({ route: POST_MESSAGE, status: 502, after: true });
    await answer(admin.inbox('create', { channel: w.supportId }));
    const reply = await answer(admin.select(w.draftsId, draft.id));
    assert.match(reply.content, /^Your inbox is ready: /);
    const posted = botMessages(w.supportId);
    assert.equal(posted.length, 1, 'one inbox message');
    assert.ok(reply.content.endsWith(posted[0]!.id));
    assert.ok(await getInbox(run.store.db, posted[0]!.id), 'the message found is the one recorded');

    // No way to look: not sent again, and the admin knows where to check.
    const quiet = emu.createChannel(w.guildId, {
      name: 'no-history',
      permissionOverwrites: [{ id: emu.botUser.id, type: 1, deny: READ_MESSAGE_HISTORY }],
    });
    await eventually(() => run.bot.deps.state.guilds.get(w.guildId)!.channels.has(quiet.id), 'the bot to see the channel');
    emu.injectFault({ route: POST_MESSAGE, status: 502, after: true });
    await answer(admin.inbox('create', { channel: quiet.id }));
    const refused = await answer(admin.select(w.draftsId, draft.id));
    assert.equal(
      refused.content,
      `Discord didn't confirm that the inbox message was posted in <#${quiet.id}>. If it shows up there, delete it, then pick your message again.`,
    );
    assert.equal(botMessages(quiet.id).length, 1, 'sent once');
    assert.equal(await getInbox(run.store.db, botMessages(quiet.id)[0]!.id), null);
    assert.equal(await run.bot.deps.selections.has(w.guildId, w.adminId), true, 'the request stays, so the admin can pick again');
  });

  test('the notice in a ticket whose owner left is posted once', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    const id = threadIdOf((await finalAnswer(click(emu, inbox, w.annId))).content);
    await until('ann in the thread', () => emu.threadMembers(id).some((m: any) => String(m.user_id ?? m.id) === w.annId));
    emu.injectFault({ route: POST_MESSAGE, status: 502, after: true });
    emu.removeThreadMember(id, w.annId);
    await until('the ticket archived and locked', () => emu.getChannel(id)?.thread_metadata?.locked);
    assert.deepEqual(
      botMessages(id).slice(1).map((m) => m.content),
      [`<@${w.annId}> left this ticket, so it is now archived.`],
    );
  });

  test("the reply to the owner's text command is posted once", async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const since = emu.requests.at(-1)?.id ?? 0;
    emu.injectFault({ route: POST_MESSAGE, status: 502, after: true });
    emu.createMessage(w.supportId, w.ownerUserId, { content: `<@${emu.botUser.id}> reload-config` });
    await until('the reply request to be answered', () =>
      emu.requests.some((r) => r.id > since && r.route === POST_MESSAGE && r.path === `/channels/${w.supportId}/messages` && r.status !== 0),
    );
    // Whatever the client would do next, it does right after the 502.
    await until('the warning about the reply', () => /Sending the reply to an owner command failed/.test(b.logs()) || botMessages(w.supportId).length > 1);
    assert.deepEqual(
      botMessages(w.supportId).map((m) => m.content),
      ['The configuration file has been reloaded.'],
    );
  });
});
