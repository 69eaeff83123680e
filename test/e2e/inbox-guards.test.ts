// What keeps the /inbox flow from changing anything it should not: a staff menu or a form
// opened by an admin who has since lost Manage Server, and payloads Discord would never
// send (a staff menu with more values than it allows, a form without its input, /inbox
// from a direct message). Real admins act through the emulator; the impossible payloads
// are sent raw on the gateway, and the bot's answer is read from what it sent back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { getInbox, getStaff } from '../../src/store/inboxes.ts';
import { adminOf, answer, buildInboxWorld, P, startInProcess, type InboxWorld, type InProcessBot } from './inbox-fixture.ts';

const ALL_PERMISSIONS = ((1n << 53n) - 1n).toString();

describe('/inbox guards', () => {
  let emu: Emulator;
  let w: InboxWorld;
  let run: InProcessBot;

  before(async () => {
    emu = await startEmulator();
    w = buildInboxWorld(emu);
    run = await startInProcess(emu);
  });
  after(async () => {
    await run?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  async function createInbox(userId: string = w.adminId): Promise<string> {
    const admin = adminOf(emu, w, userId);
    const source = emu.createMessage(w.draftsId, userId, { content: 'Guarded' });
    await answer(admin.inbox('create', { channel: w.supportId, destination: w.ticketsId }));
    const created = await answer(admin.select(w.draftsId, source.id));
    const m = /\/(\d+)$/.exec(created.content.trim());
    assert.ok(m, created.content);
    return m[1]!;
  }

  test('an admin who lost Manage Server cannot save from a menu or a form opened before; the owner still can', async () => {
    const managers = emu.createRole(w.guildId, { name: 'Managers', permissions: P.ManageGuild });
    const manager = emu.createUser({ username: 'manager' });
    emu.addMember(w.guildId, manager.id, { roles: [managers.id] });
    const inboxId = await createInbox(manager.id);
    const admin = adminOf(emu, w, manager.id);
    const staffBefore = await getStaff(run.store.db, inboxId);

    await answer(admin.inbox('staff'));
    const menu = await answer(admin.select(w.supportId, inboxId));
    const select = (menu.data.components as any[])[0].components[0];
    await answer(admin.newTickets('starter'));
    const starterForm = admin.select(w.supportId, inboxId);
    await starterForm.response;
    await answer(admin.newTickets('name'));
    const nameForm = admin.select(w.supportId, inboxId);
    await nameForm.response;
    const saved = (await getInbox(run.store.db, inboxId))!;

    emu.updateMember(w.guildId, manager.id, { roles: [] });
    const refusals = [
      await answer(emu.selectMenu({ messageId: menu.message!.id, userId: manager.id, customId: select.custom_id, values: [w.otherRoleId] })),
      await answer(emu.submitModal({ from: starterForm, fields: { template: 'Taken over' }, locale: 'de' })),
      await answer(emu.submitModal({ from: nameForm, fields: { template: 'taken-$counter' }, locale: 'fr' })),
    ];
    assert.deepEqual(
      refusals.map((r) => [r.content, r.ephemeral]),
      [
        ['You need the **Manage Server** permission to change inboxes, so nothing was saved.', true],
        ['Du brauchst die Berechtigung **Server verwalten**, um Postfächer zu ändern, daher wurde nichts gespeichert.', true],
        ["Il te faut la permission **Gérer le serveur** pour modifier les boîtes de réception, donc rien n'a été enregistré.", true],
      ],
    );
    assert.deepEqual(await getStaff(run.store.db, inboxId), staffBefore);
    const after = (await getInbox(run.store.db, inboxId))!;
    assert.deepEqual([after.starterContent, after.defaultTicketName], [saved.starterContent, saved.defaultTicketName]);

    // Given back, the same menu works again; the server owner never lost it.
    emu.updateMember(w.guildId, manager.id, { roles: [managers.id] });
    const ok = await answer(emu.selectMenu({ messageId: menu.message!.id, userId: manager.id, customId: select.custom_id, values: [w.otherRoleId] }));
    assert.match(ok.content, /^Staff updated/);
    await answer(adminOf(emu, w).newTickets('name'));
    const ownerForm = adminOf(emu, w).select(w.supportId, inboxId);
    await ownerForm.response;
    assert.match((await answer(emu.submitModal({ from: ownerForm, fields: { template: 'owner-$counter' } }))).content, /will be named with the new template/);
  });

  /** Sends an INTERACTION_CREATE Discord would never send; resolves with the callback body the bot posted. */
  async function raw(d: Record<string, unknown>): Promise<{ type: number; data: { content: string; flags: number } }> {
    const id = emu.world.snowflakes.next();
    const token = `raw-token-${id}`;
    emu.dispatchRaw('INTERACTION_CREATE', { id, token, application_id: emu.application.id, version: 1, locale: 'en-US', ...d });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const sent = emu.requests.find((r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`);
      if (sent) return sent.body as never;
      if (Date.now() > deadline) throw new Error(`no answer to the raw interaction ${id}\n${run.logs()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const adminMember = () => ({ user: { id: w.adminId, username: 'owner' }, roles: [], permissions: ALL_PERMISSIONS });
  const inGuild = () => ({ guild_id: w.guildId, channel_id: w.draftsId, member: adminMember(), guild_locale: 'en-US' });

  test('a staff menu with more values than it allows, or values that are not ids, changes nothing', async () => {
    const inboxId = await createInbox();
    await answer(adminOf(emu, w).inbox('staff'));
    const menu = await answer(adminOf(emu, w).select(w.supportId, inboxId));
    const select = (menu.data.components as any[])[0].components[0];
    assert.equal(select.max_values, 10);
    const before = await getStaff(run.store.db, inboxId);
    const roles = Array.from({ length: 11 }, (_, i) => emu.createRole(w.guildId, { name: `r${i}` }));
    const values = roles.map((r) => r.id);
    const resolvedRoles = Object.fromEntries(roles.map((r) => [r.id, r]));
    const menuData = (v: unknown) => ({ custom_id: select.custom_id, component_type: 7, values: v, resolved: { roles: resolvedRoles } });
    for (const v of [values, ['not-an-id'], 'all of them', [w.otherRoleId, w.otherRoleId]]) {
      const reply = await raw({ type: 3, ...inGuild(), message: { id: menu.message!.id }, data: menuData(v) });
      assert.equal(reply.data.content, "That request didn't look right, so I didn't change anything. Please try again.", JSON.stringify(v));
      assert.ok((reply.data.flags & 64) !== 0);
    }
    assert.deepEqual(await getStaff(run.store.db, inboxId), before);
    assert.ok(!/Unexpected error/.test(run.logs()), run.logs());
  });

  test('a form submitted without its input leaves the template as it was', async () => {
    const inboxId = await createInbox();
    run.store.db.sqlite.prepare('UPDATE inbox SET starter_content = ?, default_ticket_name = ? WHERE id = ?').run('Kept $author', 'kept-$counter', BigInt(inboxId));
    for (const [prefix, components] of [
      ['inbox-starter', []],
      ['inbox-name', [{ type: 18, component: { type: 4, custom_id: 'something-else', value: '' } }]],
      ['inbox-name', 'not a list'],
    ] as const) {
      const reply = await raw({ type: 5, ...inGuild(), data: { custom_id: `${prefix}:${inboxId}`, components } });
      assert.equal(reply.data.content, "That request didn't look right, so I didn't change anything. Please try again.");
    }
    const inbox = (await getInbox(run.store.db, inboxId))!;
    assert.deepEqual([inbox.starterContent, inbox.defaultTicketName], ['Kept $author', 'kept-$counter']);
  });

  test('/inbox from a direct message is answered plainly, without an error code', async () => {
    const dm = emu.dmChannel(w.adminId);
    const reply = await raw({
      type: 2,
      channel_id: dm.id,
      user: { id: w.adminId, username: 'owner' },
      data: { id: emu.world.snowflakes.next(), name: 'inbox', type: 1, options: [{ type: 1, name: 'staff', options: [] }] },
    });
    assert.equal(reply.data.content, 'This only works in a server.');
  });
});
