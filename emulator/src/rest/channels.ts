/**
 * Channel and message routes: "Channel — Get Channel", "Messages — Get
 * Channel Messages", "Get Channel Message" and "Create Message".
 */

import { I, redactMessageContent } from '../intents.ts';
import { bulkDeleteMessages, createMessage, editMessage, removeMessage } from '../messages.ts';
import { hasPermission, P } from '../permissions.ts';
import type { Message } from '../types.ts';
import { Errors } from './errors.ts';
import { json, noContent, type RequestContext, type RouteDef } from './router.ts';

/** The bot must be able to see the channel; otherwise "Missing Access". */
function visibleChannel(ctx: RequestContext) {
  const world = ctx.core.world;
  const channel = world.getChannel(ctx.params.channel_id ?? '');
  if (!channel) throw Errors.unknownChannel();
  if (channel.guild_id) {
    if (!world.isBotInGuild(channel.guild_id)) throw Errors.missingAccess();
    if (!world.canView(channel.id, world.botUser.id)) throw Errors.missingAccess();
  }
  return channel;
}

/** HTTP restrictions of MESSAGE_CONTENT ("Gateway — Privileged Intents") follow the portal setting, not IDENTIFY. */
function forApp(ctx: RequestContext, message: Message, guildId: string | undefined): Message {
  const copy = structuredClone(message);
  if ((ctx.core.privilegedIntents() & I.MESSAGE_CONTENT) !== 0) return copy;
  return redactMessageContent(copy, ctx.core.world.botUser.id, guildId !== undefined);
}

export const channelRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/channels/:channel_id',
    handler: (ctx) => {
      const channel = visibleChannel(ctx);
      return json(ctx.core.world.channelObject(channel.id, { forUserId: ctx.core.world.botUser.id }));
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel_id/messages',
    handler: (ctx) => {
      const world = ctx.core.world;
      const channelId = ctx.params.channel_id ?? '';
      const channel = world.getChannel(channelId);
      if (channel?.guild_id && !world.isBotInGuild(channel.guild_id)) throw Errors.missingAccess();
      const message = createMessage(world, {
        channelId,
        authorId: world.botUser.id,
        body: ctx.body,
        files: ctx.files,
        baseUrl: ctx.core.baseUrl(),
      });
      return json(message);
    },
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channel_id/messages/:message_id',
    handler: (ctx) => {
      const channel = visibleChannel(ctx);
      const world = ctx.core.world;
      const message = world.getMessage(channel.id, ctx.params.message_id ?? '');
      if (!message) throw Errors.unknownMessage();
      return json(editMessage(world, message, { editorId: world.botUser.id, body: ctx.body, files: ctx.files, baseUrl: ctx.core.baseUrl() }));
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel_id/messages/:message_id',
    handler: (ctx) => {
      const channel = visibleChannel(ctx);
      const world = ctx.core.world;
      const message = world.getMessage(channel.id, ctx.params.message_id ?? '');
      if (!message) throw Errors.unknownMessage();
      // "Delete Message": others' messages in a guild need MANAGE_MESSAGES.
      if (channel.guild_id && message.author.id !== world.botUser.id &&
          !hasPermission(world.channelPermissions(channel.id, world.botUser.id), P.MANAGE_MESSAGES)) {
        throw Errors.missingPermissions();
      }
      removeMessage(world, message);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel_id/messages/bulk-delete',
    handler: (ctx) => {
      const channel = visibleChannel(ctx);
      const world = ctx.core.world;
      if (!channel.guild_id) throw Errors.missingAccess();
      // "Bulk Delete Messages" requires MANAGE_MESSAGES.
      if (!hasPermission(world.channelPermissions(channel.id, world.botUser.id), P.MANAGE_MESSAGES)) throw Errors.missingPermissions();
      const body = ctx.body as { messages?: unknown } | undefined;
      bulkDeleteMessages(world, channel.id, body?.messages);
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/messages/:message_id',
    handler: (ctx) => {
      const channel = visibleChannel(ctx);
      const world = ctx.core.world;
      if (channel.guild_id && !hasPermission(world.channelPermissions(channel.id, world.botUser.id), P.READ_MESSAGE_HISTORY)) {
        throw Errors.missingPermissions();
      }
      const message = world.getMessage(channel.id, ctx.params.message_id ?? '');
      if (!message) throw Errors.unknownMessage();
      return json(forApp(ctx, message, channel.guild_id));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel_id/messages',
    handler: (ctx) => {
      const channel = visibleChannel(ctx);
      const world = ctx.core.world;
      if (channel.guild_id && !hasPermission(world.channelPermissions(channel.id, world.botUser.id), P.READ_MESSAGE_HISTORY)) {
        return json([]);
      }
      const limitRaw = Number(ctx.query.get('limit') ?? '50');
      const limit = Number.isInteger(limitRaw) ? Math.min(100, Math.max(1, limitRaw)) : 50;
      // Newest first, as Discord returns them.
      let list = world.messagesIn(channel.id).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      const before = ctx.query.get('before');
      const after = ctx.query.get('after');
      const around = ctx.query.get('around');
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before)).slice(0, limit);
      else if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
      else if (around) {
        const older = list.filter((m) => BigInt(m.id) <= BigInt(around));
        const newer = list.filter((m) => BigInt(m.id) > BigInt(around));
        const half = Math.floor(limit / 2);
        list = [...newer.slice(-(limit - Math.min(half, older.length))), ...older.slice(0, Math.max(half, limit - newer.length))].slice(0, limit);
      } else list = list.slice(0, limit);
      return json(list.map((m) => forApp(ctx, m, channel.guild_id)));
    },
  },
];
