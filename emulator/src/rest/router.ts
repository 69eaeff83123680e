/**
 * Route table for the REST API. A route is written with named parameters
 * ("/channels/:channel_id/messages"); its public name replaces every
 * parameter with ":id" ("POST /channels/:id/messages"), which is the string
 * used in recorded requests, faults and rate-limit settings.
 */

import type { IncomingHttpHeaders } from 'node:http';
import type { Gateway } from '../gateway.ts';
import type { Interactions } from '../interactions.ts';
import type { World } from '../state.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface Core {
  world: World;
  gateway: Gateway;
  interactions: Interactions;
  token: string;
  /** "http://127.0.0.1:PORT" */
  baseUrl(): string;
  gatewayUrl(): string;
  privilegedIntents(): number;
}

export interface RequestContext {
  method: string;
  /** Path below /api/vN, e.g. "/channels/123/messages". */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or for multipart the payload_json merged with plain fields. */
  body: unknown;
  files: UploadedFile[];
  core: Core;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => RouteResponse | Promise<RouteResponse>;

export interface RouteDef {
  method: string;
  pattern: string;
  handler: Handler;
  /** Whether the route needs `Authorization: Bot <token>` (default true). */
  auth?: boolean;
}

export interface MatchedRoute {
  def: RouteDef;
  params: Record<string, string>;
  /** e.g. "PUT /applications/:id/commands" */
  name: string;
  /** Top-level resource id for rate limiting ('' when the route has none). */
  majorId: string;
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): RouteResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): RouteResponse {
  return { status: 204 };
}

export function displayPattern(pattern: string): string {
  return pattern.replace(/:[a-z_]+/g, ':id');
}

interface CompiledRoute {
  def: RouteDef;
  segments: string[];
  literalCount: number;
  name: string;
}

export class Router {
  #routes: CompiledRoute[] = [];

  add(def: RouteDef): void {
    const segments = def.pattern.split('/').slice(1);
    this.#routes.push({
      def,
      segments,
      literalCount: segments.filter((s) => !s.startsWith(':')).length,
      name: `${def.method} ${displayPattern(def.pattern)}`,
    });
  }

  addAll(defs: RouteDef[]): void {
    for (const d of defs) this.add(d);
  }

  /** Every route name, e.g. for the README or a test. */
  names(): string[] {
    return this.#routes.map((r) => r.name);
  }

  /**
   * Finds the route for a method and path. `methodMismatch` is true when
   * the path exists but not for this method (a 405).
   */
  match(method: string, path: string): { route: MatchedRoute | null; methodMismatch: boolean } {
    const parts = path.split('/').slice(1).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    let best: { r: CompiledRoute; params: Record<string, string> } | null = null;
    let pathExists = false;
    for (const r of this.#routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i += 1) {
        const seg = r.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) {
          if (part === '') {
            ok = false;
            break;
          }
          params[seg.slice(1)] = part;
        } else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathExists = true;
      if (r.def.method !== method) continue;
      if (!best || r.literalCount > best.r.literalCount) best = { r, params };
    }
    if (!best) return { route: null, methodMismatch: pathExists };
    return {
      route: { def: best.r.def, params: best.params, name: best.r.name, majorId: majorIdOf(best.r.segments, best.params) },
      methodMismatch: false,
    };
  }
}

/**
 * channels/{channel_id}, guilds/{guild_id}, webhooks/{webhook_id}(/{token}) — "Rate Limits",
 * top-level resources; an interaction callback is limited per interaction (its id and token),
 * like the interaction's webhook, so one busy interaction never holds back another.
 */
function majorIdOf(segments: string[], params: Record<string, string>): string {
  const [first, second, third] = segments;
  if (!second?.startsWith(':')) return '';
  const id = params[second.slice(1)] ?? '';
  if (first === 'channels' || first === 'guilds') return id;
  if (first === 'webhooks' || first === 'interactions') {
    const token = third?.startsWith(':') ? params[third.slice(1)] : undefined;
    return token ? `${id}/${token}` : id;
  }
  return '';
}
