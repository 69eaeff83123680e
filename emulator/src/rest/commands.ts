/**
 * Application command endpoints ("Application Commands — Endpoints"):
 * list, create (upsert by name), get, edit, delete and bulk overwrite, both
 * global and per guild.
 */

import { isDiscordLocale } from '../locales.ts';
import type { World } from '../state.ts';
import type { ApplicationCommand, ApplicationCommandOption } from '../types.ts';
import { Errors, FormErrors } from './errors.ts';
import { type CommandInput, type Scope, validateCommandList, validateSingleCommand } from './command-validation.ts';
import { json, noContent, type RequestContext, type RouteDef } from './router.ts';

function scopeKey(scope: Scope): string {
  return scope.kind === 'global' ? 'global' : scope.guildId;
}

/** Checks the application id in the path and, for guild routes, the guild. */
function resolveScope(ctx: RequestContext): Scope {
  const world = ctx.core.world;
  const appId = ctx.params.application_id ?? '';
  if (appId !== world.applicationId) throw Errors.notAuthorizedForApplication();
  const guildId = ctx.params.guild_id;
  if (guildId === undefined) return { kind: 'global' };
  const guild = world.getGuild(guildId);
  if (!guild) throw Errors.unknownGuild();
  // The bot (and so the applications.commands scope) is not in the guild.
  if (!world.isBotInGuild(guildId)) throw Errors.missingAccess();
  return { kind: 'guild', guildId };
}

function buildCommand(world: World, input: CommandInput, scope: Scope, id: string, version: string): ApplicationCommand {
  const cmd: ApplicationCommand = {
    id,
    application_id: world.applicationId,
    version,
    default_member_permissions: input.default_member_permissions,
    type: input.type,
    name: input.name,
    name_localizations: input.name_localizations,
    description: input.description,
    description_localizations: input.description_localizations,
    default_permission: input.default_permission,
    nsfw: input.nsfw,
  };
  if (scope.kind === 'guild') cmd.guild_id = scope.guildId;
  if (input.options !== undefined && input.options.length > 0) cmd.options = input.options;
  if (scope.kind === 'global') {
    cmd.dm_permission = input.dm_permission ?? true;
    cmd.integration_types = input.integration_types ?? [0];
    cmd.contexts = input.contexts ?? null;
  }
  return cmd;
}

function contentKey(cmd: ApplicationCommand): string {
  const { id: _id, version: _version, ...rest } = cmd;
  return JSON.stringify(rest);
}

/** Keeps a command's id when it is matched by id or by (type, name); bumps the version only on change. */
function upsert(world: World, scope: Scope, input: CommandInput, previous: ApplicationCommand | undefined): ApplicationCommand {
  if (!previous) return buildCommand(world, input, scope, world.snowflakes.next(), world.snowflakes.next());
  const candidate = buildCommand(world, input, scope, previous.id, previous.version);
  if (contentKey(candidate) === contentKey(previous)) return candidate;
  return { ...candidate, version: world.snowflakes.next() };
}

function stripLocalizations(options: ApplicationCommandOption[] | undefined): ApplicationCommandOption[] | undefined {
  return options?.map((o) => {
    const { name_localizations: _n, description_localizations: _d, ...rest } = o;
    const copy: ApplicationCommandOption = { ...rest };
    if (o.choices) copy.choices = o.choices.map(({ name_localizations: _c, ...c }) => c);
    if (o.options) copy.options = stripLocalizations(o.options) ?? [];
    return copy;
  });
}

/**
 * "Retrieving localized commands": GET returns full dictionaries only with
 * ?with_localizations=true; otherwise they are left out, and when the request
 * names a locale (X-Discord-Locale) the localized strings come back as
 * name_localized / description_localized.
 */
function renderForGet(cmd: ApplicationCommand, ctx: RequestContext): Record<string, unknown> {
  const withLocalizations = ['true', '1', 'True'].includes(ctx.query.get('with_localizations') ?? '');
  if (withLocalizations) return structuredClone(cmd) as unknown as Record<string, unknown>;
  const { name_localizations: nl, description_localizations: dl, options, ...rest } = structuredClone(cmd);
  const out: Record<string, unknown> = { ...rest };
  const stripped = stripLocalizations(options);
  if (stripped) out.options = stripped;
  const header = ctx.headers['x-discord-locale'];
  const locale = Array.isArray(header) ? header[0] : header;
  if (isDiscordLocale(locale)) {
    if (nl?.[locale]) out.name_localized = nl[locale];
    if (dl?.[locale]) out.description_localized = dl[locale];
  }
  return out;
}

function list(ctx: RequestContext) {
  const scope = resolveScope(ctx);
  return json(ctx.core.world.commandsIn(scopeKey(scope)).map((c) => renderForGet(c, ctx)));
}

function bulkOverwrite(ctx: RequestContext) {
  const scope = resolveScope(ctx);
  const world = ctx.core.world;
  const inputs = validateCommandList(ctx.body, scope);
  const existing = world.commandsIn(scopeKey(scope));
  const used = new Set<string>();
  const result = inputs.map((input) => {
    let previous = input.id ? existing.find((c) => c.id === input.id && !used.has(c.id)) : undefined;
    previous ??= existing.find((c) => c.type === input.type && c.name === input.name && !used.has(c.id));
    if (previous) used.add(previous.id);
    return upsert(world, scope, input, previous);
  });
  world.commands.set(scopeKey(scope), result);
  return json(structuredClone(result));
}

function create(ctx: RequestContext) {
  const scope = resolveScope(ctx);
  const world = ctx.core.world;
  const input = validateSingleCommand(ctx.body, scope);
  const existing = world.commandsIn(scopeKey(scope));
  const previous = existing.find((c) => c.type === input.type && c.name === input.name);
  const cmd = upsert(world, scope, input, previous);
  if (previous) {
    world.commands.set(scopeKey(scope), existing.map((c) => (c.id === previous.id ? cmd : c)));
  } else {
    const limit = cmd.type === 1 ? 100 : 5;
    if (existing.filter((c) => c.type === cmd.type).length + 1 > limit) throw Errors.maxCommands();
    world.commands.set(scopeKey(scope), [...existing, cmd]);
  }
  return json(structuredClone(cmd), previous ? 200 : 201);
}

function findCommand(ctx: RequestContext, scope: Scope): ApplicationCommand {
  const cmd = ctx.core.world.commandsIn(scopeKey(scope)).find((c) => c.id === ctx.params.command_id);
  if (!cmd) throw Errors.unknownCommand();
  return cmd;
}

function getOne(ctx: RequestContext) {
  const scope = resolveScope(ctx);
  return json(renderForGet(findCommand(ctx, scope), ctx));
}

function edit(ctx: RequestContext) {
  const scope = resolveScope(ctx);
  const world = ctx.core.world;
  const current = findCommand(ctx, scope);
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    const errors = new FormErrors();
    errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
    throw errors.toApiError();
  }
  const { id: _id, version: _v, application_id: _a, guild_id: _g, ...currentFields } = structuredClone(current);
  const merged = { ...currentFields, ...(ctx.body as Record<string, unknown>), type: current.type };
  const input = validateSingleCommand(merged, scope);
  const others = world.commandsIn(scopeKey(scope)).filter((c) => c.id !== current.id);
  if (others.some((c) => c.type === input.type && c.name === input.name)) {
    const errors = new FormErrors();
    errors.add(['name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `An application command named "${input.name}" already exists.`);
    throw errors.toApiError();
  }
  const cmd = upsert(world, scope, input, current);
  world.commands.set(scopeKey(scope), world.commandsIn(scopeKey(scope)).map((c) => (c.id === current.id ? cmd : c)));
  return json(structuredClone(cmd));
}

function remove(ctx: RequestContext) {
  const scope = resolveScope(ctx);
  const world = ctx.core.world;
  const current = findCommand(ctx, scope);
  world.commands.set(scopeKey(scope), world.commandsIn(scopeKey(scope)).filter((c) => c.id !== current.id));
  return noContent();
}

export const commandRoutes: RouteDef[] = [];
for (const base of ['/applications/:application_id/commands', '/applications/:application_id/guilds/:guild_id/commands']) {
  commandRoutes.push(
    { method: 'GET', pattern: base, handler: list },
    { method: 'PUT', pattern: base, handler: bulkOverwrite },
    { method: 'POST', pattern: base, handler: create },
    { method: 'GET', pattern: `${base}/:command_id`, handler: getOne },
    { method: 'PATCH', pattern: `${base}/:command_id`, handler: edit },
    { method: 'DELETE', pattern: `${base}/:command_id`, handler: remove },
  );
}

