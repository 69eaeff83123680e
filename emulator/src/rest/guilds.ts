/** Read-only guild routes ("Guild — Get Guild", "Get Guild Channels", "Get Guild Roles", "Get Guild Member"). */

import { isThreadType } from '../state.ts';
import type { RequestContext } from './router.ts';
import { Errors } from './errors.ts';
import { json, type RouteDef } from './router.ts';

function guildFor(ctx: RequestContext): string {
  const world = ctx.core.world;
  const guildId = ctx.params.guild_id ?? '';
  if (!world.getGuild(guildId)) throw Errors.unknownGuild();
  if (!world.isBotInGuild(guildId)) throw Errors.missingAccess();
  return guildId;
}

export const guildRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guild_id',
    handler: (ctx) => {
      const guildId = guildFor(ctx);
      const guild: Record<string, unknown> = { ...ctx.core.world.guildObject(guildId) };
      if (['true', '1', 'True'].includes(ctx.query.get('with_counts') ?? '')) {
        const g = ctx.core.world.requireGuild(guildId);
        guild.approximate_member_count = g.members.size;
        guild.approximate_presence_count = [...g.members.keys()].filter((id) => {
          const s = ctx.core.world.presences.get(id);
          return s !== undefined && s !== 'offline';
        }).length;
      }
      return json(guild);
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/channels',
    handler: (ctx) => {
      const guildId = guildFor(ctx);
      const world = ctx.core.world;
      const channels = world.requireGuild(guildId).channelIds
        .map((id) => world.getChannel(id))
        .filter((c) => c !== undefined && !isThreadType(c.type))
        .map((c) => world.channelObject(c!.id));
      return json(channels);
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/roles',
    handler: (ctx) => json(ctx.core.world.rolesOf(guildFor(ctx))),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild_id/members/:user_id',
    handler: (ctx) => {
      const guildId = guildFor(ctx);
      const userId = ctx.params.user_id ?? '';
      if (!ctx.core.world.getMember(guildId, userId)) throw Errors.unknownMember();
      return json(ctx.core.world.memberObject(guildId, userId));
    },
  },
];
