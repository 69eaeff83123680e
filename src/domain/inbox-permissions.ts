// What the bot needs where, for an inbox to work, and what it lacks. Pure: the caller
// supplies the bot's computed permissions per channel (see permissions.ts).
import { missingPermissions, type PermissionName } from './permissions.ts';

/** Posting the inbox message. */
export const INBOX_CHANNEL_NEEDS: readonly PermissionName[] = ['ViewChannel', 'SendMessages'];
/** Opening tickets: a private thread, then the starter message in it. */
export const DESTINATION_NEEDS: readonly PermissionName[] = ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads'];

export interface ChannelNeeds {
  channelId: string;
  required: PermissionName[];
}

function merge(a: readonly PermissionName[], b: readonly PermissionName[]): PermissionName[] {
  return [...new Set([...a, ...b])];
}

/**
 * The checks for an inbox in `channelId` opening tickets in `destinationId` (null: the
 * same channel). One entry per channel; the inbox channel comes first.
 */
export function inboxNeeds(channelId: string, destinationId: string | null, inboxChannel: readonly PermissionName[] = INBOX_CHANNEL_NEEDS): ChannelNeeds[] {
  if (destinationId === null || destinationId === channelId) {
    return [{ channelId, required: merge(inboxChannel, DESTINATION_NEEDS) }];
  }
  return [
    { channelId, required: [...inboxChannel] },
    { channelId: destinationId, required: [...DESTINATION_NEEDS] },
  ];
}

/**
 * Writing a copied message: embeds need Embed Links (Discord drops them silently
 * without it) and re-uploaded files need Attach Files. A new message also needs Send
 * Messages; editing the bot's own message does not.
 */
export function copyNeeds(opts: { hasFiles: boolean; editing: boolean }): PermissionName[] {
  const needs: PermissionName[] = ['ViewChannel'];
  if (!opts.editing) needs.push('SendMessages');
  needs.push('EmbedLinks');
  if (opts.hasFiles) needs.push('AttachFiles');
  return needs;
}

export interface Shortfall {
  channelId: string;
  missing: PermissionName[];
}

/**
 * The first channel where the bot lacks something, with everything it lacks there.
 * Unknown permissions (null: a channel the bot has not seen) count as none at all.
 */
export function firstShortfall(needs: readonly ChannelNeeds[], permissionsIn: (channelId: string) => bigint | null): Shortfall | null {
  for (const need of needs) {
    const missing = missingPermissions(permissionsIn(need.channelId) ?? 0n, need.required);
    if (missing.length > 0) return { channelId: need.channelId, missing };
  }
  return null;
}

/** The Fluent id naming a permission, e.g. CreatePrivateThreads → permission-create-private-threads. */
export function permissionMessageId(name: PermissionName): string {
  return `permission-${name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase())}`;
}
