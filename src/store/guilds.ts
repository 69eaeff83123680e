// The Discord objects other rows hang off: guilds, channels, messages, users, members.
// Rows are created on first use and deleted when Discord says the object is gone;
// foreign keys cascade from there (a deleted message takes its inbox with it, a deleted
// channel its ticket).
import type Database from 'better-sqlite3-multiple-ciphers';
import { toDb } from './ids.ts';

interface Statements {
  guild: Database.Statement<[bigint]>;
  user: Database.Statement<[bigint]>;
  member: Database.Statement<[bigint, bigint]>;
  channel: Database.Statement<[bigint, bigint | null]>;
  message: Database.Statement<[bigint, bigint]>;
  guildIds: Database.Statement<[]>;
  forgetGuilds: Database.Statement<[string]>;
  deleteChannels: Database.Statement<[string]>;
  deleteMessages: Database.Statement<[string]>;
}

const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      guild: db.prepare('INSERT OR IGNORE INTO guild (id) VALUES (?)'),
      user: db.prepare('INSERT OR IGNORE INTO user (id) VALUES (?)'),
      member: db.prepare('INSERT OR IGNORE INTO member (guild_id, user_id) VALUES (?, ?)'),
      channel: db.prepare('INSERT OR IGNORE INTO channel (id, guild_id) VALUES (?, ?)'),
      message: db.prepare('INSERT OR IGNORE INTO message (id, channel_id) VALUES (?, ?)'),
      // Id lists travel as one JSON array of integers: no limit on the number of
      // parameters, and json_each yields 64-bit integers exactly.
      guildIds: db.prepare('SELECT id FROM guild'),
      forgetGuilds: db.prepare('DELETE FROM guild WHERE id IN (SELECT value FROM json_each(?))'),
      deleteChannels: db.prepare('DELETE FROM channel WHERE id IN (SELECT value FROM json_each(?))'),
      deleteMessages: db.prepare('DELETE FROM message WHERE id IN (SELECT value FROM json_each(?))'),
    };
    cache.set(db, s);
  }
  return s;
}

/** A JSON array of validated ids, written as bare integers. */
function idArray(ids: readonly string[]): string {
  return `[${ids.map((id) => toDb(id).toString()).join(',')}]`;
}

export function ensureGuild(db: Database.Database, guildId: string): void {
  statements(db).guild.run(toDb(guildId));
}

export function ensureUser(db: Database.Database, userId: string): void {
  statements(db).user.run(toDb(userId));
}

/** Also ensures the guild and the user. */
export function ensureMember(db: Database.Database, guildId: string, userId: string): void {
  const s = statements(db);
  db.transaction(() => {
    s.guild.run(toDb(guildId));
    s.user.run(toDb(userId));
    s.member.run(toDb(guildId), toDb(userId));
  })();
}

/** Also ensures the guild when one is given (null for a DM channel). */
export function ensureChannel(db: Database.Database, channelId: string, guildId: string | null): void {
  const s = statements(db);
  db.transaction(() => {
    if (guildId !== null) s.guild.run(toDb(guildId));
    s.channel.run(toDb(channelId), guildId === null ? null : toDb(guildId));
  })();
}

/** Also ensures the channel and, when given, its guild. */
export function ensureMessage(db: Database.Database, messageId: string, channelId: string, guildId: string | null): void {
  db.transaction(() => {
    ensureChannel(db, channelId, guildId);
    statements(db).message.run(toDb(messageId), toDb(channelId));
  })();
}

/** Every guild with rows. */
export function storedGuildIds(db: Database.Database): string[] {
  return (statements(db).guildIds.pluck().all() as bigint[]).map((id) => id.toString());
}

/** Deletes the guilds (the bot left them), with all their rows. Returns how many existed. */
export function forgetGuilds(db: Database.Database, guildIds: readonly string[]): number {
  if (guildIds.length === 0) return 0;
  return statements(db).forgetGuilds.run(idArray(guildIds)).changes;
}

/** Returns how many of the channels existed. */
export function deleteChannels(db: Database.Database, channelIds: readonly string[]): number {
  if (channelIds.length === 0) return 0;
  return statements(db).deleteChannels.run(idArray(channelIds)).changes;
}

/** Returns how many of the messages existed. */
export function deleteMessages(db: Database.Database, messageIds: readonly string[]): number {
  if (messageIds.length === 0) return 0;
  return statements(db).deleteMessages.run(idArray(messageIds)).changes;
}
