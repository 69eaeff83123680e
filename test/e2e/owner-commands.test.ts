// The owner-only text commands (`@bot sync`, `@bot reload-config`) against the emulator:
// who counts as an owner when a team owns the application, and plain answers for a server
// id that is not one or a synchronisation Discord refuses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { buildTicketWorld, startTicketBot, until, type InProcessBot, type TicketWorld } from './ticket-fixture.ts';

describe('owner text commands', () => {
  let emu: Emulator;
  let w: TicketWorld;
  let b: InProcessBot;
  const people: Record<string, string> = {};

  before(async () => {
    emu = await startEmulator();
    w = buildTicketWorld(emu);
    for (const name of ['admin', 'developer', 'readOnly', 'invited']) {
      const user = emu.createUser({ username: name });
      emu.addMember(w.guildId, user.id);
      people[name] = user.id;
    }
    emu.setTeam([
      { userId: people.admin!, role: 'admin' },
      { userId: people.developer!, role: 'developer' },
      { userId: people.readOnly!, role: 'read_only' },
      { userId: people.invited!, role: 'admin', membershipState: 1 },
    ]);
    b = await startTicketBot(emu);
  });
  after(async () => {
    await b?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const bot = () => emu.botUser.id;
  /** Posts `@bot <text>` as `authorId`; resolves with the bot's reply to it, or null when none came by the time a later message was answered. */
  async function ask(authorId: string, text: string): Promise<string> {
    const message = emu.createMessage(w.supportId, authorId, { content: `<@${bot()}> ${text}` });
    const reply = await until(`a reply to ${JSON.stringify(text)}`, () =>
      emu.messages(w.supportId).find((m) => m.author.id === bot() && m.message_reference?.message_id === message.id),
    );
    return reply.content;
  }
  const replyTo = (messageId: string) => emu.messages(w.supportId).find((m) => m.author.id === bot() && m.message_reference?.message_id === messageId);

  test("a team's owner and its admins and developers who accepted are owners; read-only members and invitations are not", async () => {
    assert.deepEqual(b.bot.deps.app.ownerIds, [emu.application.ownerId, people.admin, people.developer]);
    const ignored = [people.readOnly!, people.invited!].map((id) => emu.createMessage(w.supportId, id, { content: `<@${bot()}> reload-config` }));
    for (const id of [emu.application.ownerId, people.admin!, people.developer!]) {
      assert.equal(await ask(id, 'reload-config'), 'The configuration file has been reloaded.');
    }
    // Messages are handled in order: the answers above came after these were read.
    for (const m of ignored) assert.equal(replyTo(m.id), undefined, 'no answer to a member who is not an owner');
  });

  test('sync with something that is not a server id, or a server Discord refuses, is answered plainly', async () => {
    const owner = emu.application.ownerId;
    const puts = () => emu.requests.filter((r) => r.method === 'PUT' && /\/commands$/.test(r.path)).length;
    const before = puts();
    for (const arg of ['18446744073709551616', '99999999999999999999', 'abc', '0x10']) {
      assert.equal(
        await ask(owner, `sync ${arg}`),
        `${arg} is not a server id. Write \`sync\` alone to register the commands everywhere, or follow it with the id of a server (right-click the server, then Copy Server ID).`,
      );
    }
    assert.equal(puts(), before, 'nothing was sent to Discord');
    // A real id of a server the bot is not in: Discord refuses, and the owner is told.
    const elsewhere = emu.createGuild({ name: 'Elsewhere', botMember: false });
    const refused = await ask(owner, `sync ${elsewhere.id}`);
    assert.match(refused, new RegExp(`^Discord refused to register the commands for server ${elsewhere.id} \\(\\d{3}: [^)]+\\)\\. The bot's log has the details\\.$`));
    assert.match(await ask(owner, `sync ${w.guildId}`), /^Synchronised 0 commands to server/);
  });
});
