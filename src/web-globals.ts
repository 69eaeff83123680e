// Node's fetch, FormData, Headers, Request and Response come from its bundled undici,
// which compiles a WebAssembly HTTP parser the moment it loads. The bot runs with
// --jitless (docs/BENCHMARKS.md), where there is no WebAssembly: loading undici there ends
// the process with an unhandled rejection. Without WebAssembly these globals are replaced
// before anything runs: FormData by formdata-node's (file uploads through
// @discordjs/rest), the others by stand-ins that fail at once with a sentence saying what
// to use instead, and that no object is an instance of. With WebAssembly (development,
// tests in one process) nothing changes.
import { FormData } from 'formdata-node';

const INSTEAD = 'the bot runs without WebAssembly (node --jitless), so undici is not available; use src/discord/http-request.ts';

function unavailableClass(name: string): unknown {
  return class {
    constructor() {
      throw new TypeError(`${name}: ${INSTEAD}`);
    }
    static [Symbol.hasInstance](): boolean {
      return false;
    }
  };
}

function replace(name: string, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

/** Whether the globals were replaced (no WebAssembly in this process). */
export const webGlobalsReplaced = typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'undefined';

if (webGlobalsReplaced) {
  replace('FormData', FormData);
  for (const name of ['Headers', 'Request', 'Response', 'MessageEvent']) replace(name, unavailableClass(name));
  replace('fetch', () => Promise.reject(new TypeError(`fetch: ${INSTEAD}`)));
}
