import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayIntentBits } from 'discord-api-types/v10';
import {
  INTENT_FLAGS,
  INTENT_NAMES,
  intentBits,
  PRIVILEGED_INTENTS,
  privilegedIntentsIn,
  resolveIntents,
} from '../../../src/discord/intents.ts';
import { DEFAULT_CONFIG } from '../../../src/config/schema.ts';

test('the default intents are guilds, guild messages and members', () => {
  assert.equal(
    intentBits(DEFAULT_CONFIG.bot.intents),
    GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.GuildMembers,
  );
});

test('each discord.py flag maps to its own Discord bit', () => {
  const seen = new Set<number>();
  for (const name of INTENT_NAMES) {
    const bits = intentBits({ [name]: true });
    assert.equal(bits, INTENT_FLAGS[name]);
    assert.equal(bits & (bits - 1), 0, `${name} is a single bit`);
    assert.ok(!seen.has(bits), `${name} is not shared`);
    seen.add(bits);
  }
  assert.equal(intentBits({ message_content: true }), 1 << 15);
  assert.equal(intentBits({ presences: true }), 1 << 8);
  assert.equal(intentBits({ guild_polls: true, dm_polls: true }), (1 << 24) | (1 << 25));
  assert.equal(intentBits({ auto_moderation_configuration: true, auto_moderation_execution: true }), (1 << 20) | (1 << 21));
});

test('aliases set every flag they stand for and win over those flags', () => {
  assert.equal(intentBits({ messages: true }), GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
  assert.equal(intentBits({ reactions: true }), (1 << 10) | (1 << 13));
  assert.equal(intentBits({ typing: true }), (1 << 11) | (1 << 14));
  assert.equal(intentBits({ auto_moderation: true }), (1 << 20) | (1 << 21));
  assert.equal(intentBits({ polls: true }), (1 << 24) | (1 << 25));
  assert.equal(intentBits({ bans: true }), GatewayIntentBits.GuildModeration);
  assert.equal(intentBits({ expressions: true }), GatewayIntentBits.GuildExpressions);
  assert.equal(intentBits({ emojis: true }), intentBits({ emojis_and_stickers: true }));
  // The alias is applied after the flags, whatever the key order.
  assert.equal(intentBits({ messages: false, guild_messages: true }), 0);
  assert.equal(intentBits({ dm_messages: false, messages: true }), (1 << 9) | (1 << 12));
});

test('resolveIntents keeps the base for flags not mentioned', () => {
  const out = resolveIntents(DEFAULT_CONFIG.bot.intents, { typing: true, members: false });
  assert.equal(out.members, false);
  assert.equal(out.guilds, true);
  assert.equal(out.guild_typing, true);
  assert.equal(out.dm_typing, true);
  assert.equal(Object.keys(out).length, INTENT_NAMES.length);
});

test('an unknown intent name is a programming error', () => {
  assert.throws(() => intentBits({ message_contents: true }), TypeError);
});

test('privileged intents: portal names and config keys for a 4014 close', () => {
  const byIntent = Object.fromEntries(PRIVILEGED_INTENTS.map((p) => [p.intent, p]));
  assert.deepEqual(Object.keys(byIntent).sort(), ['members', 'message_content', 'presences']);
  assert.equal(byIntent['members']?.portalName, 'Server Members Intent');
  assert.equal(byIntent['members']?.configKey, 'bot.intents.members');
  assert.equal(byIntent['members']?.bit, GatewayIntentBits.GuildMembers);
  assert.equal(byIntent['presences']?.portalName, 'Presence Intent');
  assert.equal(byIntent['message_content']?.portalName, 'Message Content Intent');
  assert.equal(byIntent['message_content']?.configKey, 'bot.intents.message_content');

  const requested = privilegedIntentsIn(intentBits(DEFAULT_CONFIG.bot.intents));
  assert.deepEqual(requested.map((p) => p.intent), ['members']);
  assert.deepEqual(privilegedIntentsIn(intentBits({ guilds: true })), []);
});
