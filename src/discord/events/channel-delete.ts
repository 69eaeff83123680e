// CHANNEL_DELETE and THREAD_DELETE: the rows that hang off the channel go with it
// (inboxes posted there, tickets in it). A deleted channel takes its threads along
// without a THREAD_DELETE for each, so tickets are also looked up by their parent.
import type { GatewayChannelDeleteDispatchData, GatewayThreadDeleteDispatchData } from 'discord-api-types/v10';
import { deleteChannels } from '../../store/guilds.ts';
import { ticketIdsInParents } from '../../store/tickets.ts';
import type { Deps } from '../deps.ts';
import { writeWhenFree } from '../patient-write.ts';

export async function onChannelDelete(deps: Deps, data: GatewayChannelDeleteDispatchData): Promise<void> {
  const db = deps.store.db;
  const ids = [data.id, ...(await ticketIdsInParents(db, [data.id]))];
  const gone = await writeWhenFree(deps, () => deleteChannels(db, ids));
  if (gone > 0) deps.logger.child('tickets').debug(`Channel ${data.id} was deleted; forgot ${gone} channel rows.`);
}

export async function onThreadDelete(deps: Deps, data: GatewayThreadDeleteDispatchData): Promise<void> {
  await writeWhenFree(deps, () => deleteChannels(deps.store.db, [data.id]));
}
