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
      const retryMs = this.#globalWindowStart + 1000 - now;
      const retryAfter = Number(seconds(retryMs));
      return {
        allowed: false,
        headers: {
          'Retry-After': String(Math.max(1, Math.ceil(retryMs / 1000))),
          'X-RateLimit-Global': 'true',
          'X-RateLimit-Scope': 'global',
        },
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
      };
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
      headers['Retry-After'] = String(Math.max(1, Math.ceil(resetAfterMs / 1000)));
      headers['X-RateLimit-Scope'] = 'user';
      return {
        allowed: false,
        headers,
        body: { message: 'You are being rate limited.', retry_after: Number(seconds(resetAfterMs)), global: false },
      };
    }
    state.remaining -= 1;
    headers['X-RateLimit-Remaining'] = String(state.remaining);
    return { allowed: true, headers };
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
