// Whether an inbox can work, from what Discord says about its server: its channel and
// message still there, the bot's permissions in the channel and in the destination where
// tickets open. Pure: doctor.ts fetches the server and hands it over.
import { DESTINATION_NEEDS, INBOX_CHANNEL_NEEDS } from '../domain/inbox-permissions.ts';
import { channelPermissions, missingPermissions, Permission, type Overwrite, type PermissionName } from '../domain/permissions.ts';
import type { Check } from './report.ts';

/** Channel types (Discord's Channel Types table). */
const GUILD_TEXT = 0;

export interface ChannelSnapshot {
  id: string;
  name: string;
  type: number;
  overwrites: Overwrite[];
}

/** One server as the bot sees it through REST. */
export interface GuildSnapshot {
  id: string;
  name: string;
  ownerId: string;
  /** Role id → permissions, @everyone (id = guild id) included. */
  rolePermissions: ReadonlyMap<string, bigint>;
  channels: ReadonlyMap<string, ChannelSnapshot>;
  bot: { userId: string; roleIds: readonly string[]; timedOut: boolean };
}

export interface InboxLocation {
  /** The inbox message's id. */
  id: string;
  channelId: string;
  destinationId: string | null;
}

/** Whether the inbox message is still there: 'unknown' when the bot may not read the channel's history. */
export type MessageState = 'present' | 'deleted' | 'unknown';

/** Posting and editing the inbox message: an embed, with the images of the copied message re-uploaded. */
export const INBOX_CHANNEL_REQUIRED: readonly PermissionName[] = [...new Set<PermissionName>([...INBOX_CHANNEL_NEEDS, 'EmbedLinks', 'AttachFiles'])];
export const DESTINATION_REQUIRED: readonly PermissionName[] = DESTINATION_NEEDS;

/** The bot's permissions in a channel of the server; a timed-out member keeps only View Channel and Read Message History. */
export function botPermissionsIn(guild: GuildSnapshot, channel: ChannelSnapshot): bigint {
  const perms = channelPermissions(
    { guildId: guild.id, ownerId: guild.ownerId, rolePermissions: guild.rolePermissions },
    { userId: guild.bot.userId, roleIds: guild.bot.roleIds },
    channel.overwrites,
  );
  if (guild.bot.timedOut && (perms & Permission.Administrator) === 0n) return perms & (Permission.ViewChannel | Permission.ReadMessageHistory);
  return perms;
}

const ALLOW_HELP = 'allow them for the bot (or a role it has) in that channel: Edit Channel → Permissions; or grant them server-wide in Server Settings → Roles';

/** The checks of one inbox; `label` names a permission as Discord's client does. */
export function inboxChecks(guild: GuildSnapshot, inbox: InboxLocation, message: MessageState, label: (name: PermissionName) => string): Check[] {
  const at = { group: 'inboxes' as const, guild: { id: guild.id, name: guild.name }, inbox: inbox.id };
  const list = (names: readonly PermissionName[]): string => names.map(label).join(', ');
  const channel = guild.channels.get(inbox.channelId);
  const what = `Inbox ${inbox.id}`;
  if (!channel) {
    return [{ ...at, status: 'warn', title: `${what}: its channel ${inbox.channelId} was deleted`, fix: 'nothing to do: the bot forgets this inbox at its next start' }];
  }
  const checks: Check[] = [];
  const here = `#${channel.name}`;
  if (message === 'deleted') {
    checks.push({ ...at, status: 'warn', title: `${what} in ${here}: the inbox message was deleted`, fix: 'the bot forgets this inbox at its next start; make a new one with /inbox create' });
  }

  let destination = channel;
  if (inbox.destinationId !== null && inbox.destinationId !== channel.id) {
    const chosen = guild.channels.get(inbox.destinationId);
    if (chosen) destination = chosen;
    else {
      checks.push({
        ...at,
        status: 'warn',
        title: `${what} in ${here}: its destination channel ${inbox.destinationId} was deleted, so tickets open in ${here}`,
        fix: 'choose another destination with /inbox destination',
      });
    }
  }
  const same = destination.id === channel.id;
  const there = `#${destination.name}`;

  const inChannel = botPermissionsIn(guild, channel);
  const inDestination = same ? inChannel : botPermissionsIn(guild, destination);
  const channelRequired = same ? [...new Set([...INBOX_CHANNEL_REQUIRED, ...DESTINATION_REQUIRED])] : INBOX_CHANNEL_REQUIRED;
  const channelMissing = missingPermissions(inChannel, channelRequired);
  if (channelMissing.length > 0) {
    checks.push({ ...at, status: 'fail', title: `${here} (${what.toLowerCase()}): the bot lacks ${list(channelMissing)}`, fix: ALLOW_HELP });
  }
  if (!same) {
    const destinationMissing = missingPermissions(inDestination, DESTINATION_REQUIRED);
    if (destinationMissing.length > 0) {
      checks.push({ ...at, status: 'fail', title: `${there} (where ${what.toLowerCase()} opens tickets): the bot lacks ${list(destinationMissing)}`, fix: ALLOW_HELP });
    }
  }
  if (destination.type !== GUILD_TEXT) {
    checks.push({
      ...at,
      status: 'fail',
      title: `${there} is not a text channel: tickets are private threads, which only text channels have`,
      fix: 'pick a text channel for the tickets with /inbox destination',
    });
  }

  // Missing View Channel is reported above already; history only matters where the bot can look.
  const lacksHistory = (perms: bigint): boolean => (perms & Permission.ViewChannel) !== 0n && (perms & Permission.ReadMessageHistory) === 0n;
  const withoutHistory = [
    ...(lacksHistory(inChannel) ? [channel] : []),
    ...(!same && lacksHistory(inDestination) ? [destination] : []),
  ];
  if (withoutHistory.length > 0) {
    checks.push({
      ...at,
      status: 'warn',
      title: `${withoutHistory.map((c) => `#${c.name}`).join(' and ')}: no ${label('ReadMessageHistory')}, so the catch-up at each start cannot tell whether the inbox message was deleted or a ticket's first message was posted`,
      fix: `allow ${label('ReadMessageHistory')} for the bot there`,
    });
  }
  if ((inDestination & Permission.ViewChannel) !== 0n && (inDestination & Permission.ManageThreads) === 0n) {
    checks.push({
      ...at,
      status: 'warn',
      title: `${there}: no ${label('ManageThreads')} (optional), so the bot cannot lock closed tickets and their members can reopen them by writing`,
      fix: `allow ${label('ManageThreads')} for the bot in ${there} if closed tickets should stay closed`,
    });
  }
  if (!checks.some((c) => c.status === 'fail')) {
    checks.unshift({ ...at, status: 'ok', title: `${what} in ${here}${same ? '' : `, tickets in ${there}`}: every permission it needs` });
  }
  return checks;
}
