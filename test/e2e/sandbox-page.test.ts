// The sandbox page in Debian's Chromium against `theticketbot sandbox` started as a child
// process: each test checks what the page shows and what the emulator recorded (through
// its control API), never one without the other.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pngBytes } from './inbox-fixture.ts';
import {
  channelLink,
  ephemeral,
  goTo,
  launchBrowser,
  message,
  messageCommand,
  openAs,
  pick,
  post,
  slash,
  startSandboxCli,
  switchTo,
  type Browser,
  type RunningSandbox,
} from './sandbox-flows.ts';

interface Cast {
  guildId: string;
  ids: Record<string, string>;
  channels: Record<string, string>;
}

interface EmuMessage {
  id: string;
  content: string;
  author: { id: string };
  embeds: Array<{ description?: string; url?: string }>;
  attachments: Array<{ filename: string }>;
  components?: Array<{ components?: Array<{ custom_id?: string; label?: string }> }>;
  flags: number;
}

interface EmuThread {
  id: string;
  name: string;
  type: number;
  owner_id: string;
  thread_metadata: { archived: boolean; locked: boolean; invitable?: boolean };
}

interface ModalInput {
  type: number;
  custom_id: string;
  label?: string;
  value?: string;
  style?: number;
  max_length?: number;
  required?: boolean;
}

interface EmuRequest {
  method: string;
  path: string;
  route: string | null;
  status: number;
  body: { type?: number; data?: { components?: Array<{ type: number; label?: string; component?: ModalInput; components?: ModalInput[] }> } };
  auditLogReason?: string;
}

let sb: RunningSandbox;
let browser: Browser;
let cast: Cast;

async function castOf(sandbox: RunningSandbox): Promise<Cast> {
  const people = (await (await fetch(new URL('_sandbox/people', sandbox.url))).json()) as { people: Array<{ id: string; username: string }> };
  const ids = Object.fromEntries(people.people.map((p) => [p.username, p.id]));
  const world = (await (await fetch(new URL(`_sandbox/world?as=${ids.olivia}`, sandbox.url))).json()) as { guild: { id: string }; channels: Array<{ id: string; name: string; type: number }> };
  const channels = Object.fromEntries(world.channels.filter((c) => c.type === 0).map((c) => [c.name, c.id]));
  return { guildId: world.guild.id, ids, channels };
}

async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const threadsOf = (channelId: string) => sb.control<EmuThread[]>(`channels/${channelId}/threads`);
const messagesIn = (channelId: string) => sb.control<EmuMessage[]>(`channels/${channelId}/messages`);
const threadMembers = async (threadId: string) => (await sb.control<Array<{ user_id: string }>>(`channels/${threadId}/thread-members`)).map((m) => m.user_id);
const requests = () => sb.control<EmuRequest[]>('requests');

before(async () => {
  sb = await startSandboxCli();
  browser = await launchBrowser();
  cast = await castOf(sb);
});

after(async () => {
  await browser?.close();
  const exit = await sb?.stop();
  assert.equal(exit?.code, 0, 'the sandbox stops cleanly on SIGINT');
});

describe('the sandbox page', () => {
  let ticketId = '';

  it('as the admin: post a message, /inbox create, Select this message, see the inbox', async () => {
    const page = await openAs(browser, sb.url, 'alex', 'staff-room');
    const draft = 'Questions about an **order**? Open a ticket and we answer within a day.';
    // Two images go with the text: the bot re-uploads them and shows them as one gallery.
    const dir = mkdtempSync(join(tmpdir(), 'ttb-images-'));
    const images = ['one.png', 'two.png'].map((name, i) => {
      writeFileSync(join(dir, name), pngBytes(2000, i));
      return join(dir, name);
    });
    await page.locator('input[type="file"]').setInputFiles(images);
    await page.locator('.pending-file', { hasText: 'two.png' }).waitFor();
    await post(page, draft);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(await message(page, 'Questions about an').locator('.attachment-image img').count(), 2);
    await message(page, 'Questions about an').locator('strong', { hasText: 'order' }).waitFor();

    await slash(page, '/inbox create', { channel: { pick: '#general' }, destination: { pick: '#tickets' } });
    await ephemeral(page, 'Select this message').waitFor();
    assert.match(await ephemeral(page, 'Select this message').innerText(), /Only you can see this/);

    await messageCommand(page, message(page, 'Questions about an'), 'Select this message');
    const ready = ephemeral(page, 'Your inbox is ready');
    await ready.waitFor();
    // The instruction goes once the selection is handled.
    await ephemeral(page, 'Now pick the message').waitFor({ state: 'detached' });

    // The link in the reply shows as the channel and leads to the inbox, on the page.
    assert.equal(await ready.locator('a.md-channel-link').innerText(), '#general › message');
    await ready.locator('a.md-channel-link').click();
    await page.locator('.messages[data-loaded-channel="general"]').waitFor();
    const inbox = message(page, 'Questions about an');
    await inbox.locator('.embed-description strong', { hasText: 'order' }).waitFor();
    await inbox.getByRole('button', { name: 'Create Ticket' }).waitFor();
    assert.equal(await inbox.locator('.gallery').getAttribute('data-gallery-size'), '2', 'the copied images form one gallery');
    assert.equal(await inbox.locator('.app-tag').innerText(), 'APP');

    const posted = (await messagesIn(cast.channels.general!)).filter((m) => m.author.id !== cast.ids.alex);
    assert.equal(posted.length, 1, 'the bot posted one inbox in #general');
    assert.equal(posted[0]!.embeds[0]?.description, draft);
    assert.equal(posted[0]!.components?.[0]?.components?.[0]?.custom_id, 'create-ticket');
    assert.equal(posted[0]!.attachments.length, 2, 'the images were uploaded again with the inbox');
    assert.equal(new Set(posted[0]!.embeds.map((e) => e.url)).size, 1, 'all embeds share one url');
    await page.close();
  });

  it('as a member: Create Ticket, and the private thread appears live with its starter', async () => {
    const staffTab = await openAs(browser, sb.url, 'sam', 'tickets');
    assert.equal(await staffTab.locator('.channel.thread').count(), 0);

    const page = await openAs(browser, sb.url, 'mia', 'support');
    await message(page, 'Need a hand?').getByRole('button', { name: 'Create Ticket' }).click();
    const ready = ephemeral(page, 'Your ticket is ready');
    await ready.waitFor();

    const threads = await eventually('a ticket thread in #tickets', async () => {
      const list = await threadsOf(cast.channels.tickets!);
      return list.length === 1 ? list : undefined;
    });
    const thread = threads[0]!;
    ticketId = thread.id;
    assert.equal(thread.type, 12, 'a private thread');
    assert.equal(thread.thread_metadata.invitable, false);
    const members = await eventually('the owner and the staff in the thread', async () => {
      const list = await threadMembers(thread.id);
      return list.includes(cast.ids.mia!) && list.includes(cast.ids.sam!) ? list : undefined;
    });
    assert.ok(members.includes(cast.ids.robin!), 'both staff members are added by the @Staff mention');
    const created = (await requests()).find((r) => r.route === 'POST /channels/:id/threads');
    assert.equal(created?.status, 201);
    assert.match(created?.auditLogReason ?? '', /mia/i);

    // Live: the thread shows up in the member's list and in the staff member's tab without reloading.
    await channelLink(page, thread.name).waitFor();
    await channelLink(staffTab, thread.name).waitFor();
    assert.equal(await ready.locator('a.md-channel-link').innerText(), `#${thread.name}`);
    await ready.locator('a.md-channel-link').click();
    await page.locator(`.messages[data-loaded-channel="${thread.name}"]`).waitFor();
    const starter = message(page, 'thanks for opening a ticket');
    await starter.locator('.mention[data-mention-user]', { hasText: '@Mia' }).waitFor();
    await starter.locator('.mention[data-mention-role]', { hasText: '@Staff' }).waitFor();
    // The ticket card: the starter carries Close and Claim.
    assert.deepEqual(await starter.locator('button[data-custom-id]').allInnerTexts(), ['Close', 'Claim']);
    const history = await messagesIn(thread.id);
    assert.equal(history.length, 1);
    assert.match(history[0]!.content, new RegExp(`^<@${cast.ids.mia}> thanks for opening a ticket`));
    assert.deepEqual(history[0]!.components?.[0]?.components?.map((c) => c.custom_id), ['ticket-close', 'ticket-claim']);
    await staffTab.close();
    await page.close();
  });

  it('as another member: the ticket does not exist for them', async () => {
    assert.ok(ticketId, 'needs the ticket of the previous test');
    const page = await openAs(browser, sb.url, 'noah', 'tickets');
    await page.locator('.messages[data-loaded-channel="tickets"]').waitFor();
    assert.equal(await page.locator('.channel.thread').count(), 0, 'no thread under #tickets for Noah');
    // Asking for it directly gets Discord's answer.
    const answer = await page.evaluate(async ([thread, as]) => {
      const res = await fetch(`/_sandbox/channels/${thread}/messages?as=${as}`);
      return { status: res.status, body: await res.json() };
    }, [ticketId, cast.ids.noah] as const);
    assert.deepEqual(answer, { status: 403, body: { message: 'Missing Access', code: 50001 } });
    // A link straight to it falls back to a channel Noah can see.
    await page.goto(`${sb.url}?as=noah&channel=${ticketId}`);
    const shown = page.locator('.messages[data-loaded-channel]');
    await shown.waitFor();
    assert.notEqual(await shown.getAttribute('data-loaded-channel'), (await threadsOf(cast.channels.tickets!))[0]!.name);
    assert.ok(!(await threadMembers(ticketId)).includes(cast.ids.noah!));
    await page.close();
  });

  it('thread actions: each person sees only what the emulator would let them do', async () => {
    assert.ok(ticketId, 'needs the ticket of the earlier test');
    const ticket = (await threadsOf(cast.channels.tickets!)).find((t) => t.id === ticketId)!;
    // The ticket's owner (a member; the bot created the thread): Leave, and adding only moderators.
    const mia = await openAs(browser, sb.url, 'mia', 'tickets');
    await goTo(mia, ticket.name);
    await expectActions(mia, ['leave']);
    await mia.getByRole('button', { name: 'Members' }).click();
    await mia.locator('.thread-panel.members li[data-member-id]').first().waitFor();
    assert.equal(await mia.locator('.thread-panel.members li button', { hasText: 'Remove' }).count(), 0, 'no Remove for a member');
    await mia.locator('.add-member .select-head').click();
    // Sam, Robin and the bot are in already; of the rest only the owner of the server is a moderator there.
    assert.deepEqual(await mia.locator('.add-member .select-option .option-label').allInnerTexts(), ['Olivia']);
    await mia.keyboard.press('Escape');
    // Asked anyway, the emulator answers as Discord does.
    const refused = await mia.evaluate(async ([thread, as]) => {
      const res = await fetch(`/_sandbox/threads/${thread}/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ as, action: 'lock' }) });
      return { status: res.status, body: await res.json() };
    }, [ticketId, cast.ids.mia] as const);
    assert.deepEqual(refused, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });

    // Staff with Manage Threads in #tickets: everything, and removing anyone but themselves.
    const sam = await openAs(browser, sb.url, 'sam', 'tickets');
    await goTo(sam, ticket.name);
    await expectActions(sam, ['rename', 'archive', 'lock', 'leave']);
    await sam.getByRole('button', { name: 'Members' }).click();
    const removable = await sam.locator('.thread-panel.members li', { has: sam.locator('button', { hasText: 'Remove' }) }).evaluateAll((items) => items.map((li) => li.getAttribute('data-member-id')));
    const members = await threadMembers(ticketId);
    assert.deepEqual(removable.sort(), members.filter((id) => id !== cast.ids.sam).sort());

    // The creator of a private thread (Noah, in #general; made through the control API, as the page has no thread creation).
    const own = await sb.controlSend<EmuThread>('POST', `guilds/${cast.guildId}/channels`, {
      name: 'noah-and-lea', type: 12, parentId: cast.channels.general, ownerId: cast.ids.noah, invitable: false, members: [cast.ids.lea],
    });
    const noah = await openAs(browser, sb.url, 'noah', 'general');
    await goTo(noah, 'noah-and-lea');
    await expectActions(noah, ['rename', 'archive', 'leave'], 'a creator renames and archives, and never locks');
    await noah.getByRole('button', { name: 'Members' }).click();
    await noah.locator(`li[data-member-id="${cast.ids.lea}"] button`, { hasText: 'Remove' }).waitFor();
    const lea = await openAs(browser, sb.url, 'lea', 'general');
    await goTo(lea, 'noah-and-lea');
    await expectActions(lea, ['leave']);

    // Still strict: a form opened before a moderator locked the thread is refused with Discord's error.
    await noah.getByRole('button', { name: 'Rename' }).click();
    await noah.locator('input[name="thread-name"]').fill('our-thread');
    await sb.controlSend('PATCH', `threads/${own.id}`, { locked: true });
    await noah.locator('.thread-state .badge', { hasText: 'locked' }).waitFor();
    await expectActions(noah, ['leave'], 'renaming and archiving went with the lock');
    assert.equal(await noah.locator('textarea[name="message"]').getAttribute('placeholder'), 'This thread is locked.');
    await noah.getByRole('button', { name: 'Save' }).click();
    await noah.locator('.toast', { hasText: 'Missing Permissions (50013)' }).waitFor();
    const after = (await sb.control<EmuThread[]>(`channels/${cast.channels.general}/threads`)).find((t) => t.id === own.id);
    assert.equal(after?.name, 'noah-and-lea', 'the emulator refused the rename');
    for (const tab of [mia, sam, noah, lea]) await tab.close();
  });

  it('as staff: claim the ticket, rename it with /ticket rename, close it with a reason; the member sees it closed', async () => {
    assert.ok(ticketId, 'needs the ticket of the earlier test');
    const ticket = (await threadsOf(cast.channels.tickets!)).find((t) => t.id === ticketId)!;
    const mia = await openAs(browser, sb.url, 'mia', 'tickets');
    await goTo(mia, ticket.name);
    const sam = await openAs(browser, sb.url, 'sam', 'tickets');
    await goTo(sam, ticket.name);

    // Claim: the bot edits the card in its answer to the click.
    const card = message(sam, 'thanks for opening a ticket');
    await card.getByRole('button', { name: 'Claim' }).click();
    await card.locator('.md-subtext', { hasText: 'Claimed by' }).locator(`.mention[data-mention-user="${cast.ids.sam}"]`).waitFor();
    await card.getByRole('button', { name: 'Unclaim' }).waitFor();
    const update = (await requests()).filter((r) => r.route === 'POST /interactions/:id/:id/callback' && r.body.type === 7).at(-1);
    assert.ok(update, 'the card was edited in the answer to the click (UPDATE_MESSAGE)');
    const stored = (await messagesIn(ticketId))[0]!;
    assert.match(stored.content, new RegExp(`\\n\\n-# Claimed by <@${cast.ids.sam}>$`));
    assert.deepEqual(stored.components?.[0]?.components?.map((c) => c.label), ['Close', 'Unclaim']);
    // The member's page follows.
    await message(mia, 'thanks for opening a ticket').locator('.md-subtext', { hasText: 'Claimed by @Sam' }).waitFor();

    // /ticket rename from the palette, inside the ticket.
    await slash(sam, '/ticket rename', { name: 'order-4411' });
    await ephemeral(sam, 'The ticket is now called order-4411.').waitFor();
    await sam.locator('.messages[data-loaded-channel="order-4411"]').waitFor();
    const rename = (await requests()).filter((r) => r.method === 'PATCH' && r.path === `/channels/${ticketId}`).at(-1)!;
    assert.deepEqual(rename.body, { name: 'order-4411' });
    assert.equal(rename.status, 200);
    assert.equal(rename.auditLogReason, 'Ticket renamed by sam');
    await mia.locator('.messages[data-loaded-channel="order-4411"]').waitFor();

    // Close: the form with its optional reason, filled.
    await message(sam, 'thanks for opening a ticket').getByRole('button', { name: 'Close' }).click();
    const dialog = sam.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('.modal-label').first().innerText(), 'Reason (optional)');
    await dialog.locator('textarea[name="reason"]').fill('The replacement cup is on its way.');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ephemeral(sam, 'The ticket is closed.').waitFor();
    const closed = await eventually('the ticket archived and locked', async () => {
      const t = (await threadsOf(cast.channels.tickets!)).find((x) => x.id === ticketId);
      return t?.thread_metadata.archived && t.thread_metadata.locked ? t : undefined;
    });
    assert.equal(closed.name, 'order-4411');
    const archive = (await requests()).filter((r) => r.method === 'PATCH' && r.path === `/channels/${ticketId}`).at(-1)!;
    assert.deepEqual(archive.body, { archived: true, locked: true }, 'the bot has Manage Threads in #tickets, so it locks too');
    assert.equal(archive.auditLogReason, 'Ticket closed by sam');
    const notice = (await messagesIn(ticketId)).at(-1)!;
    assert.equal(notice.author.id, await botId());
    assert.equal(notice.content, `<@${cast.ids.sam}> closed this ticket.\nReason: The replacement cup is on its way.`);

    // The member sees it closed, live: the notice, the state, no way to write or act.
    await message(mia, 'closed this ticket').locator('.content', { hasText: 'Reason: The replacement cup is on its way.' }).waitFor();
    await mia.locator('.thread-state .badge', { hasText: 'archived' }).waitFor();
    await mia.locator('.thread-state .badge', { hasText: 'locked' }).waitFor();
    await channelLink(mia, 'order-4411').locator('.badge', { hasText: 'locked' }).waitFor();
    await expectActions(mia, [], 'nothing to do on a closed ticket for its owner');
    const box = mia.locator('textarea[name="message"]');
    assert.equal(await box.isDisabled(), true);
    assert.equal(await box.getAttribute('placeholder'), 'This thread is locked.');
    // Staff may still reopen it from the thread's header.
    await expectActions(sam, ['unarchive']);
    await mia.close();
    await sam.close();
  });

  it('as a member: leaving the ticket closes it; staff rename it from the thread header', async () => {
    const page = await openAs(browser, sb.url, 'lea', 'support');
    await message(page, 'Need a hand?').getByRole('button', { name: 'Create Ticket' }).click();
    await ephemeral(page, 'Your ticket is ready').waitFor();
    const thread = await eventually('Lea\'s ticket', async () => (await threadsOf(cast.channels.tickets!)).find((t) => t.id !== ticketId));
    await eventually('Lea in her ticket', async () => (await threadMembers(thread.id)).includes(cast.ids.lea!));
    await channelLink(page, thread.name).waitFor();
    await goTo(page, thread.name);
    assert.equal(await page.getByRole('button', { name: 'Rename' }).count(), 0, 'the owner may not rename the thread');

    const staff = await openAs(browser, sb.url, 'sam', 'tickets');
    await goTo(staff, thread.name);
    await staff.getByRole('button', { name: 'Rename' }).click();
    await staff.locator('input[name="thread-name"]').fill('order-5120');
    await staff.getByRole('button', { name: 'Save' }).click();
    await staff.locator('.messages[data-loaded-channel="order-5120"]').waitFor();
    assert.equal((await threadsOf(cast.channels.tickets!)).find((t) => t.id === thread.id)?.name, 'order-5120');
    // The owner's page follows without reloading.
    await page.locator('.messages[data-loaded-channel="order-5120"]').waitFor();

    await page.getByRole('button', { name: 'Leave thread' }).click();
    await eventually('the ticket archived and locked by the bot', async () => {
      const t = (await threadsOf(cast.channels.tickets!)).find((x) => x.id === thread.id);
      return t?.thread_metadata.archived && t.thread_metadata.locked;
    });
    assert.ok(!(await threadMembers(thread.id)).includes(cast.ids.lea!));
    // Lea can no longer see the ticket; the staff member sees the bot's notice.
    await channelLink(page, 'order-5120').waitFor({ state: 'detached' });
    await message(staff, 'left this ticket').waitFor();
    await staff.locator('.thread-state .badge', { hasText: 'locked' }).waitFor();
    await page.close();
    await staff.close();
  });

  it('a modal exactly as the bot sent it: /inbox new-tickets starter', async () => {
    const page = await openAs(browser, sb.url, 'alex', 'staff-room');
    await slash(page, '/inbox new-tickets starter');
    await ephemeral(page, 'Select this message').waitFor();
    await goTo(page, 'support');
    // Earlier tests opened modals too (closing a ticket): this one is the first after these.
    const modals = (all: EmuRequest[]) => all.filter((r) => r.route === 'POST /interactions/:id/:id/callback' && r.body.type === 9);
    const earlier = modals(await requests()).length;
    await messageCommand(page, message(page, 'Need a hand?'), 'Select this message');

    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const sent = await eventually('the modal in the bot\'s callback', async () => modals(await requests())[earlier]);
    // A Label (type 18) holding the input, or an older action row (type 1) of one input: whichever the bot sent.
    const outer = sent.body.data!.components![0]!;
    const input = (outer.type === 18 ? outer.component : outer.components?.[0])!;
    assert.equal(input.type, 4);
    assert.equal(await dialog.locator('.modal-label').first().innerText(), `${outer.type === 18 ? outer.label : input.label}${input.required === false ? '' : ' *'}`);
    const textarea = dialog.locator(`textarea[name="${input.custom_id}"]`);
    assert.equal(await textarea.inputValue(), input.value ?? '');
    assert.equal(await textarea.getAttribute('maxlength'), String(input.max_length));

    await textarea.fill('Hello $author, $staff will be right with you.');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ephemeral(page, 'will start with the new message').waitFor();
    const submitted = await eventually('the modal submit answered', async () => {
      const all = await requests();
      const callback = all.filter((r) => r.route === 'POST /interactions/:id/:id/callback').at(-1);
      if (!callback) return undefined;
      const id = callback.path.split('/')[2];
      const described = await sb.control<{ payload: { type: number; data: { components: Array<{ component?: { value?: string }; components?: Array<{ value?: string }> }> } } }>(`interactions/${id}`);
      return described.payload.type === 5 ? described : undefined;
    });
    const row = submitted.payload.data.components[0];
    assert.equal((row?.component ?? row?.components?.[0])?.value, 'Hello $author, $staff will be right with you.');
    await page.close();
  });

  it('a mentionable select preset to the staff: /inbox staff', async () => {
    const page = await openAs(browser, sb.url, 'alex', 'staff-room');
    await slash(page, '/inbox staff');
    await ephemeral(page, 'Select this message').waitFor();
    await goTo(page, 'support');
    await messageCommand(page, message(page, 'Need a hand?'), 'Select this message');
    const prompt = ephemeral(page, 'Choose who is added to every new ticket');
    await prompt.waitFor();
    const select = prompt.locator('.select');
    assert.equal(await select.locator('.select-value').innerText(), '@Staff', 'preset to the current staff');

    await pick(select, ['Alex']);
    await ephemeral(page, 'Staff updated: 1 added, 0 removed.').waitFor();
    const all = await requests();
    const callback = all.filter((r) => r.route === 'POST /interactions/:id/:id/callback').at(-1)!;
    const described = await sb.control<{ payload: { type: number; data: { component_type: number; values: string[] } } }>(`interactions/${callback.path.split('/')[2]}`);
    assert.equal(described.payload.data.component_type, 7);
    assert.deepEqual([...described.payload.data.values].sort(), [cast.ids.alex!, await staffRoleId(page)].sort());
    await page.close();
  });

  it('topics and a form: the admin adds a topic with a question, a member fills the form and the answers land in the ticket', async () => {
    const admin = await openAs(browser, sb.url, 'alex', 'staff-room');
    await slash(admin, '/inbox topics');
    await ephemeral(admin, 'Select this message').waitFor();
    await goTo(admin, 'support');
    await messageCommand(admin, message(admin, 'Need a hand?'), 'Select this message');
    const manager = ephemeral(admin, 'Topics of');
    await manager.waitFor();
    await manager.getByRole('button', { name: 'Add a topic' }).click();
    let dialog = admin.getByRole('dialog');
    await dialog.locator('[name="label"]').fill('Order question');
    await dialog.locator('[name="emoji"]').fill('📦');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    const topic = ephemeral(admin, 'Topic 📦 Order question');
    await topic.waitFor();
    await topic.getByRole('button', { name: 'Form' }).click();
    const form = ephemeral(admin, 'Form of 📦 Order question');
    await form.waitFor();
    await form.getByRole('button', { name: 'Add short text' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.locator('[name="question"]').fill('Order number');
    await dialog.locator('[name="min-length"]').fill('4');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ephemeral(admin, 'Added the question "Order number"').waitFor();
    await admin.close();

    // The inbox message now carries two buttons: its own, and the topic.
    const inboxMessage = (await messagesIn(cast.channels.support!)).find((m) => m.embeds[0]?.description?.includes('Need a hand?'))!;
    assert.deepEqual(inboxMessage.components?.[0]?.components?.map((c) => c.label), ['Create Ticket', 'Order question']);

    const page = await openAs(browser, sb.url, 'noah', 'support');
    await message(page, 'Need a hand?').getByRole('button', { name: 'Order question' }).click();
    dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('.modal-label').first().innerText(), 'Order number *');
    const answer = dialog.locator('[name^="answer:"]');
    await answer.fill('#4411 for @everyone');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ephemeral(page, 'Your ticket is ready').waitFor();

    const thread = await eventually("Noah's ticket", async () => {
      for (const t of await threadsOf(cast.channels.tickets!)) {
        if (!t.thread_metadata.archived && (await threadMembers(t.id)).includes(cast.ids.noah!)) return t;
      }
      return undefined;
    });
    const history = await eventually('the card and the answers', async () => {
      const list = await messagesIn(thread.id);
      return list.length >= 2 ? list : undefined;
    });
    const answers = history.find((m) => m.content.startsWith('Answers to the form'))!;
    assert.equal(answers.content, 'Answers to the form "Order question"\n\n**Order number**\n> \\#4411 for \\@everyone');
    await page.locator('.channel-list').getByText(thread.name).click();
    await message(page, 'Answers to the form').waitFor();
    assert.equal(await message(page, 'Answers to the form').locator('.mention').count(), 0, 'nobody is mentioned');
    await page.close();
  });

  it('switching people changes what the page shows; commands follow the person\'s permissions and language', async () => {
    const page = await openAs(browser, sb.url, 'mia', 'welcome');
    assert.equal(await channelLink(page, 'staff-room').count(), 0, 'members do not see #staff-room');
    // #welcome is read-only for members; the Commands button still opens the palette.
    await page.getByRole('button', { name: 'Commands' }).click();
    // /ticket is for everyone (the bot decides who may do what); /inbox needs Manage Server.
    await page.locator('.palette-item .command-title', { hasText: '/ticket close' }).waitFor();
    const titles = await page.locator('.palette-item .command-title').allInnerTexts();
    assert.ok(titles.length > 0 && titles.every((title) => title.startsWith('/ticket ')), titles.join(', '));
    await switchTo(page, 'Alex');
    await channelLink(page, 'staff-room').waitFor();
    await goTo(page, 'staff-room');
    await page.locator('select[name="language"]').selectOption('de');
    await page.locator('textarea[name="message"]').fill('/');
    await page.locator('.palette-item .command-title', { hasText: '/postfach erstellen' }).waitFor();
    await page.close();
  });
});

/** Waits until the page offers exactly these thread actions, in its order (Members, always there, left out): live updates take a moment. */
async function expectActions(page: Page, expected: string[], message?: string): Promise<void> {
  let shown: string[] = [];
  try {
    await eventually('the thread actions', async () => {
      shown = await page.locator('.thread-actions button[data-action]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action') ?? ''));
      return JSON.stringify(shown) === JSON.stringify(expected);
    });
  } catch {
    assert.deepEqual(shown, expected, message);
  }
}

async function botId(): Promise<string> {
  const world = await (await fetch(new URL(`_sandbox/world?as=${cast.ids.olivia}`, sb.url))).json() as { botId: string };
  return world.botId;
}

async function staffRoleId(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const people = (await (await fetch('/_sandbox/people')).json()) as { people: Array<{ id: string }> };
    const world = (await (await fetch(`/_sandbox/world?as=${people.people[0]!.id}`)).json()) as { roles: Array<{ id: string; name: string }> };
    return world.roles.find((r) => r.name === 'Staff')!.id;
  });
}
