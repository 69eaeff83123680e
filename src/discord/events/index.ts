// Gateway events the bot reacts to, listed explicitly: the tree is the index.
import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Deps } from '../deps.ts';
import { handlers } from '../interactions.ts';
import { routeInteraction } from '../router.ts';
import { onMessageCreate } from './message-create.ts';
import { onChannelDelete, onThreadDelete } from './channel-delete.ts';
import { onGuildMemberRemove } from './guild-member-remove.ts';
import { onMessageDelete, onMessageDeleteBulk } from './message-delete.ts';
import { onThreadMembersUpdate } from './thread-members-update.ts';
import { onThreadUpdate } from './thread-update.ts';

export async function handleEvent(deps: Deps, payload: GatewayDispatchPayload): Promise<void> {
  switch (payload.t) {
    case GatewayDispatchEvents.MessageCreate:
      return onMessageCreate(deps, payload.d);
    case GatewayDispatchEvents.InteractionCreate:
      return routeInteraction(deps, handlers, payload.d);
    case GatewayDispatchEvents.ThreadMembersUpdate:
      return onThreadMembersUpdate(deps, payload.d);
    case GatewayDispatchEvents.GuildMemberRemove:
      return onGuildMemberRemove(deps, payload.d);
    case GatewayDispatchEvents.ThreadUpdate:
      return onThreadUpdate(deps, payload.d);
    case GatewayDispatchEvents.ChannelDelete:
      return onChannelDelete(deps, payload.d);
    case GatewayDispatchEvents.ThreadDelete:
      return onThreadDelete(deps, payload.d);
    case GatewayDispatchEvents.MessageDelete:
      return onMessageDelete(deps, payload.d);
    case GatewayDispatchEvents.MessageDeleteBulk:
      return onMessageDeleteBulk(deps, payload.d);
    default:
      return;
  }
}
