// How requests to Discord are timed and retried, in one place.
//
// @discordjs/rest sends a request again after a 5xx or a timeout, whatever its method.
// For a POST that creates something, that is how one click becomes two threads or two
// starter messages: Discord's edge can answer 502 or nothing at all after the backend
// did the work. Such a POST goes through postOnce(): it is sent once (the strategy
// below turns its 5xx or lost answer into an error instead of a retry), and after a
// failure the bot looks for what it asked for before it asks again. A 429 is still
// waited out and sent again by the client: a rate-limited request was not processed.
//
// The interaction callback gets a short attempt timeout: Discord gives it 3 s from the
// click, so a hung attempt is only worth retrying early. Retrying it is safe, because a
// second initial response is refused with 40060 (see the router).
import { HTTPError, type RateLimitData, type RawFile, type REST, type RESTOptions } from '@discordjs/rest';
import type { Logger } from '../log/logger.ts';

/**
 * Per-attempt timeout of every request (the client's `timeout`). Discord answers ordinary
 * requests well within a second, so ten seconds without an answer means lost rather than
 * slow; each retry waits as long again (the library default of 15 s with three retries
 * kept a member up to a minute on "Opening your ticket…"). Still long enough for the
 * largest request the bot makes, an inbox copy with 5 MB of images, on a 5 Mbit/s uplink.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

/** Attempt timeout of an interaction callback: leaves room for one more try within Discord's 3 s. */
export const CALLBACK_TIMEOUT_MS = 2_000;

/**
 * Longest rate-limit wait a rename sits out. Discord allows about two renames of a thread
 * per ten minutes and answers the third with a 429 asking to wait minutes; the client
 * would wait that long in silence (and hold the thread's later renames behind it), while
 * the staff member who asked should hear at once how long to wait.
 */
export const RENAME_PATIENCE_MS = 5_000;

/**
 * `rejectOnRateLimit` of the client that renames threads (and nothing else, so the main
 * client's view of the thread's bucket never learns a rename's long wait): a wait longer
 * than RENAME_PATIENCE_MS, announced by a 429 or already known, throws a RateLimitError
 * carrying `retryAfter` instead of waiting; shorter ones are waited out as usual.
 */
export function failLongRenameWaits(data: RateLimitData): boolean {
  return data.retryAfter > RENAME_PATIENCE_MS;
}

/** Marks a request for the strategy; removed before the request leaves the process. */
const SEND_ONCE_HEADER = 'x-theticketbot-send-once';

const CALLBACK_URL = /\/interactions\/\d+\/[^/]+\/callback(?:\?|$)/;

/** A request marked to be sent once got no answer (timeout, connection lost): Discord may or may not have done it. */
export class NoAnswerError extends Error {
  constructor(cause: unknown) {
    super('Discord did not answer the request', { cause });
    this.name = 'NoAnswerError';
  }
}

/** The request failed and looking for its result failed too: nobody knows whether it was done. */
export class OutcomeUnknown extends Error {
  constructor(what: string, cause: unknown) {
    super(`could not tell whether ${what} was created`, { cause });
    this.name = 'OutcomeUnknown';
  }
}

/** The request failed (5xx or no answer) and what it asked for is not there. */
export class NotConfirmed extends Error {
  constructor(what: string, cause: unknown) {
    super(`Discord did not confirm ${what}`, { cause });
    this.name = 'NotConfirmed';
  }
}

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Wraps the client's request strategy. A request marked by postOnce() never comes back to
 * the client as something to retry: a 5xx becomes an HTTPError and a failed or timed-out
 * fetch a NoAnswerError, both of which the client passes straight to the caller.
 * Interaction callbacks get CALLBACK_TIMEOUT_MS per attempt (the client's own timeout
 * still applies when shorter).
 */
export function withRequestPolicy(makeRequest: MakeRequest): MakeRequest {
  return async (url, init) => {
    let headers = init.headers;
    let once = false;
    // A plain object, as the client builds it; naming the global Headers here would load undici.
    if (headers && Object.getPrototypeOf(headers) === Object.prototype && SEND_ONCE_HEADER in headers) {
      const { [SEND_ONCE_HEADER]: _marker, ...sent } = headers as Record<string, string>;
      headers = sent;
      once = true;
    }
    let signal = init.signal;
    let timer: NodeJS.Timeout | undefined;
    if (CALLBACK_URL.test(url)) {
      // A plain abort, so that the client counts it as a timeout and tries again.
      const controller = new AbortController();
      timer = setTimeout(() => controller.abort(), CALLBACK_TIMEOUT_MS);
      if (signal?.aborted) controller.abort();
      else signal?.addEventListener('abort', () => controller.abort(), { once: true });
      signal = controller.signal;
    }
    try {
      if (!once) return await makeRequest(url, { ...init, headers, signal });
      let res: Awaited<ReturnType<MakeRequest>>;
      try {
        res = await makeRequest(url, { ...init, headers, signal });
      } catch (error) {
        throw new NoAnswerError(error);
      }
      if (res.status >= 500 && res.status < 600) {
        await res.arrayBuffer().catch(() => undefined);
        throw new HTTPError(res.status, res.statusText, init.method ?? 'POST', url, { body: undefined, files: undefined });
      }
      return res;
    } finally {
      clearTimeout(timer);
    }
  };
}

export interface OncePost<T> {
  rest: REST;
  route: `/${string}`;
  body: unknown;
  /** Uploads (a multipart request). */
  files?: RawFile[];
  reason?: string;
  /** The result, from Discord's answer. */
  read(answer: unknown): T;
  /**
   * Looks for what the request would have made: its result, or null when it is not there.
   * Without it nothing is looked for and nothing is sent again: a request whose answer
   * was lost ends in NotConfirmed.
   */
  find?(): Promise<T | null>;
  /** What is being made, for the log and errors: "a ticket thread in 123". */
  what: string;
  log: Logger;
  /** Pause before looking a second time when the request got no answer (it may still be under way). */
  recheckDelayMs: number;
}

/**
 * POST once, then look before trying again. A 4xx is Discord's final word (nothing was
 * made) and is thrown as it is. After a 5xx or no answer the result is looked for; when
 * it is there, it is used. Only a definite 5xx with nothing to show for it is sent once
 * more; otherwise NotConfirmed. When looking fails as well: OutcomeUnknown. Without a
 * way to look, a 5xx or no answer is NotConfirmed at once.
 */
export async function postOnce<T>(post: OncePost<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let error: unknown;
    try {
      const answer = await post.rest.post(post.route, {
        body: post.body,
        headers: { [SEND_ONCE_HEADER]: '1' },
        ...(post.files !== undefined && post.files.length > 0 ? { files: post.files } : {}),
        ...(post.reason !== undefined ? { reason: post.reason } : {}),
      });
      return post.read(answer);
    } catch (caught) {
      if (!(caught instanceof HTTPError) && !(caught instanceof NoAnswerError)) throw caught;
      error = caught;
    }
    const find = post.find;
    if (!find) {
      post.log.warn(`Sending ${post.what} failed; not sending it again, as it may have arrived`, { err: error });
      throw new NotConfirmed(post.what, error);
    }
    // A 5xx means Discord is done with the request; no answer means it may still be at it.
    const answered = error instanceof HTTPError;
    post.log.warn(`Sending ${post.what} failed (attempt ${attempt}); looking for it before anything else`, { err: error });
    let found: T | null;
    try {
      found = await find();
      if (found === null && !answered) {
        await new Promise((resolve) => setTimeout(resolve, post.recheckDelayMs));
        found = await find();
      }
    } catch (lookError) {
      throw new OutcomeUnknown(post.what, new AggregateError([error, lookError], 'the request and the look both failed'));
    }
    if (found !== null) {
      post.log.info(`${post.what} was made despite the failure; using it.`);
      return found;
    }
    if (answered && attempt < 2) continue;
    throw new NotConfirmed(post.what, error);
  }
}
