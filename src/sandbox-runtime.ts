// What `theticketbot sandbox` needs from the emulator, which ships as its own built module
// (dist/emulator/sandbox.js, from emulator/sandbox/index.ts): the bot and the emulator
// share nothing but this interface, HTTP and the gateway.

export interface StartSandboxOptions {
  /** Port of the emulator and the page on 127.0.0.1 (0: any free port). */
  port?: number;
  /** The server's preferred locale (and the page's default language); kept worlds keep theirs unless given. */
  locale?: string;
  /** Where the world is saved and restored from (`--keep`); none: a fresh world that is not saved. */
  worldFile?: string;
  /** Folder of the built page; found next to the runtime when not given. */
  webRoot?: string;
}

export interface SandboxServer {
  /** The page, e.g. http://127.0.0.1:PORT/ */
  url: string;
  /** What goes in discord.api_url. */
  apiUrl: string;
  /** The emulator's control API (for tests and tools). */
  controlUrl: string;
  /** The one bot token the emulator accepts. */
  token: string;
  /** True when the world was seeded now, false when restored. */
  fresh: boolean;
  /** On a fresh world, once the bot is ready: the admin sets up a first inbox through the bot. */
  seedFirstInbox(): Promise<void>;
  /** Writes the world to `worldFile` (no-op without one). */
  save(): void;
  close(): Promise<void>;
}

export interface SandboxRuntime {
  startSandbox(opts: StartSandboxOptions): Promise<SandboxServer>;
}
