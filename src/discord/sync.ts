// Application command registration. The definitions' fingerprint is stored in the
// `setting` table so a start with unchanged commands sends no registration request.
import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { Routes, type RESTPostAPIApplicationCommandsJSONBody, type RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import type { Settings } from '../store/settings.ts';

export const FINGERPRINT_SETTING = 'commands_fingerprint';

export type CommandDefinition = RESTPostAPIApplicationCommandsJSONBody;

/** Key order does not change the fingerprint; everything else does. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function commandsFingerprint(applicationId: string, definitions: readonly CommandDefinition[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ applicationId, definitions: canonical(definitions) }))
    .digest('hex');
}

export async function needsSync(settings: Settings, fingerprint: string): Promise<boolean> {
  return (await settings.get(FINGERPRINT_SETTING)) !== fingerprint;
}

export async function markSynced(settings: Settings, fingerprint: string): Promise<void> {
  await settings.set(FINGERPRINT_SETTING, fingerprint);
}

/** Number of localised strings, as reported by the owner's `sync` text command. */
export function countLocalizations(commands: readonly CommandDefinition[]): number {
  let n = 0;
  const visit = (node: Record<string, unknown>): void => {
    for (const key of ['name_localizations', 'description_localizations']) {
      const loc = node[key];
      if (loc && typeof loc === 'object') n += Object.keys(loc).length;
    }
    for (const key of ['options', 'choices']) {
      const children = node[key];
      if (Array.isArray(children)) for (const child of children) visit(child as Record<string, unknown>);
    }
  };
  for (const command of commands) visit(command as unknown as Record<string, unknown>);
  return n;
}

/** Bulk-overwrites global commands, or a guild's own commands when `guildId` is given. */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  definitions: readonly CommandDefinition[],
  guildId?: string,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: definitions })) as RESTPutAPIApplicationCommandsResult;
}
