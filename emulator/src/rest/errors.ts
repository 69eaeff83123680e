/**
 * Error bodies. Shapes follow "Opcodes and Status Codes — JSON" (every error
 * carries `code` and `message`) and "Reference — Error Messages" (form errors
 * nest by field path and end in `_errors: [{code, message}]`).
 */

export interface ErrorBody {
  code: number;
  message: string;
  errors?: unknown;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, code: number, message: string, extra?: { errors?: unknown; headers?: Record<string, string> }) {
    super(message);
    this.status = status;
    this.body = { message, code };
    if (extra?.errors !== undefined) this.body.errors = extra.errors;
    this.headers = extra?.headers ?? {};
  }
}

/**
 * A 429 shaped as "Rate Limits — Exceeding A Rate Limit" shows it (`message`,
 * `retry_after` in seconds, `global`, and no `code`), with `Retry-After` in whole
 * seconds and `X-RateLimit-Scope`.
 */
export function rateLimitedError(retryMs: number, scope: 'user' | 'shared' = 'user'): ApiError {
  const err = new ApiError(429, 0, 'You are being rate limited.', {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryMs / 1000))), 'X-RateLimit-Scope': scope },
  });
  delete (err.body as { code?: number }).code;
  err.body.retry_after = Number((Math.max(0, retryMs) / 1000).toFixed(3));
  err.body.global = false;
  return err;
}

export const Errors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => new ApiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownRole: () => new ApiError(404, 10011, 'Unknown Role'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  notAuthorizedForApplication: () =>
    new ApiError(403, 20012, 'You are not authorized to perform this action on this application'),
  maxCommands: () => new ApiError(400, 30032, 'Maximum number of application commands reached'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  nonTextChannel: () => new ApiError(400, 50008, 'Cannot send messages in a non-text channel'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  forumMessage: () => new ApiError(400, 40058, 'Cannot send a message in a forum channel'),
  replyWithoutHistory: () => new ApiError(403, 160002, 'Cannot reply without permission to read message history'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  cannotEditOthers: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  invalidJson: () => new ApiError(400, 50109, 'The request body contains invalid JSON.'),
  invalidApiVersion: () => new ApiError(400, 50041, 'Invalid API version provided'),
};

export interface FieldError {
  code: string;
  message: string;
}

/** Collects field errors by path and renders Discord's nested `errors` object. */
export class FormErrors {
  #entries: Array<{ path: Array<string | number>; error: FieldError }> = [];

  add(path: Array<string | number>, code: string, message: string): void {
    this.#entries.push({ path, error: { code, message } });
  }

  get size(): number {
    return this.#entries.length;
  }

  toObject(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const { path, error } of this.#entries) {
      let node = root;
      for (const key of path) {
        const k = String(key);
        let next = node[k];
        if (typeof next !== 'object' || next === null) {
          next = {};
          node[k] = next;
        }
        node = next as Record<string, unknown>;
      }
      const list = (node._errors as FieldError[] | undefined) ?? [];
      list.push(error);
      node._errors = list;
    }
    return root;
  }

  toApiError(): ApiError {
    return new ApiError(400, 50035, 'Invalid Form Body', { errors: this.toObject() });
  }

  throwIfAny(): void {
    if (this.#entries.length > 0) throw this.toApiError();
  }
}
