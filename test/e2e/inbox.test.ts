// Every /inbox command and "Select this message", run by an admin against the emulator
// with the real bot (in-process): happy paths, every refusal SPEC §6 names, replies in
// more than one language, and the exact messages the bot leaves in the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type Message } from '../../emulator/src/index.ts';
import { PendingSelections } from '../../src/store/selections.ts';
import { getInbox, getStaff } from '../../src/store/inboxes.ts';
import {
  adminOf,
  answer,
  buildInboxWorld,
  createTicketRow,
  eventually,
  link,
  pngBytes,
  postAsBot,
  startInProcess,
  type Admin,
  type InboxWorld,
  type InProcessBot,
} from './inbox-fixture.ts';

const EN_STARTER = '$author thanks for opening a ticket!';

describe('/inbox against the emulator', () => {
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

  const draft = (body: Record<string, unknown>, files?: { name: string; contentType: string; data: Buffer }[]): Message =>
    emu.createMessage(w.draftsId, w.adminId, body, files);

  /** Runs /inbox create and picks `source`; returns the new inbox message. */
  async function createInbox(source: Message, options: Record<string, string> = { channel: w.supportId }): Promise<Message> {
    const command = admin.inbox('create', options);
    assert.equal((await answer(command)).ephemeral, true);
    const picked = admin.select(w.draftsId, source.id);
    const reply = await answer(picked);
    const m = /https:\/\/discord\.com\/channels\/\d+\/(\d+)\/(\d+)/.exec(reply.content);
    assert.ok(m, `a link to the new inbox: ${reply.content}\n${run.logs()}`);
    const message = emu.messages(m[1]!).find((x) => x.id === m[2]);
    assert.ok(message, 'the inbox message exists');
    return message;
  }

  test('create: text and two images become one gallery, the button is create-ticket, staff come from the destination', async () => {
    const a = pngBytes(300, 1);
    const b = pngBytes(400, 2);
    const source = draft({ content: 'Need help? **Open a ticket** below.' }, [
      { name: 'banner.png', contentType: 'image/png', data: a },
      { name: 'rules.png', contentType: 'image/png', data: b },
    ]);

    const command = admin.inbox('create', { channel: w.supportId, destination: w.ticketsId });
    const instruction = await answer(command);
    assert.equal(instruction.ephemeral, true);
    assert.match(instruction.content, new RegExp(`Your inbox will be posted in <#${w.supportId}>`));
    assert.deepEqual(instruction.data.allowed_mentions, { parse: [] });

    const picked = admin.select(w.draftsId, source.id);
    const reply = await answer(picked);
    assert.equal(reply.ephemeral, true);
    assert.match(reply.content, /^Your inbox is ready: https:\/\/discord\.com\/channels\//);

    const inbox = emu.messages(w.supportId).at(-1)!;
    assert.equal(inbox.author.id, emu.botUser.id);
    assert.equal(reply.content, `Your inbox is ready: ${link(w.guildId, w.supportId, inbox.id)}`);
    assert.equal(inbox.content, '');
    const embeds = inbox.embeds as any[];
    assert.equal(embeds.length, 2);
    assert.equal(embeds[0].description, 'Need help? **Open a ticket** below.');
    const gallery = link(w.guildId, w.supportId);
    assert.ok(embeds.every((e) => e.url === gallery), 'every image embed shares the channel link');
    assert.deepEqual(
      inbox.attachments.map((x) => [x.filename, x.size]),
      [
        ['banner.png', a.length],
        ['rules.png', b.length],
      ],
    );
    // Discord replaces attachment:// with the uploaded file's URL.
    assert.equal(embeds[0].image.url, inbox.attachments[0]!.url);
    assert.equal(embeds[1].image.url, inbox.attachments[1]!.url);
    const uploaded = Buffer.from(await (await fetch(inbox.attachments[1]!.url)).arrayBuffer());
    assert.deepEqual(uploaded, b, 'the re-uploaded bytes are the original ones');
    assert.deepEqual(inbox.components, createTicketRow('Create Ticket'));

    const row = await getInbox(run.store.db, inbox.id);
    assert.ok(row);
    assert.equal(row.channelId, w.supportId);
    assert.equal(row.destinationId, w.ticketsId);
    assert.ok(row.starterContent.startsWith(EN_STARTER), 'the starter is the localised default');
    assert.deepEqual(await getStaff(run.store.db, inbox.id), [`<@&${w.modRoleId}>`, `<@${w.helperId}>`], 'Manage Threads allows, never the bot');

    await eventually(() => command.original() === null, 'the instruction message is removed once handled');
    assert.equal(await run.bot.deps.selections.has(w.guildId, w.adminId), false);
  });

  test("create without a destination: tickets open in the inbox's channel; a webhook's embeds are copied", async () => {
    const hook = emu.createWebhookMessage(w.draftsId, {
      embeds: [
        { title: 'Support', description: 'Press the button', color: 0x5865f2, fields: [{ name: 'Hours', value: '9–17' }] },
        { description: 'Second embed' },
      ],
    });
    const inbox = await createInbox(hook);
    const embeds = inbox.embeds as any[];
    assert.deepEqual(
      embeds.map((e) => [e.title, e.description, e.color, e.fields?.[0]?.name]),
      [
        ['Support', 'Press the button', 0x5865f2, 'Hours'],
        [undefined, 'Second embed', undefined, undefined],
      ],
    );
    const row = (await getInbox(run.store.db, inbox.id))!;
    assert.equal(row.destinationId, null);
    assert.deepEqual(await getStaff(run.store.db, inbox.id), [], 'no overwrites with Manage Threads in #support');
  });

  test('missing permissions are listed by name, in the admin’s language (en-US, de, fr)', async () => {
    const en = await answer(admin.inbox('create', { channel: w.readOnlyId }));
    assert.equal(en.content, `I need these permissions in <#${w.readOnlyId}>: Send Messages`);

    const de = await answer(admin.inbox('create', { channel: w.supportId, destination: w.noThreadsId }, 'de'));
    assert.equal(de.content, `Ich brauche in <#${w.noThreadsId}> folgende Berechtigungen: Private Threads erstellen und Nachrichten in Threads senden`);

    const fr = await answer(admin.inbox('destination', { channel: w.noThreadsId }, 'fr'));
    assert.equal(fr.content, `J'ai besoin de ces permissions dans <#${w.noThreadsId}> : Créer des fils privés et Envoyer des messages dans les fils`);

    const same = await answer(admin.inbox('create', { channel: w.noThreadsId }));
    assert.equal(same.content, `I need these permissions in <#${w.noThreadsId}>: Create Private Threads and Send Messages in Threads`);
    assert.equal(await run.bot.deps.selections.has(w.guildId, w.adminId), false, 'a refused command leaves nothing pending');
  });

  test('selecting with nothing pending says to run a command first (en-US, fr)', async () => {
    const source = draft({ content: 'hello' });
    assert.equal((await answer(admin.select(w.draftsId, source.id))).content, 'There is nothing to select right now. Run a command that asks for a message first.');
    assert.equal(
      (await answer(admin.select(w.draftsId, source.id, 'fr'))).content,
      "Il n'y a rien à sélectionner pour l'instant. Lance d'abord une commande qui demande un message.",
    );
  });

  test('an expired selection says so, once; the instruction stays', async () => {
    let now = 0;
    const original = run.bot.deps.selections;
    run.bot.deps.selections = new PendingSelections(run.bot.deps.store.db, { clock: () => now });
    try {
      const command = admin.inbox('staff');
      await answer(command);
      now += 180_000;
      const source = draft({ content: 'late' });
      assert.equal((await answer(admin.select(w.draftsId, source.id, 'de'))).content, 'Diese Auswahl ist abgelaufen. Führe den Befehl erneut aus und wähle dann die Nachricht aus.');
      assert.ok(command.original(), 'an unhandled instruction is not removed');
      assert.match((await answer(admin.select(w.draftsId, source.id))).content, /nothing to select/);
    } finally {
      run.bot.deps.selections = original;
    }
  });

  test('not an inbox, and no longer recognised; the request survives both and then works', async () => {
    const inbox = await createInbox(draft({ content: 'Real inbox' }));
    const plain = draft({ content: 'just chatting' });
    const lost = await postAsBot(emu, w.supportId, { embeds: [{ description: 'old inbox' }], components: createTicketRow() });

    const command = admin.inbox('staff');
    await answer(command);
    assert.equal(
      (await answer(admin.select(w.draftsId, plain.id))).content,
      `${link(w.guildId, w.draftsId, plain.id)} is not an inbox. Pick a message that has a **Create Ticket** button under it.`,
    );
    assert.equal(
      (await answer(admin.select(w.supportId, lost.id, 'de'))).content,
      `${link(w.guildId, w.supportId, lost.id)} wird nicht mehr als Postfach erkannt. Bitte erstelle es mit /postfach erstellen neu.`,
    );
    assert.ok(command.original(), 'the instruction stays while the request is pending');
    const staff = await answer(admin.select(w.supportId, inbox.id));
    assert.match(staff.content, /^Choose who is added to every new ticket/);
    await eventually(() => command.original() === null, 'the instruction is removed');
  });

  test('a newer command replaces the pending request', async () => {
    const inbox = await createInbox(draft({ content: 'Replace me' }));
    await answer(admin.inbox('staff'));
    await answer(admin.newTickets('name'));
    const picked = admin.select(w.supportId, inbox.id);
    const response = await picked.response;
    assert.equal(response.type, 9, 'the name modal, not the staff menu');
  });

  test('attachments over bot.inbox.max_attachment_size are refused with the limit in human units (en-US, de)', async () => {
    run.bot.deps.config.current.bot.inbox.max_attachment_size = 1000;
    try {
      const big = draft({ content: 'big' }, [
        { name: 'a.png', contentType: 'image/png', data: pngBytes(900) },
        { name: 'b.png', contentType: 'image/png', data: pngBytes(600) },
      ]);
      const before = emu.messages(w.supportId).length;
      await answer(admin.inbox('create', { channel: w.supportId }));
      assert.equal(
        (await answer(admin.select(w.draftsId, big.id))).content,
        'The attachments of that message are too large to copy (1.5 kB). Together they must not exceed 1 kB.',
      );
      assert.equal(
        (await answer(admin.select(w.draftsId, big.id, 'de'))).content,
        'Die Anhänge dieser Nachricht sind zum Kopieren zu groß (1,5 kB). Zusammen dürfen sie höchstens 1 kB groß sein.',
      );
      assert.equal(emu.messages(w.supportId).length, before, 'nothing was posted');
      assert.ok(run.bot.deps.selections.has(w.guildId, w.adminId), 'still pending: a smaller message can be picked');
      const small = draft({ content: 'small' }, [{ name: 'a.png', contentType: 'image/png', data: pngBytes(500) }]);
      assert.match((await answer(admin.select(w.draftsId, small.id))).content, /^Your inbox is ready/);
    } finally {
      run.bot.deps.config.current.bot.inbox.max_attachment_size = 5_000_000;
    }
  });

  test('/inbox message edits in place, replaces attachments and re-localises the button; the inbox cannot copy itself', async () => {
    const inbox = await createInbox(
      draft({ content: 'Version 1' }, [
        { name: 'one.png', contentType: 'image/png', data: pngBytes(200, 1) },
        { name: 'two.png', contentType: 'image/png', data: pngBytes(200, 2) },
      ]),
    );
    const count = emu.messages(w.supportId).length;
    emu.updateGuild(w.guildId, { preferredLocale: 'fr' });
    try {
      const command = admin.inbox('message');
      assert.match((await answer(command)).content, /^Pick the inbox you want to change: right-click its message/);
      const second = admin.select(w.supportId, inbox.id);
      assert.equal((await answer(second)).content, `Now pick the message to copy into ${link(w.guildId, w.supportId, inbox.id)} the same way, with **Select this message**.`);
      await eventually(() => command.original() === null, 'the first instruction is removed');

      assert.equal((await answer(admin.select(w.supportId, inbox.id))).content, "An inbox can't copy its own message. Pick a different message to copy.");
      assert.equal(
        (await answer(admin.select(w.supportId, inbox.id, 'fr'))).content,
        'Une boîte de réception ne peut pas copier son propre message. Choisis un autre message.',
      );
      assert.ok(second.original(), 'still pending, its instruction kept');

      const next = draft({ content: 'Version 2' }, [{ name: 'three.png', contentType: 'image/png', data: pngBytes(300, 3) }]);
      const done = await answer(admin.select(w.draftsId, next.id));
      assert.equal(done.content, `The inbox message has been updated: ${link(w.guildId, w.supportId, inbox.id)}`);
      await eventually(() => second.original() === null, 'the second instruction is removed');

      const edited = emu.messages(w.supportId).find((m) => m.id === inbox.id)!;
      assert.equal(emu.messages(w.supportId).length, count, 'edited, not re-posted');
      assert.equal((edited.embeds as any[])[0].description, 'Version 2');
      assert.deepEqual(edited.attachments.map((a) => a.filename), ['three.png'], 'attachments replaced, not appended');
      assert.deepEqual(edited.components, createTicketRow('Créer un ticket'));
    } finally {
      emu.updateGuild(w.guildId, { preferredLocale: 'en-US' });
    }
  });

  test('/inbox destination: the same channel says so; another is stored and reported old → new', async () => {
    const inbox = await createInbox(draft({ content: 'Route me' }), { channel: w.supportId, destination: w.ticketsId });
    await answer(admin.inbox('destination', { channel: w.ticketsId }));
    assert.equal(
      (await answer(admin.select(w.supportId, inbox.id))).content,
      `New tickets from ${link(w.guildId, w.supportId, inbox.id)} already open in <#${w.ticketsId}>, so nothing changed.`,
    );
    await answer(admin.inbox('destination', { channel: w.supportId }, 'de'));
    assert.equal(
      (await answer(admin.select(w.supportId, inbox.id, 'de'))).content,
      `Neue Tickets aus ${link(w.guildId, w.supportId, inbox.id)} werden ab jetzt in <#${w.supportId}> statt in <#${w.ticketsId}> eröffnet.`,
    );
    assert.equal((await getInbox(run.store.db, inbox.id))!.destinationId, null, "the inbox's own channel is stored as no destination");
    await answer(admin.inbox('destination', { channel: w.ticketsId }));
    assert.match((await answer(admin.select(w.supportId, inbox.id))).content, /will now open in/);
    assert.equal((await getInbox(run.store.db, inbox.id))!.destinationId, w.ticketsId);
  });

  test('/inbox staff: a menu preset to the staff, changes diffed, no change said, deleted roles dropped', async () => {
    const inbox = await createInbox(draft({ content: 'Staffed' }), { channel: w.supportId, destination: w.ticketsId });
    await answer(admin.inbox('staff'));
    const menu = await answer(admin.select(w.supportId, inbox.id));
    assert.equal(menu.content, `Choose who is added to every new ticket from ${link(w.guildId, w.supportId, inbox.id)}`);
    assert.ok(menu.message, 'the menu message exists');
    const select = (menu.data.components as any[])[0].components[0];
    assert.equal(select.type, 7, 'a mentionable select');
    assert.equal(select.min_values, 0);
    assert.equal(select.max_values, 10);
    assert.deepEqual(select.default_values, [
      { id: w.modRoleId, type: 'role' },
      { id: w.helperId, type: 'user' },
    ]);

    const changed = await answer(
      emu.selectMenu({ messageId: menu.message!.id, userId: w.adminId, customId: select.custom_id, values: [w.modRoleId, w.otherRoleId] }),
    );
    assert.equal(changed.content, 'Staff updated: 1 added, 1 removed.');
    assert.deepEqual(await getStaff(run.store.db, inbox.id), [`<@&${w.modRoleId}>`, `<@&${w.otherRoleId}>`]);

    const unchanged = await answer(
      emu.selectMenu({ messageId: menu.message!.id, userId: w.adminId, customId: select.custom_id, values: [w.otherRoleId, w.modRoleId], locale: 'de' }),
    );
    assert.equal(unchanged.content, 'Du hast nichts geändert, das Team bleibt, wie es ist.');

    emu.deleteRole(w.guildId, w.otherRoleId);
    await answer(admin.inbox('staff'));
    const again = await answer(admin.select(w.supportId, inbox.id));
    assert.deepEqual((again.data.components as any[])[0].components[0].default_values, [{ id: w.modRoleId, type: 'role' }]);
    assert.deepEqual(await getStaff(run.store.db, inbox.id), [`<@&${w.modRoleId}>`], 'the deleted role is gone from the database too');
  });

  test('/inbox new-tickets starter: modal preset to the starter; saving stores it; empty restores the default', async () => {
    const inbox = await createInbox(draft({ content: 'Starter' }));
    await answer(admin.newTickets('starter'));
    const picked = admin.select(w.supportId, inbox.id);
    assert.equal((await picked.response).type, 9);
    const modal = picked.modal();
    assert.equal(modal.title, 'First message of new tickets');
    assert.equal(modal.components[0].type, 18, 'the input sits in a Label');
    assert.equal(modal.components[0].label, 'Message ($author = owner, $staff = staff)');
    const input = modal.components[0].component;
    assert.equal(input.label, undefined, 'the Label carries the label');
    assert.equal(input.style, 2, 'a paragraph');
    assert.equal(input.max_length, 2000);
    assert.equal(input.required, false);
    assert.ok(input.value.startsWith(EN_STARTER));

    const saved = await answer(emu.submitModal({ from: picked, fields: { [input.custom_id]: 'Hello $author, $staff is here' }, locale: 'fr' }));
    assert.equal(saved.content, `Les nouveaux tickets de ${link(w.guildId, w.supportId, inbox.id)} commenceront désormais par le nouveau message.`);
    assert.equal((await getInbox(run.store.db, inbox.id))!.starterContent, 'Hello $author, $staff is here');

    await answer(admin.newTickets('starter'));
    const second = admin.select(w.supportId, inbox.id);
    await second.response;
    assert.equal(second.modal().components[0].component.value, 'Hello $author, $staff is here');
    await answer(emu.submitModal({ from: second, fields: { [input.custom_id]: '' } }));
    assert.equal((await getInbox(run.store.db, inbox.id))!.starterContent, '');

    await answer(admin.newTickets('starter', 'de'));
    const third = admin.select(w.supportId, inbox.id, 'de');
    await third.response;
    assert.equal(third.modal().title, 'Erste Nachricht neuer Tickets');
    assert.equal(third.modal().components[0].component.value, '$author $staff', 'the default when none is stored');
  });

  test('/inbox new-tickets name: modal preset to the default template; saving stores it', async () => {
    const inbox = await createInbox(draft({ content: 'Names' }));
    await answer(admin.newTickets('name'));
    const picked = admin.select(w.supportId, inbox.id);
    assert.equal((await picked.response).type, 9);
    const input = picked.modal().components[0].component;
    assert.equal(input.style, 1, 'a short input');
    assert.equal(input.max_length, 100);
    assert.equal(input.value, '$year-$month-$day $author');
    const saved = await answer(emu.submitModal({ from: picked, fields: { [input.custom_id]: '${counter}-$author' } }));
    assert.equal(saved.content, `New tickets from ${link(w.guildId, w.supportId, inbox.id)} will be named with the new template.`);
    assert.equal((await getInbox(run.store.db, inbox.id))!.defaultTicketName, '${counter}-$author');
  });
});

describe('/inbox in a German server', () => {
  let emu: Emulator;
  let w: InboxWorld;
  let run: InProcessBot;

  before(async () => {
    emu = await startEmulator();
    w = buildInboxWorld(emu, { preferredLocale: 'de' });
    run = await startInProcess(emu);
  });
  after(async () => {
    await run?.stop();
    await emu.close();
  });

  test('the button and the default starter use the server language; replies the admin’s', async () => {
    const admin = adminOf(emu, w);
    const source = emu.createMessage(w.draftsId, w.adminId, { content: 'Hallo' });
    const instruction = await answer(admin.inbox('create', { channel: w.supportId }, 'fr'));
    assert.match(instruction.content, /^Ta boîte de réception sera publiée dans/);
    const reply = await answer(admin.select(w.draftsId, source.id, 'fr'));
    assert.match(reply.content, /^Ta boîte de réception est prête : https:\/\/discord\.com\/channels\//);
    const inbox = emu.messages(w.supportId).at(-1)!;
    assert.deepEqual(inbox.components, createTicketRow('Ticket erstellen'));
    assert.match((await getInbox(run.store.db, inbox.id))!.starterContent, /^\$author danke/i);
  });
});
