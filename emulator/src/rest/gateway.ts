/** "Gateway — Get Gateway" and "Gateway — Get Gateway Bot". */

import { json, type RouteDef } from './router.ts';

export const gatewayRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/gateway',
    auth: false,
    handler: (ctx) => json({ url: ctx.core.gatewayUrl() }),
  },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    handler: (ctx) =>
      json({
        url: ctx.core.gatewayUrl(),
        // Recomputed on every call: "changes as the bot joins/leaves guilds".
        shards: ctx.core.gateway.recommendedShards(),
        session_start_limit: ctx.core.gateway.sessionStartLimit(),
      }),
  },
];
