// What the Python original allows and this bot must too: an inbox posted in an
// announcement channel (its tickets still open in a text channel), commands registered
// with en-GB names, and /inbox message editing an inbox where the bot may not send new
// messages but keeps Embed Links and Attach Files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type Message } from '../../emulator/src/index.ts';
import { getInbox } from '../../src/store/inboxes.ts';
import { adminOf, answer, buildInboxWorld, link, P, pngBytes, startInProcess, type Admin, type InboxWorld, type InProcessBot } from './inbox-fixture.ts';

describe('parity with the Python original', () => {
  let emu: Emulator;
  let w: InboxWorld;
  let run: InProcessBot;
  let admin: Admin;

  before(async () => {
    emu = await startEmulator();
    w = buildInboxWorld(emu);
    run = await startInProcess(emu);
    admin = adminOf(emu, w);
  });
  after(async () => {
    await run?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const inboxIdOf = (content: string): string => {
    const m = /\/(\d+)$/.exec(content.trim());
    assert.ok(m, content);
    return m[1]!;
  };

  test('an inbox in an announcement channel opens its tickets in a text channel; without a destination it is refused', async () => {
    const news = emu.createChannel(w.guildId, { name: 'news', type: 5 });
    const registered = emu.commands().find((c) => c.name === 'inbox')!;
    const create = (registered.options as any[]).find((o) => o.name === 'create');
    assert.deepEqual(create.options.map((o: any) => [o.name, o.channel_types]), [['channel', [0, 5]], ['destination', [0]]]);

    const refused = await answer(admin.inbox('create', { channel: news.id }, 'fr'));
    assert.equal(
      refused.content,
      `Les tickets ne peuvent pas s'ouvrir dans un salon d'annonces comme <#${news.id}>. Relance la commande avec un salon textuel comme \`destination\`, où ils s'ouvriront.`,
    );
    const german = await answer(admin.inbox('create', { channel: news.id }, 'de'));
    assert.match(german.content, /als `ziel` einen Textkanal/);
    assert.equal(await run.bot.deps.selections.has(w.guildId, w.adminId), false, 'nothing is waiting for a message');

    const source = emu.createMessage(w.draftsId, w.adminId, { content: 'News inbox' });
    await answer(admin.inbox('create', { channel: news.id, destination: w.ticketsId }));
    const created = await answer(admin.select(w.draftsId, source.id));
    const inboxId = inboxIdOf(created.content);
    assert.ok(emu.messages(news.id).some((m) => m.id === inboxId), 'posted in the announcement channel');
    assert.deepEqual([(await getInbox(run.store.db, inboxId))!.channelId, (await getInbox(run.store.db, inboxId))!.destinationId], [news.id, w.ticketsId]);

    // A member's click opens a private thread in the text channel.
    const member = emu.createUser({ username: 'reader' });
    emu.addMember(w.guildId, member.id);
    const click = emu.clickButton({ messageId: inboxId, userId: member.id, customId: 'create-ticket' });
    const ready = await click.waitForOriginal((m) => /ready/.test(m.content));
    const threadId = /channels\/\d+\/(\d+)/.exec(ready.content)![1]!;
    assert.equal(emu.getChannel(threadId)!.parent_id, w.ticketsId);
    assert.equal(emu.getChannel(threadId)!.type, 12);
  });

  test('commands carry en-GB names and descriptions, the en-US text', () => {
    const registered = emu.commands();
    const inbox = registered.find((c) => c.name === 'inbox')!;
    assert.equal(inbox.name_localizations?.['en-GB'], 'inbox');
    assert.equal(inbox.description_localizations?.['en-GB'], inbox.description);
    assert.equal(registered.find((c) => c.type === 3)!.name_localizations?.['en-GB'], 'Select this message');
  });

  test('/inbox message edits an inbox where the bot may not send messages: Embed Links and Attach Files still count', async () => {
    const source = emu.createMessage(w.draftsId, w.adminId, { content: 'Version 1' });
    await answer(admin.inbox('create', { channel: w.supportId }));
    const inboxId = inboxIdOf((await answer(admin.select(w.draftsId, source.id))).content);
    // The bot keeps View Channel, Embed Links and Attach Files (its role), but may no longer post here.
    emu.setOverwrite(w.supportId, { id: emu.botUser.id, type: 1, deny: P.SendMessages });
    try {
      const next: Message = emu.createMessage(w.draftsId, w.adminId, { content: 'Version 2' }, [
        { name: 'two.png', contentType: 'image/png', data: pngBytes(200, 2) },
      ]);
      await answer(admin.inbox('message'));
      await answer(admin.select(w.supportId, inboxId));
      const done = await answer(admin.select(w.draftsId, next.id));
      assert.equal(done.content, `The inbox message has been updated: ${link(w.guildId, w.supportId, inboxId)}`);
      const edited = emu.messages(w.supportId).find((m) => m.id === inboxId)!;
      assert.equal((edited.embeds as any[])[0].description, 'Version 2');
      assert.deepEqual(edited.attachments.map((a) => a.filename), ['two.png']);

      // Without Embed Links itself, the refusal names it.
      emu.setOverwrite(w.supportId, { id: emu.botUser.id, type: 1, deny: P.SendMessages | P.EmbedLinks });
      const third = emu.createMessage(w.draftsId, w.adminId, { content: 'Version 3' });
      await answer(admin.inbox('message'));
      await answer(admin.select(w.supportId, inboxId));
      assert.equal((await answer(admin.select(w.draftsId, third.id))).content, `I need these permissions in <#${w.supportId}>: Embed Links`);
    } finally {
      emu.deleteOverwrite(w.supportId, emu.botUser.id);
    }
  });
});
