// /inbox settings end to end (SPEC §10): the admin picks the inbox, sees every value, and
// each change is checked, saved at once, shown, and changes what the next Create Ticket
// click does: the limit, the cooldown (and the slowmode beside it), the auto-archive
// duration of the created thread, allowed and blocked roles, the log channel.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type InteractionHandle } from '../../emulator/src/index.ts';
import { getInbox, getInboxRoles } from '../../src/store/inboxes.ts';
import { answer } from './inbox-fixture.ts';
import { click, finalAnswer, startTicketBot, threadIdOf, until, type InProcessBot } from './ticket-fixture.ts';
import { botMessages, buildWorkflowWorld, workflowInbox, type WorkflowWorld } from './workflow-fixture.ts';

describe('/inbox settings', () => {
  let emu: Emulator;
  let w: WorkflowWorld;
  let b: InProcessBot;
  let inbox: string;
  const admin = () => emu.application.ownerId;
  before(async () => {
    emu = await startEmulator();
    w = buildWorkflowWorld(emu);
    b = await startTicketBot(emu);
    inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
  });
  after(async () => {
    await b?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  /** Runs /inbox settings and picks the inbox: the settings message. */
  async function openSettings(userId = admin(), locale = 'en-US'): Promise<{ id: string; content: string; components: any[] }> {
    const command = emu.runSlashCommand({ guildId: w.guildId, channelId: w.supportId, userId, command: 'inbox', subcommand: 'settings', locale });
    assert.equal((await answer(command)).ephemeral, true);
    const picked = emu.runMessageCommand({ guildId: w.guildId, channelId: w.supportId, userId, command: 'Select this message', targetMessageId: inbox, locale });
    const shown = await answer(picked);
    assert.equal(shown.ephemeral, true);
    const message = picked.original()!;
    return { id: message.id, content: message.content, components: message.components as any[] };
  }

  const idOf = (view: { components: any[] }, field: string): string =>
    view.components.flatMap((row) => row.components).find((c: any) => String(c.custom_id).endsWith(`:${field}`))!.custom_id;

  /** Picks values in one of the settings menus; the message as it then reads. */
  async function pick(view: { id: string; components: any[] }, field: string, values: string[], userId = admin(), locale = 'en-US'): Promise<{ type: number; content: string }> {
    const handle = emu.selectMenu({ messageId: view.id, userId, customId: idOf(view, field), values, locale });
    return settled(handle, view.id);
  }

  async function settled(handle: InteractionHandle, messageId: string): Promise<{ type: number; content: string }> {
    const response = await handle.response;
    if (response.type === 7) return { type: 7, content: emu.message(messageId)!.content };
    return { type: response.type, content: (await answer(handle)).content };
  }

  /** The limits form, submitted with these values. */
  async function limits(view: { id: string; components: any[] }, maxTickets: string, cooldown: string): Promise<{ type: number; content: string }> {
    const button = emu.clickButton({ messageId: view.id, userId: admin(), customId: idOf(view, 'limits') });
    assert.equal((await button.response).type, 9, 'the form opens');
    return settled(emu.submitModal({ from: button, fields: { 'max-tickets': maxTickets, cooldown } }), view.id);
  }

  /** Clicks Create Ticket as `userId`: the final answer. */
  const createTicket = async (userId: string): Promise<string> => (await finalAnswer(click(emu, inbox, userId))).content;

  test('shows every current value, with a control for each', async () => {
    const view = await openSettings();
    assert.equal(
      view.content,
      [
        `Settings of https://discord.com/channels/${w.guildId}/${w.supportId}/${inbox}`,
        '**Open tickets per member:** no limit',
        "**Cooldown between a member's tickets:** 60 s",
        "**New tickets leave the channel list after:** the channel's default without activity",
        '**Roles that may open tickets:** everyone',
        '**Roles that may never open tickets:** none',
        '**Log channel:** none',
      ].join('\n'),
    );
    assert.deepEqual(
      view.components.map((row) => row.components.map((c: any) => [c.type, c.custom_id.split(':').slice(2).join(':')])),
      [[[6, 'allowed']], [[6, 'blocked']], [[8, 'log']], [[3, 'archive']], [[2, 'limits']]],
    );
    const log = view.components[2].components[0];
    assert.deepEqual([log.channel_types, log.min_values, log.max_values], [[0], 0, 1]);
  });

  test('the limit and the cooldown change the next clicks; wrong values are refused and nothing is saved', async () => {
    const view = await openSettings();
    const wrong = await limits(view, '26', '0');
    assert.equal(wrong.content, '**Open tickets per member** must be a whole number from 0 to 25. Nothing was saved.');
    assert.equal((await limits(view, '2', '-1')).content, '**Cooldown in seconds** must be a whole number from 0 to 21,600. Nothing was saved.');
    assert.equal((await getInbox(b.store.db, inbox))!.maxTicketsPerUser, 0);

    const saved = await limits(view, '2', '0');
    assert.equal(saved.type, 7, 'the settings message itself shows the new values');
    assert.match(saved.content, /\*\*Open tickets per member:\*\* 2\n\*\*Cooldown between a member's tickets:\*\* 0 s\n/);
    assert.match(saved.content, /\n\nSaved the limit and the cooldown\.$/);
    // No cooldown: two tickets at once; the limit stops the third.
    const [first, second] = [await createTicket(w.bobId), await createTicket(w.bobId)];
    assert.match(first, /^Your ticket is ready/);
    assert.match(second, /^Your ticket is ready/);
    assert.match(await createTicket(w.bobId), /^You have reached the limit of open tickets for this inbox/);

    // A cooldown of five minutes.
    await limits(view, '0', '300');
    assert.match(await createTicket(w.carlId), /^Your ticket is ready/);
    assert.equal(await createTicket(w.carlId), "You're opening tickets too quickly. Please try again in 300 seconds.");
    b.now.ms += 301_000;
    assert.match(await createTicket(w.carlId), /^Your ticket is ready/);

    // Below the channel's slowmode: saved, and the admin told that the slowmode applies.
    emu.updateChannel(w.supportId, { rateLimitPerUser: 600 });
    await until('the bot to see the slowmode', () => b.bot.deps.state.guilds.get(w.guildId)?.channels.get(w.supportId)?.rateLimitPerUser === 600);
    const below = await limits(view, '0', '30');
    assert.match(below.content, /\*\*Cooldown between a member's tickets:\*\* 30 s, but the channel's slowmode of 600 s applies/);
    assert.match(below.content, /The channel's slowmode of 600 s is longer than that cooldown, so members still wait 600 s between tickets\.$/);
    b.now.ms += 601_000;
    assert.match(await createTicket(w.carlId), /^Your ticket is ready/);
    assert.equal(await createTicket(w.carlId), "You're opening tickets too quickly. Please try again in 600 seconds.");
    emu.updateChannel(w.supportId, { rateLimitPerUser: 0 });
    await limits(view, '0', '60');
    b.now.ms += 601_000;
  });

  test('the auto-archive duration goes on the next created thread; the channel default sends none', async () => {
    const view = await openSettings();
    const saved = await pick(view, 'archive', ['60']);
    assert.match(saved.content, /\*\*New tickets leave the channel list after:\*\* 1 hour without activity/);
    const threadId = threadIdOf(await createTicket(w.annId));
    const start = emu.requests.findLast((r) => r.route === 'POST /channels/:id/threads')!;
    assert.equal((start.body as any).auto_archive_duration, 60);
    assert.equal(emu.getChannel(threadId)!.thread_metadata!.auto_archive_duration, 60);
    b.now.ms += 61_000;

    await pick(view, 'archive', ['channel']);
    assert.equal((await getInbox(b.store.db, inbox))!.autoArchiveMinutes, null);
    await createTicket(w.annId);
    assert.equal('auto_archive_duration' in (emu.requests.findLast((r) => r.route === 'POST /channels/:id/threads')!.body as object), false);
    b.now.ms += 61_000;
  });

  test('allowed and blocked roles decide who may open tickets; blocked wins', async () => {
    const view = await openSettings();
    const allowed = await pick(view, 'allowed', [w.vipRoleId]);
    assert.match(allowed.content, new RegExp(`\\*\\*Roles that may open tickets:\\*\\* <@&${w.vipRoleId}>`));
    assert.equal(await createTicket(w.namedId), 'Only members with certain roles can open tickets from this inbox.');
    emu.updateMember(w.guildId, w.namedId, { roles: [w.vipRoleId] });
    assert.match(await createTicket(w.namedId), /^Your ticket is ready/);
    b.now.ms += 61_000;

    await pick(view, 'blocked', [w.vipRoleId, w.helpersRoleId]);
    assert.deepEqual(await getInboxRoles(b.store.db, inbox), { allowed: [w.vipRoleId], blocked: [w.vipRoleId, w.helpersRoleId].sort((a, c) => (BigInt(a) < BigInt(c) ? -1 : 1)) });
    assert.equal(await createTicket(w.namedId), "You can't open tickets from this inbox.");

    // Emptied again: everyone may.
    await pick(view, 'allowed', []);
    const cleared = await pick(view, 'blocked', []);
    assert.match(cleared.content, /\*\*Roles that may open tickets:\*\* everyone\n\*\*Roles that may never open tickets:\*\* none/);
    assert.match(await createTicket(w.roledId), /^Your ticket is ready/);
    b.now.ms += 61_000;
  });

  test('the log channel: refused where the bot cannot post (naming what it lacks), then every event of the next ticket is logged', async () => {
    const view = await openSettings();
    const refused = await pick(view, 'log', [w.mutedId]);
    assert.deepEqual([refused.type, refused.content], [4, `I need these permissions in <#${w.mutedId}>: Send Messages`]);
    assert.equal((await getInbox(b.store.db, inbox))!.logChannelId, null);
    const saved = await pick(view, 'log', [w.logId]);
    assert.match(saved.content, new RegExp(`\\*\\*Log channel:\\*\\* <#${w.logId}>`));
    assert.match(saved.content, new RegExp(`Saved: ticket events will be logged in <#${w.logId}>\\.$`));
    const threadId = threadIdOf(await createTicket(w.annId));
    await until('logged', () => botMessages(emu, w.logId).length === 1);
    assert.equal(botMessages(emu, w.logId)[0]!.content, `<#${threadId}> opened by <@${w.annId}>`);
    b.now.ms += 61_000;

    await pick(view, 'log', []);
    assert.equal((await getInbox(b.store.db, inbox))!.logChannelId, null);
    await createTicket(w.annId);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(botMessages(emu, w.logId).length, 1, 'no log any more');
    b.now.ms += 61_000;
  });

  test('Manage Server is checked again on every change; nothing is saved without it', async () => {
    const manager = emu.createRole(w.guildId, { name: 'Managers', permissions: 1n << 5n });
    const helper = emu.createUser({ username: 'manager' }).id;
    emu.addMember(w.guildId, helper, { roles: [manager.id] });
    const view = await openSettings(helper);
    emu.updateMember(w.guildId, helper, { roles: [] });
    const refused = await pick(view, 'archive', ['10080'], helper);
    assert.deepEqual([refused.type, refused.content], [4, 'You need the **Manage Server** permission to change inboxes, so nothing was saved.']);
    assert.equal((await getInbox(b.store.db, inbox))!.autoArchiveMinutes, null);
  });

  test('in the admin’s language', async () => {
    const view = await openSettings(admin(), 'de');
    assert.match(view.content, /^Einstellungen von https:/);
    assert.match(view.content, /\*\*Log-Kanal:\*\* keiner$/);
    const saved = await pick(view, 'archive', ['10080'], admin(), 'de');
    assert.match(saved.content, /Gespeichert: Neue Tickets verschwinden nach 1 Woche ohne Aktivität aus der Kanalliste\.$/);
  });
});
