// GUILD_MEMBER_REMOVE: a member who left (or was kicked or banned) has each of their
// open tickets in that guild closed (SPEC §8). Needs the members intent.
import type { GatewayGuildMemberRemoveDispatchData } from 'discord-api-types/v10';
import { isActiveTicket } from '../../domain/tickets.ts';
import { ticketsOfOwnerInGuild } from '../../store/tickets.ts';
import { closeForOwner } from '../ticket/actions.ts';
import type { Deps } from '../deps.ts';

export async function onGuildMemberRemove(deps: Deps, data: GatewayGuildMemberRemoveDispatchData): Promise<void> {
  if (data.user.id === deps.state.botUserId) return;
  const threads = deps.state.guilds.get(data.guild_id)?.threads;
  const open = (await ticketsOfOwnerInGuild(deps.store.db, data.guild_id, data.user.id)).filter((t) => isActiveTicket(threads?.get(t.id), t.archived));
  const log = deps.logger.child('tickets');
  await Promise.all(
    open.map((t) =>
      closeForOwner(deps, data.guild_id, t.id, 'server').catch((error: unknown) => {
        log.warn('Could not close the ticket of a member who left', { ticket: t.id, err: error });
      }),
    ),
  );
}
