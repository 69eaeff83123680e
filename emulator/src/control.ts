/**
 * The HTTP control API under /_emulator/ (a prefix Discord never uses), for
 * driving the emulator from another process. Bodies are JSON with the same
 * option objects as the JavaScript API; ids are strings; permissions are
 * decimal strings. Errors answer 400 (or the Discord status for message
 * creation) with {message, code}.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  ClickButtonInput,
  Emulator,
  EmulatorFile,
  InteractionHandle,
  MessageCommandInput,
  SelectMenuInput,
  SlashCommandInput,
  SubmitModalInput,
  UserCommandInput,
} from './index.ts';
import { parseThreadAction } from './member-actions.ts';
import { ApiError } from './rest/errors.ts';

type Params = Record<string, string>;
type ControlHandler = (em: Emulator, p: Params, body: Record<string, unknown>, url: URL) => unknown;

interface ControlRoute {
  method: string;
  pattern: string[];
  handler: ControlHandler;
}

class NotFound extends Error {}

const routes: ControlRoute[] = [];
function route(method: string, pattern: string, handler: ControlHandler): void {
  routes.push({ method, pattern: pattern.split('/').filter(Boolean), handler });
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`"${name}" must be a non-empty string`);
  return v;
}

route('GET', 'info', (em) => ({
  apiUrl: em.apiUrl,
  gatewayUrl: em.gatewayUrl,
  controlUrl: em.controlUrl,
  token: em.token,
  application: em.application,
  botUser: em.botUser,
  privilegedIntents: em.privilegedIntents,
}));

route('POST', 'users', (em, _p, b) => em.createUser(b));
route('POST', 'guilds', (em, _p, b) => em.createGuild(b));
route('GET', 'guilds/:guild', (em, p) => {
  const g = em.world.getGuild(p.guild ?? '');
  if (!g) throw new NotFound(`unknown guild ${p.guild}`);
  return {
    ...em.world.guildObject(g.id),
    members: [...g.members.keys()].map((id) => em.world.memberObject(g.id, id)),
    channels: g.channelIds.map((id) => em.world.channelObject(id)),
  };
});
route('PATCH', 'guilds/:guild', (em, p, b) => em.updateGuild(p.guild ?? '', b));
route('POST', 'guilds/:guild/roles', (em, p, b) => em.createRole(p.guild ?? '', b));
route('PATCH', 'guilds/:guild/roles/:role', (em, p, b) => em.updateRole(p.guild ?? '', p.role ?? '', b));
route('DELETE', 'guilds/:guild/roles/:role', (em, p) => em.deleteRole(p.guild ?? '', p.role ?? ''));
route('POST', 'guilds/:guild/channels', (em, p, b) => em.createChannel(p.guild ?? '', b));
route('PUT', 'guilds/:guild/members/:user', (em, p, b) => {
  const guild = p.guild ?? '';
  const user = p.user ?? '';
  return em.getMember(guild, user) ? em.updateMember(guild, user, b) : em.addMember(guild, user, b);
});
route('PATCH', 'guilds/:guild/members/:user', (em, p, b) => em.updateMember(p.guild ?? '', p.user ?? '', b));
route('DELETE', 'guilds/:guild/members/:user', (em, p) => em.removeMember(p.guild ?? '', p.user ?? ''));

route('GET', 'channels/:channel', (em, p) => {
  const c = em.getChannel(p.channel ?? '');
  if (!c) throw new NotFound(`unknown channel ${p.channel}`);
  return c;
});
route('PATCH', 'channels/:channel', (em, p, b) => em.updateChannel(p.channel ?? '', b));
route('DELETE', 'channels/:channel', (em, p) => em.deleteChannel(p.channel ?? ''));
route('PUT', 'channels/:channel/overwrites/:target', (em, p, b) =>
  em.setOverwrite(p.channel ?? '', { id: p.target ?? '', type: b.type as 0 | 1, allow: b.allow as string, deny: b.deny as string }),
);
route('DELETE', 'channels/:channel/overwrites/:target', (em, p) => em.deleteOverwrite(p.channel ?? '', p.target ?? ''));
route('PUT', 'channels/:channel/thread-members/:user', (em, p) => em.addThreadMember(p.channel ?? '', p.user ?? ''));
route('DELETE', 'channels/:channel/thread-members/:user', (em, p) => em.removeThreadMember(p.channel ?? '', p.user ?? ''));
route('GET', 'channels/:channel/messages', (em, p) => em.messages(p.channel ?? ''));
route('POST', 'channels/:channel/messages', (em, p, b) => {
  const { authorId, files, ...body } = b;
  return em.createMessage(p.channel ?? '', str(authorId, 'authorId'), body, decodeFiles(files));
});

/** Files in control bodies: `[{ name, contentType?, base64, description? }]`. */
function decodeFiles(raw: unknown): EmulatorFile[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new Error('"files" must be an array of { name, contentType?, base64, description? }');
  return raw.map((f: Record<string, unknown>) => {
    const file: EmulatorFile = { name: str(f.name, 'files[].name'), data: Buffer.from(String(f.base64 ?? ''), 'base64') };
    if (typeof f.contentType === 'string') file.contentType = f.contentType;
    if (typeof f.description === 'string') file.description = f.description;
    return file;
  });
}
route('GET', 'channels/:channel/messages/:message', (em, p) => {
  const m = em.message(p.message ?? '');
  if (!m || m.channel_id !== p.channel) throw new NotFound(`unknown message ${p.message}`);
  return m;
});
route('DELETE', 'channels/:channel/messages/:message', (em, p) => em.deleteMessage(p.channel ?? '', p.message ?? ''));
route('POST', 'channels/:channel/messages/bulk-delete', (em, p, b) => em.bulkDeleteMessages(p.channel ?? '', (b.messages as string[]) ?? []));
route('POST', 'channels/:channel/webhook-messages', (em, p, b) => {
  const { files, webhook, ...body } = b;
  return em.createWebhookMessage(p.channel ?? '', body, decodeFiles(files), webhook as { id?: string; username?: string } | undefined);
});
route('GET', 'channels/:channel/threads', (em, p) => em.threads(p.channel ?? ''));
route('GET', 'channels/:channel/thread-members', (em, p) => em.threadMembers(p.channel ?? ''));
route('PATCH', 'threads/:thread', (em, p, b) => em.updateThread(p.thread ?? '', b));
route('POST', 'threads/:thread/actions', (em, p, b) => em.threadActionAs(str(b.userId, 'userId'), p.thread ?? '', parseThreadAction(b)));
route('GET', 'snapshot', (em) => em.snapshot());
route('DELETE', 'guilds/:guild/bot', (em, p) => em.removeGuild(p.guild ?? ''));
route('PUT', 'active-thread-limit', (em, _p, b) => em.setActiveThreadLimit(Number(b.limit)));
route('PUT', 'team', (em, _p, b) => em.setTeam(b.members === null ? null : (b.members as never)));

const handleSummary = (em: Emulator, h: InteractionHandle) => ({ id: h.id, token: h.token, payload: h.payload, url: `${em.controlUrl}/interactions/${h.id}` });
route('POST', 'interactions/slash-command', (em, _p, b) => handleSummary(em, em.runSlashCommand(b as unknown as SlashCommandInput)));
route('POST', 'interactions/message-command', (em, _p, b) => handleSummary(em, em.runMessageCommand(b as unknown as MessageCommandInput)));
route('POST', 'interactions/user-command', (em, _p, b) => handleSummary(em, em.runUserCommand(b as unknown as UserCommandInput)));
route('POST', 'interactions/button', (em, _p, b) => handleSummary(em, em.clickButton(b as unknown as ClickButtonInput)));
route('POST', 'interactions/select', (em, _p, b) => handleSummary(em, em.selectMenu(b as unknown as SelectMenuInput)));
route('POST', 'interactions/modal-submit', (em, _p, b) => {
  const from = em.interaction(str(b.fromId, 'fromId'));
  if (!from) throw new NotFound(`unknown interaction ${String(b.fromId)}`);
  // File Upload answers come as [{ name, contentType?, base64 }], like files elsewhere.
  const fields = Object.fromEntries(Object.entries((b.fields as Record<string, unknown>) ?? {}).map(([k, v]) =>
    [k, Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null) ? decodeFiles(v) : v])) as SubmitModalInput['fields'];
  const input: SubmitModalInput = { from, fields };
  if (typeof b.userId === 'string') input.userId = b.userId;
  if (typeof b.locale === 'string') input.locale = b.locale;
  return handleSummary(em, em.submitModal(input));
});
route('GET', 'interactions/:id', (em, p) => {
  const d = em.describeInteraction(p.id ?? '');
  if (!d) throw new NotFound(`unknown interaction ${p.id}`);
  return d;
});

route('POST', 'users/:user/dm', (em, p) => em.dmChannel(p.user ?? ''));
route('PUT', 'presences/:user', (em, p, b) => em.setPresence(p.user ?? '', str(b.status, 'status') as 'online'));

route('POST', 'dispatch', (em, _p, b) => {
  const opts = typeof b.guildId === 'string' ? { guildId: b.guildId } : undefined;
  em.dispatch(str(b.event, 'event'), b.data, opts);
});
route('POST', 'gateway/raw-dispatch', (em, _p, b) => {
  if (!('event' in b)) throw new Error('"event" is required (any JSON value)');
  return { sequences: em.dispatchRaw(b.event, b.data) };
});
route('POST', 'gateway/drop', (em, _p, b) => {
  const opts: { code?: number; abnormal?: boolean; shard?: number } = {};
  if (typeof b.code === 'number') opts.code = b.code;
  if (b.abnormal === true) opts.abnormal = true;
  if (typeof b.shard === 'number') opts.shard = b.shard;
  em.dropConnections(opts);
});
route('POST', 'gateway/reconnect', (em) => em.sendReconnect());
route('POST', 'gateway/invalid-session', (em, _p, b) => em.sendInvalidSession(b.resumable === true, typeof b.shard === 'number' ? { shard: b.shard } : {}));
route('PUT', 'gateway/handshake-delays', (em, _p, b) => {
  const delays: { upgradeMs?: number; helloMs?: number } = {};
  if (typeof b.upgradeMs === 'number') delays.upgradeMs = b.upgradeMs;
  if (typeof b.helloMs === 'number') delays.helloMs = b.helloMs;
  em.setHandshakeDelays(delays);
});
route('PUT', 'guilds/:guild/availability', (em, p, b) => {
  if (typeof b.available !== 'boolean') throw new Error('"available" must be true or false');
  em.setGuildAvailable(p.guild ?? '', b.available);
});
route('POST', 'gateway/heartbeat-request', (em) => em.requestHeartbeat());
route('GET', 'gateway/stats', (em) => em.gatewayStats());

route('GET', 'requests', (em, _p, _b, url) => {
  const unknownOnly = ['1', 'true'].includes(url.searchParams.get('unknown') ?? '');
  return unknownOnly ? em.unknownRequests() : em.requests;
});
route('DELETE', 'requests', (em) => em.clearRequests());
route('POST', 'faults', (em, _p, b) => {
  const spec: Parameters<Emulator['injectFault']>[0] = {};
  if (typeof b.method === 'string') spec.method = b.method;
  if (typeof b.route === 'string') spec.route = b.route;
  if (typeof b.routeRegex === 'string') spec.route = new RegExp(b.routeRegex);
  if (typeof b.status === 'number') spec.status = b.status;
  if (b.timeout === true) spec.timeout = true;
  if (b.after === true) spec.after = true;
  if (typeof b.retryAfter === 'number') spec.retryAfter = b.retryAfter;
  if (b.scope === 'user' || b.scope === 'shared' || b.scope === 'global') spec.scope = b.scope;
  if (typeof b.times === 'number') spec.times = b.times;
  if (b.body === 'json' || b.body === 'html') spec.body = b.body;
  em.injectFault(spec);
});
route('DELETE', 'faults', (em) => em.clearFaults());
route('PUT', 'latency', (em, _p, b) => em.setLatency(Number(b.ms)));
route('PUT', 'route-limits', (em, _p, b) => em.setRouteLimit(str(b.route, 'route'), Number(b.limit), Number(b.windowMs)));
route('PUT', 'global-limit', (em, _p, b) => em.setGlobalLimit(Number(b.perSecond)));
route('PUT', 'privileged-intents', (em, _p, b) => em.setPrivilegedIntents(Number(b.intents)));
route('GET', 'commands', (em, _p, _b, url) => em.commands(url.searchParams.get('guildId') ?? undefined));

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(204);
    res.end();
    return;
  }
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return {};
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export async function handleControl(em: Emulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);

  // Stored attachment bytes (the emulator's stand-in for the CDN).
  if (method === 'GET' && parts[0] === 'cdn' && parts[1] === 'attachments' && parts.length === 5) {
    const stored = em.world.attachments.get(parts[3] ?? '');
    if (!stored || stored.channelId !== parts[2]) {
      sendJson(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    res.writeHead(200, { 'Content-Type': stored.contentType, 'Content-Length': String(stored.data.length) });
    res.end(stored.data);
    return;
  }

  for (const r of routes) {
    if (r.method !== method || r.pattern.length !== parts.length) continue;
    const params: Params = {};
    let ok = true;
    r.pattern.forEach((seg, i) => {
      const part = parts[i] ?? '';
      if (seg.startsWith(':')) params[seg.slice(1)] = part;
      else if (seg !== part) ok = false;
    });
    if (!ok) continue;
    try {
      const body = await readJson(req);
      const result = r.handler(em, params, body, url);
      sendJson(res, method === 'POST' && result !== undefined ? 201 : 200, result);
    } catch (err) {
      if (err instanceof ApiError) sendJson(res, err.status, err.body);
      else if (err instanceof NotFound) sendJson(res, 404, { message: err.message, code: 0 });
      else sendJson(res, 400, { message: err instanceof Error ? err.message : String(err), code: 0 });
    }
    return;
  }
  sendJson(res, 404, { message: `no control route ${method} ${url.pathname}`, code: 0 });
}
