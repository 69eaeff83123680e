/**
 * HTTP rate limits as the Discord documentation page "Rate Limits" describes
 * them: per-route buckets keyed by the route and its top-level resource
 * (channel, guild or webhook id), reported in X-RateLimit-* headers; a 429
 * with Retry-After, a JSON body {message, retry_after, global} and
 * X-RateLimit-Scope; and a global per-token limit of 50 requests per second
 * from which interaction endpoints are exempt.
 */

import { createHash } from 'node:crypto';
import type { Clock } from './snowflake.ts';

export interface BucketConfig {
  limit: number;
  windowMs: number;
}

/** `X-RateLimit-Scope` of a 429: the bot's own bucket, a resource shared with others, or the global limit. */
export type RateLimitScope = 'user' | 'shared' | 'global';

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Set when not allowed. */
  body?: { message: string; retry_after: number; global: boolean };
}

interface BucketState {
  limit: number;
  remaining: number;
  resetAt: number;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/**
 * A 429 as "Rate Limits — Exceeding A Rate Limit" shows it: `Retry-After` in whole
 * seconds (rounded up), the exact wait as `retry_after` in the JSON body, the scope, and
 * `X-RateLimit-Global` for the global limit.
 */
function tooManyRequests(retryMs: number, scope: RateLimitScope, headers: Record<string, string> = {}): RateLimitDecision {
  const out: Record<string, string> = { ...headers, 'Retry-After': String(Math.max(1, Math.ceil(retryMs / 1000))), 'X-RateLimit-Scope': scope };
  if (scope === 'global') out['X-RateLimit-Global'] = 'true';
  return {
    allowed: false,
    headers: out,
    body: { message: 'You are being rate limited.', retry_after: Number(seconds(retryMs)), global: scope === 'global' },
  };
}

export class RateLimiter {
  #clock: Clock;
  #enabled: boolean;
  #globalPerSecond: number;
  #defaultBucket: BucketConfig;
  #routeConfig = new Map<string, BucketConfig>();
  #buckets = new Map<string, BucketState>();
  #globalWindowStart = 0;
  #globalCount = 0;

  constructor(opts: { clock: Clock; enabled: boolean; globalPerSecond: number; defaultBucket?: BucketConfig }) {
    this.#clock = opts.clock;
    this.#enabled = opts.enabled;
    this.#globalPerSecond = opts.globalPerSecond;
    this.#defaultBucket = opts.defaultBucket ?? { limit: 50, windowMs: 1000 };
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
  }

  setGlobalPerSecond(n: number): void {
    this.#globalPerSecond = n;
  }

  /** Gives `route` (e.g. "POST /channels/:id/messages") its own limit and resets its buckets. */
  setRouteLimit(route: string, limit: number, windowMs: number): void {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.#routeConfig.set(route, { limit, windowMs });
    for (const key of [...this.#buckets.keys()]) {
      if (key.startsWith(`${route}\u0000`)) this.#buckets.delete(key);
    }
  }

  /** The opaque X-RateLimit-Bucket value for a route (stable, excludes the top-level resource). */
  static bucketHash(route: string): string {
    return createHash('sha256').update(route).digest('hex').slice(0, 32);
  }

  /**
   * Global limit check. Call once per authenticated request before the route
   * check; interaction endpoints must not be passed here.
   */
  checkGlobal(): RateLimitDecision {
    if (!this.#enabled) return { allowed: true, headers: {} };
    const now = this.#clock();
    if (now - this.#globalWindowStart >= 1000) {
      this.#globalWindowStart = now;
      this.#globalCount = 0;
    }
    if (this.#globalCount >= this.#globalPerSecond) {
      return tooManyRequests(this.#globalWindowStart + 1000 - now, 'global');
    }
    this.#globalCount += 1;
    return { allowed: true, headers: {} };
  }

  /** Per-route bucket check; `majorId` is the top-level resource id ('' when none). */
  checkRoute(route: string, majorId: string): RateLimitDecision {
    if (!this.#enabled) return { allowed: true, headers: {} };
    const config = this.#routeConfig.get(route) ?? this.#defaultBucket;
    const now = this.#clock();
    const key = `${route}\u0000${majorId}`;
    let state = this.#buckets.get(key);
    if (!state || now >= state.resetAt || state.limit !== config.limit) {
      state = { limit: config.limit, remaining: config.limit, resetAt: now + config.windowMs };
      this.#buckets.set(key, state);
    }
    const resetAfterMs = state.resetAt - now;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(state.limit),
      'X-RateLimit-Reset': seconds(state.resetAt),
      'X-RateLimit-Reset-After': seconds(resetAfterMs),
      'X-RateLimit-Bucket': RateLimiter.bucketHash(route),
    };
    if (state.remaining <= 0) {
      headers['X-RateLimit-Remaining'] = '0';
      return tooManyRequests(resetAfterMs, 'user', headers);
    }
    state.remaining -= 1;
    headers['X-RateLimit-Remaining'] = String(state.remaining);
    return { allowed: true, headers };
  }

  /**
   * The 429 of an injected fault, shaped like a real one: for a route (scope user or
   * shared) the route's bucket headers with nothing remaining until `retryMs` from now;
   * for the global limit no bucket headers. The buckets themselves are left as they are.
   */
  injected(route: string | null, retryMs: number, scope: RateLimitScope): RateLimitDecision {
    if (scope === 'global' || route === null) return tooManyRequests(retryMs, scope);
    const config = this.#routeConfig.get(route) ?? this.#defaultBucket;
    return tooManyRequests(retryMs, scope, {
      'X-RateLimit-Limit': String(config.limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': seconds(this.#clock() + retryMs),
      'X-RateLimit-Reset-After': seconds(retryMs),
      'X-RateLimit-Bucket': RateLimiter.bucketHash(route),
    });
  }
}

/**
 * Interaction endpoints ("Rate Limits — Global Rate Limit" points to
 * "Receiving and Responding — Endpoints"): interaction callbacks and the
 * application's interaction-token webhook routes.
 */
export function isInteractionEndpoint(path: string, applicationId: string): boolean {
  if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return true;
  return path.startsWith(`/webhooks/${applicationId}/`);
}
