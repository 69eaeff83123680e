// The Prometheus metrics (src/ops/metrics.ts) seen through a scrape: what the recorder,
// the REST clients, the gateway and the store report, label values limited to templates,
// and every name documented in docs/MONITORING.md and used rightly by the Grafana dashboard.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST, RESTEvents } from '@discordjs/rest';
import type { WebSocketManager } from '@discordjs/ws';
import type { BotState } from '../../../src/discord/state.ts';
import { Health } from '../../../src/ops/health.ts';
import { createMetrics, type Metrics } from '../../../src/ops/metrics.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { writeTransaction } from '../../../src/store/write.ts';

const ROOT = new URL('../../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'ttb-metrics-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function setup(): Promise<{ metrics: Metrics; store: Store; health: Health; rest: REST; gateway: EventEmitter }> {
  const store = await openStore({ path: join(dir, `m${++n}.db`), pragmas: [], keyTemplate: '' });
  const health = new Health(async () => 'ok');
  const metrics = createMetrics({ health, store });
  const rest = new REST();
  metrics.watchRest([rest]);
  const gateway = Object.assign(new EventEmitter(), { fetchStatus: async () => new Map([[0, 3]]) });
  metrics.watchGateway(gateway as unknown as WebSocketManager, { counts: () => ({ guilds: 7, channels: 0 }) } as unknown as BotState);
  return { metrics, store, health, rest, gateway };
}

function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  return undefined;
}

/** Every metric name of a scrape, from its TYPE lines. */
function names(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

test('the recorder, REST answers, the gateway and the store all end up in the scrape', async (t) => {
  const { metrics, store, health, rest, gateway } = await setup();
  t.after(async () => {
    metrics.stop();
    await store.close();
  });
  const fresh = await metrics.render();
  assert.equal(sample(fresh, 'theticketbot_tickets_closed_total', { reason: 'locked' }), 0, 'known label values start at 0');
  assert.equal(sample(fresh, 'theticketbot_interactions_total', { kind: 'modal', outcome: 'error' }), 0);

  metrics.recorder.ticketOpened();
  metrics.recorder.ticketClosed('owner_left');
  metrics.recorder.interaction('component', 'ok');
  metrics.recorder.interaction('command', 'user_error');
  metrics.recorder.firstResponse('component', 0.2);
  const answer = (route: string, status: number, headers: Record<string, string> = {}) =>
    rest.emit(RESTEvents.Response, { method: 'POST', path: route, route, options: {}, data: {}, retries: 0 } as never, { status, headers: new Headers(headers) } as never);
  answer('/channels/:id/threads', 201);
  answer('/channels/:id/threads', 429, { 'x-ratelimit-scope': 'shared' });
  answer('/interactions/1246826841231327273/aW50ZXJhY3Rpb24/callback', 204);
  gateway.emit('heartbeat', { ackAt: 0, heartbeatAt: 0, latency: 42 }, 0);
  gateway.emit('closed', 4000, 0);
  health.expectShards([0]);
  health.shardReady(0, true);
  await writeTransaction(store.db, async () => store.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('x', 'y')").run());

  const text = await metrics.render();
  assert.equal(sample(text, 'theticketbot_tickets_opened_total'), 1);
  assert.equal(sample(text, 'theticketbot_tickets_closed_total', { reason: 'owner_left' }), 1);
  assert.equal(sample(text, 'theticketbot_interactions_total', { kind: 'component', outcome: 'ok' }), 1);
  assert.equal(sample(text, 'theticketbot_interactions_total', { kind: 'command', outcome: 'user_error' }), 1);
  assert.equal(sample(text, 'theticketbot_interaction_first_response_seconds_bucket', { kind: 'component', le: '0.25' }), 1);
  assert.equal(sample(text, 'theticketbot_interaction_first_response_seconds_bucket', { kind: 'component', le: '0.1' }), 0);
  assert.equal(sample(text, 'theticketbot_discord_requests_total', { method: 'POST', route: '/channels/:id/threads', status: '429' }), 1);
  assert.equal(sample(text, 'theticketbot_discord_requests_total', { method: 'POST', route: '/interactions/:id/:token/callback', status: '204' }), 1);
  assert.ok(!text.includes('aW50ZXJhY3Rpb24'), 'an interaction token reached a label');
  assert.equal(sample(text, 'theticketbot_discord_rate_limited_total', { scope: 'shared' }), 1);
  assert.equal(sample(text, 'theticketbot_discord_rate_limited_total', { scope: 'user' }), 0);
  assert.equal(sample(text, 'theticketbot_gateway_heartbeat_latency_seconds', { shard: '0' }), 0.042);
  assert.equal(sample(text, 'theticketbot_gateway_closes_total', { shard: '0', code: '4000' }), 1);
  assert.equal(sample(text, 'theticketbot_gateway_status', { shard: '0', status: 'ready' }), 1);
  assert.equal(sample(text, 'theticketbot_gateway_status', { shard: '0', status: 'connecting' }), 0);
  assert.equal(sample(text, 'theticketbot_gateway_ready', { shard: '0' }), 1);
  assert.equal(sample(text, 'theticketbot_guilds'), 7);
  assert.equal(sample(text, 'theticketbot_db_write_transaction_seconds_count'), 1);
  assert.equal(sample(text, 'theticketbot_db_lock_waits_total'), 0);
  assert.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 0);

  // Stopped: the store is no longer observed.
  metrics.stop();
  await writeTransaction(store.db, async () => store.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('z', 'y')").run());
  assert.equal(sample(await metrics.render(), 'theticketbot_db_write_transaction_seconds_count'), 1);
});

test('every theticketbot_ metric is in docs/MONITORING.md, and the doc lists no other', async (t) => {
  const { metrics, store } = await setup();
  t.after(async () => {
    metrics.stop();
    await store.close();
  });
  const exported = [...names(await metrics.render()).keys()].filter((name) => name.startsWith('theticketbot_')).sort();
  const doc = readFileSync(new URL('docs/MONITORING.md', ROOT), 'utf8');
  const documented = [...new Set([...doc.matchAll(/^\| `(theticketbot_[a-z_]+)` \|/gm)].map((m) => m[1]!))].sort();
  assert.deepEqual(documented, exported);
  for (const name of exported) {
    if (name.endsWith('_total')) assert.equal(names(await metrics.render()).get(name), 'counter', name);
  }
});

test('the Grafana dashboard: importable shape, the data source as a variable, and only metrics the bot exports', async (t) => {
  const { metrics, store } = await setup();
  t.after(async () => {
    metrics.stop();
    await store.close();
  });
  const types = names(await metrics.render());
  const series = new Set<string>();
  for (const [name, type] of types) {
    if (type === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) series.add(name + suffix);
    else series.add(name);
  }
  // Default metrics that only appear once there is something to report.
  series.add('nodejs_eventloop_lag_p99_seconds');

  const dashboard = JSON.parse(readFileSync(new URL('docs/grafana/theticketbot.json', ROOT), 'utf8')) as {
    title: string;
    uid: string;
    schemaVersion: number;
    templating: { list: Array<{ name: string; type: string; query: unknown }> };
    panels: Array<{ id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; datasource?: { uid: string }; targets?: Array<{ expr: string; refId: string; datasource: { type: string; uid: string } }> }>;
  };
  assert.equal(dashboard.title, 'theticketbot');
  assert.ok(dashboard.uid && dashboard.schemaVersion >= 36);
  const datasource = dashboard.templating.list.find((v) => v.name === 'datasource');
  assert.deepEqual({ type: datasource?.type, query: datasource?.query }, { type: 'datasource', query: 'prometheus' });
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const cells = new Set<string>();
  for (const panel of dashboard.panels) {
    const { x, y, w, h } = panel.gridPos;
    assert.ok(x >= 0 && w > 0 && x + w <= 24 && h > 0, `${panel.title} fits the 24-column grid`);
    for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
      assert.ok(!cells.has(`${i},${j}`), `${panel.title} overlaps another panel`);
      cells.add(`${i},${j}`);
    }
    if (panel.type === 'row') continue;
    assert.equal(panel.datasource?.uid, '${datasource}', `${panel.title} uses the data source variable`);
    assert.ok(panel.targets && panel.targets.length > 0, `${panel.title} has queries`);
    for (const target of panel.targets) {
      assert.deepEqual(target.datasource, { type: 'prometheus', uid: '${datasource}' });
      const used = [...target.expr.matchAll(/\b((?:theticketbot|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
      assert.ok(used.length > 0, target.expr);
      for (const name of used) assert.ok(series.has(name), `${panel.title}: ${name} is not exported`);
    }
  }
});
