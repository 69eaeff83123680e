/**
 * Starts the emulator standalone: `npm run emulator -- [--port N] [--latency MS]
 * [--no-rate-limits] [--global-limit N] [--heartbeat MS] [--token T] [--seed]`.
 * Prints the API URL, gateway URL, control URL and token, then runs until
 * interrupted.
 */

import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './src/index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    latency: { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
    'global-limit': { type: 'string' },
    heartbeat: { type: 'string' },
    token: { type: 'string' },
    'max-concurrency': { type: 'string' },
    'enforce-identify-concurrency': { type: 'boolean' },
    'max-guilds-per-shard': { type: 'string' },
    'recommended-guilds-per-shard': { type: 'string' },
    seed: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(`Usage: npm run emulator -- [options]

  --port N            listen on 127.0.0.1:N (default: a free port)
  --latency MS        delay every REST response by MS milliseconds
  --no-rate-limits    disable per-route and global rate limits
  --global-limit N    global requests per second (default 50)
  --heartbeat MS      heartbeat_interval sent in HELLO (default 41250)
  --token T           the bot token to accept (default: generated)
  --max-concurrency N session_start_limit.max_concurrency (default 1)
  --enforce-identify-concurrency
                      answer a second IDENTIFY per rate-limit key within 5 s with op 9
  --max-guilds-per-shard N
                      guilds one session may hold before 4011 (default 2500)
  --recommended-guilds-per-shard N
                      guilds per shard behind /gateway/bot's shards (default 1000)
  --seed              create a guild with a text channel and a member
  --json              print the connection details as one JSON line
`);
  process.exit(0);
}

const opts: EmulatorOptions = {};
if (values.port) opts.port = Number(values.port);
if (values.latency) opts.latencyMs = Number(values.latency);
if (values['no-rate-limits']) opts.rateLimits = false;
if (values['global-limit']) opts.globalPerSecond = Number(values['global-limit']);
if (values.heartbeat) opts.heartbeatIntervalMs = Number(values.heartbeat);
if (values.token) opts.token = values.token;
if (values['max-concurrency']) opts.maxConcurrency = Number(values['max-concurrency']);
if (values['enforce-identify-concurrency']) opts.enforceIdentifyConcurrency = true;
if (values['max-guilds-per-shard']) opts.maxGuildsPerShard = Number(values['max-guilds-per-shard']);
if (values['recommended-guilds-per-shard']) opts.recommendedGuildsPerShard = Number(values['recommended-guilds-per-shard']);

const emulator = await startEmulator(opts);
let seeded: Record<string, string> | undefined;
if (values.seed) {
  const guild = emulator.createGuild({ name: 'Emulated Guild', defaultChannel: true });
  const member = emulator.createUser({ username: 'member', globalName: 'A Member' });
  emulator.addMember(guild.id, member.id);
  seeded = { guildId: guild.id, channelId: guild.system_channel_id ?? '', memberId: member.id };
}

const info = {
  apiUrl: emulator.apiUrl,
  gatewayUrl: emulator.gatewayUrl,
  controlUrl: emulator.controlUrl,
  token: emulator.token,
  applicationId: emulator.application.id,
  ...(seeded ?? {}),
};
if (values.json) {
  process.stdout.write(`${JSON.stringify(info)}\n`);
} else {
  process.stdout.write(
    `Discord emulator listening\n` +
      `  api url (discord.api_url): ${info.apiUrl}\n` +
      `  gateway:                   ${info.gatewayUrl}\n` +
      `  control API:               ${info.controlUrl}\n` +
      `  bot token:                 ${info.token}\n` +
      `  application id:            ${info.applicationId}\n` +
      (seeded ? `  seeded guild ${seeded.guildId}, channel ${seeded.channelId}, member ${seeded.memberId}\n` : ''),
  );
}

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
