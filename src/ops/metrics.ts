// The Prometheus metrics, with prom-client. Loaded only when [metrics] is enabled (see
// start.ts), so a default install never pays for the library. Every name and label is
// listed in docs/MONITORING.md; labels only ever carry route templates, shard ids, status
// codes and fixed words, never an id or a token.
import { RESTEvents, type REST } from '@discordjs/rest';
import { WebSocketShardEvents, WebSocketShardStatus, type WebSocketManager } from '@discordjs/ws';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BotState } from '../discord/state.ts';
import type { Store } from '../store/store.ts';
import { observeWrites } from '../store/write.ts';
import type { Health } from './health.ts';
import type { InteractionKind, InteractionOutcome, Recorder, TicketCloseReason } from './recorder.ts';
import { routeTemplate } from './route-template.ts';

const PREFIX = 'theticketbot_';

/** Discord wants an interaction's first response within 3 s. */
const RESPONSE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** A write transaction takes well under a millisecond unless the disk or a lock holds it up. */
const WRITE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const CLOSE_REASONS: readonly TicketCloseReason[] = ['owner_left', 'locked', 'command'];
const KINDS: readonly InteractionKind[] = ['command', 'component', 'modal', 'autocomplete'];
const OUTCOMES: readonly InteractionOutcome[] = ['ok', 'user_error', 'error'];

const SHARD_STATUS: ReadonlyArray<[WebSocketShardStatus, string]> = [
  [WebSocketShardStatus.Idle, 'idle'],
  [WebSocketShardStatus.Connecting, 'connecting'],
  [WebSocketShardStatus.Resuming, 'resuming'],
  [WebSocketShardStatus.Ready, 'ready'],
];

export interface Metrics {
  recorder: Recorder;
  /** Counts the answers these REST clients get. */
  watchRest(clients: readonly REST[]): void;
  /** Follows the gateway's shards (state, heartbeat, closes) and the guilds the state knows. */
  watchGateway(gateway: WebSocketManager, state: BotState): void;
  /** The scrape: Prometheus text format. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Detaches from the store; the registry is dropped with this object. */
  stop(): void;
}

export function createMetrics(sources: { health: Health; store: Store }): Metrics {
  const registry = new Registry();
  // 50 ms is fine enough to see the event loop stall (a busy database, a long sync).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 50 });
  const registers = [registry];

  const ticketsOpened = new Counter({
    name: `${PREFIX}tickets_opened_total`,
    help: 'Tickets opened: a private thread created and recorded for a Create Ticket click (or found by the catch-up after a crash).',
    registers,
  });
  const ticketsClosed = new Counter({
    name: `${PREFIX}tickets_closed_total`,
    help: 'Tickets closed by the bot, by reason: owner_left (the owner left the ticket or the server), locked (an archived ticket was locked), command.',
    labelNames: ['reason'] as const,
    registers,
  });
  const interactions = new Counter({
    name: `${PREFIX}interactions_total`,
    help: 'Interactions handled, by kind (command, component, modal, autocomplete) and outcome (ok, user_error, error).',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const firstResponse = new Histogram({
    name: `${PREFIX}interaction_first_response_seconds`,
    help: 'Time from receiving an interaction to Discord accepting its first response (a reply, a deferral or a modal).',
    labelNames: ['kind'] as const,
    buckets: RESPONSE_BUCKETS,
    registers,
  });
  const requests = new Counter({
    name: `${PREFIX}discord_requests_total`,
    help: 'Answers to REST requests sent to Discord, by method, route template and HTTP status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: `${PREFIX}discord_rate_limited_total`,
    help: 'REST requests Discord answered with 429, by X-RateLimit-Scope (user, global, shared; unknown when absent).',
    labelNames: ['scope'] as const,
    registers,
  });
  const writeSeconds = new Histogram({
    name: `${PREFIX}db_write_transaction_seconds`,
    help: 'Duration of the database write transactions, committed or not.',
    buckets: WRITE_BUCKETS,
    registers,
  });
  const stats = sources.store.stats;
  new Counter({
    name: `${PREFIX}db_lock_waits_total`,
    help: 'Writes that found the database locked by another program and were tried again later.',
    registers,
    collect() {
      this.reset();
      this.inc(stats.busyRetries);
    },
  });
  const health = sources.health;
  new Gauge({
    name: `${PREFIX}gateway_ready`,
    help: '1 when the shard has had its READY and the guilds it listed, else 0.',
    labelNames: ['shard'] as const,
    registers,
    collect() {
      this.reset();
      for (const [id, ready] of health.shards()) this.set({ shard: String(id) }, ready ? 1 : 0);
    },
  });
  observeWrites(sources.store.db, (seconds) => writeSeconds.observe(seconds));
  // Every known label value starts at 0, so rates and alerts see a series before its first event.
  for (const reason of CLOSE_REASONS) ticketsClosed.inc({ reason }, 0);
  for (const kind of KINDS) for (const outcome of OUTCOMES) interactions.inc({ kind, outcome }, 0);
  for (const scope of ['user', 'global', 'shared']) rateLimited.inc({ scope }, 0);

  const recorder: Recorder = {
    ticketOpened: () => ticketsOpened.inc(),
    ticketClosed: (reason: TicketCloseReason) => ticketsClosed.inc({ reason }),
    interaction: (kind: InteractionKind, outcome: InteractionOutcome) => interactions.inc({ kind, outcome }),
    firstResponse: (kind: InteractionKind, seconds: number) => firstResponse.observe({ kind }, seconds),
  };

  return {
    recorder,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    stop() {
      if (sources.store.db.open) observeWrites(sources.store.db, null);
    },
    watchRest(clients) {
      for (const rest of clients) {
        rest.on(RESTEvents.Response, (request, response) => {
          const status = response.status;
          requests.inc({ method: request.method.toUpperCase(), route: routeTemplate(request.route), status: String(status) });
          if (status === 429) rateLimited.inc({ scope: response.headers.get('x-ratelimit-scope') ?? 'unknown' });
        });
      }
    },
    watchGateway(gateway, state) {
      const latency = new Gauge({
        name: `${PREFIX}gateway_heartbeat_latency_seconds`,
        help: 'Time between the last heartbeat and its acknowledgement, per shard.',
        labelNames: ['shard'] as const,
        registers,
      });
      const closes = new Counter({
        name: `${PREFIX}gateway_closes_total`,
        help: 'Gateway connections closed, per shard and close code (the library reconnects or resumes after most).',
        labelNames: ['shard', 'code'] as const,
        registers,
      });
      gateway.on(WebSocketShardEvents.HeartbeatComplete, (beat, shardId) => latency.set({ shard: String(shardId) }, beat.latency / 1000));
      gateway.on(WebSocketShardEvents.Closed, (code, shardId) => closes.inc({ shard: String(shardId), code: String(code) }));
      new Gauge({
        name: `${PREFIX}gateway_status`,
        help: 'The connection state of each shard: 1 for the current one of idle, connecting, resuming, ready.',
        labelNames: ['shard', 'status'] as const,
        registers,
        async collect() {
          const statuses = await gateway.fetchStatus();
          this.reset();
          for (const [id, current] of statuses) {
            for (const [value, status] of SHARD_STATUS) this.set({ shard: String(id), status }, current === value ? 1 : 0);
          }
        },
      });
      new Gauge({
        name: `${PREFIX}guilds`,
        help: 'Guilds the bot is in, as its gateway state knows them.',
        registers,
        collect() {
          this.set(state.counts().guilds);
        },
      });
    },
  };
}
