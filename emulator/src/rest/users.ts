/** "User — Get Current User", "Get User", "Create DM"; "Application — Get Current Application"; "OAuth2 — Get Current Bot Application Information". */

import { applicationFlagsFor } from '../intents.ts';
import { Errors, FormErrors } from './errors.ts';
import { json, type Core, type RouteDef, type RouteResponse } from './router.ts';

export const userRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/users/@me',
    handler: (ctx) => {
      const bot = ctx.core.world.botUser;
      return json({ ...bot, bot: true, mfa_enabled: false, locale: 'en-US', verified: true, email: null, premium_type: 0 });
    },
  },
  {
    method: 'GET',
    pattern: '/users/:user_id',
    handler: (ctx) => {
      const user = ctx.core.world.getUser(ctx.params.user_id ?? '');
      if (!user) throw Errors.unknownUser();
      return json(user);
    },
  },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    handler: (ctx) => {
      const body = ctx.body as { recipient_id?: unknown } | null;
      const recipient = body && typeof body === 'object' ? body.recipient_id : undefined;
      if (typeof recipient !== 'string') {
        const errors = new FormErrors();
        errors.add(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        throw errors.toApiError();
      }
      if (!ctx.core.world.users.has(recipient)) throw Errors.unknownUser();
      return json(ctx.core.world.dmChannel(recipient));
    },
  },
  { method: 'GET', pattern: '/applications/@me', handler: (ctx) => currentApplication(ctx.core) },
  // "OAuth2 — Get Current Bot Application Information": the bot's application object, the
  // same as Get Current Application (discord.py reads it at login).
  { method: 'GET', pattern: '/oauth2/applications/@me', handler: (ctx) => currentApplication(ctx.core) },
];

function currentApplication(core: Core): RouteResponse {
  const world = core.world;
  const guilds = world.botGuilds().length;
  return json({
    id: world.applicationId,
    name: world.applicationName,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot: { ...world.botUser, bot: true },
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: world.verifyKey,
    flags: applicationFlagsFor(core.privilegedIntents(), world.hasGlobalCommands()),
    owner: { ...world.owner },
    team: null,
    approximate_guild_count: guilds,
    approximate_user_install_count: 0,
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    event_webhooks_url: null,
    event_webhooks_status: 1,
    tags: [],
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
    integration_types_config: { '0': { oauth2_install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' } } },
    hook: true,
    is_monetized: false,
    is_verified: false,
    is_discoverable: false,
  });
}
