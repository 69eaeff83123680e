// THREAD_MEMBERS_UPDATE: when a ticket's owner leaves it or is removed from it, the
// ticket is closed (SPEC §8). Discord sends this for other users only with the members
// intent.
import type { GatewayThreadMembersUpdateDispatchData } from 'discord-api-types/v10';
import { getTicket } from '../../store/tickets.ts';
import { closeForOwner } from '../ticket/actions.ts';
import type { Deps } from '../deps.ts';

export async function onThreadMembersUpdate(deps: Deps, data: GatewayThreadMembersUpdateDispatchData): Promise<void> {
  const removed = data.removed_member_ids ?? [];
  if (removed.length === 0) return;
  const ticket = await getTicket(deps.store.db, data.id);
  if (!ticket?.ownerId || !removed.includes(ticket.ownerId)) return;
  await closeForOwner(deps, data.guild_id, ticket.id, 'thread');
}
