// The Discord objects other rows hang off: guilds, channels, messages, users, members.
// Rows are created on first use and deleted when Discord says the object is gone;
// foreign keys cascade from there (a deleted message takes its inbox with it, a deleted
// channel its ticket).
import { chunks, prepared, type Db } from './db.ts';
import { fromDb, toDb } from './ids.ts';
import { atomic } from './write.ts';

const insertGuild = prepared((q, $) => q.insertInto('guild').values({ id: $(0) }).onConflict((oc) => oc.doNothing()));
const insertUser = prepared((q, $) => q.insertInto('user').values({ id: $(0) }).onConflict((oc) => oc.doNothing()));
const insertMember = prepared((q, $) => q.insertInto('member').values({ guild_id: $(0), user_id: $(1) }).onConflict((oc) => oc.doNothing()));
const insertChannel = prepared((q, $) => q.insertInto('channel').values({ id: $(0), guild_id: $(1) }).onConflict((oc) => oc.doNothing()));
const insertMessage = prepared((q, $) => q.insertInto('message').values({ id: $(0), channel_id: $(1) }).onConflict((oc) => oc.doNothing()));

export async function ensureGuild(db: Db, guildId: string): Promise<void> {
  await insertGuild(db, toDb(guildId));
}

export async function ensureUser(db: Db, userId: string): Promise<void> {
  await insertUser(db, toDb(userId));
}

/** Also ensures the guild and the user. */
export async function ensureMember(db: Db, guildId: string, userId: string): Promise<void> {
  await atomic(db, async (tx) => {
    await ensureGuild(tx, guildId);
    await ensureUser(tx, userId);
    await insertMember(tx, toDb(guildId), toDb(userId));
  });
}

/** Also ensures the guild when one is given (null for a DM channel). */
export async function ensureChannel(db: Db, channelId: string, guildId: string | null): Promise<void> {
  if (guildId === null) {
    await insertChannel(db, toDb(channelId), null);
    return;
  }
  await atomic(db, async (tx) => {
    await ensureGuild(tx, guildId);
    await insertChannel(tx, toDb(channelId), toDb(guildId));
  });
}

/** Also ensures the channel and, when given, its guild. */
export async function ensureMessage(db: Db, messageId: string, channelId: string, guildId: string | null): Promise<void> {
  await atomic(db, async (tx) => {
    await ensureChannel(tx, channelId, guildId);
    await insertMessage(tx, toDb(messageId), toDb(channelId));
  });
}

/** Every guild with rows. */
export async function storedGuildIds(db: Db): Promise<string[]> {
  const rows = await db.q.selectFrom('guild').select('id').execute();
  return rows.map((r) => fromDb(r.id));
}

/** Deletes rows of `table` by id, in chunks; returns how many existed. */
async function deleteByIds(db: Db, table: 'guild' | 'channel' | 'message', ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const values = ids.map(toDb);
  return atomic(db, async (tx) => {
    let deleted = 0;
    for (const part of chunks(values)) {
      const result = await tx.q.deleteFrom(table).where('id', 'in', part).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  });
}

/** Deletes the guilds (the bot left them), with all their rows. Returns how many existed. */
export function forgetGuilds(db: Db, guildIds: readonly string[]): Promise<number> {
  return deleteByIds(db, 'guild', guildIds);
}

/** Returns how many of the channels existed. */
export function deleteChannels(db: Db, channelIds: readonly string[]): Promise<number> {
  return deleteByIds(db, 'channel', channelIds);
}

/** Returns how many of the messages existed. */
export function deleteMessages(db: Db, messageIds: readonly string[]): Promise<number> {
  return deleteByIds(db, 'message', messageIds);
}
