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

/** "User — User Flags": TEAM_PSEUDO_USER, the user a team-owned application names as its owner. */
const TEAM_PSEUDO_USER = 1 << 10;

/**
 * "Teams — Team Object" and "Team Member Object" for a team-owned application. The docs do
 * not say what `owner` is then; the emulator names a user standing for the team (flag
 * TEAM_PSEUDO_USER, id = the team's id), never a person.
 */
function teamFields(world: Core['world']): { owner: Record<string, unknown>; team: Record<string, unknown> | null } {
  const team = world.team;
  if (!team) return { owner: { ...world.owner }, team: null };
  const partialUser = (id: string) => {
    const u = world.requireUser(id);
    return { id: u.id, username: u.username, discriminator: u.discriminator, avatar: u.avatar, global_name: u.global_name };
  };
  return {
    owner: { id: team.id, username: `team${team.id}`, discriminator: '0000', avatar: null, global_name: null, flags: TEAM_PSEUDO_USER, public_flags: TEAM_PSEUDO_USER },
    team: {
      icon: null,
      id: team.id,
      name: team.name,
      owner_user_id: team.ownerUserId,
      members: team.members.map((m) => ({ membership_state: m.membershipState, team_id: team.id, user: partialUser(m.userId), role: m.role })),
    },
  };
}

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
    ...teamFields(world),
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
