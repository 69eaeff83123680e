// The command line: arguments, prompts, exit codes. main.ts builds and runs the bot; every
// expected failure comes back here to end as a sentence on stderr and a non-zero exit
// code, never a stack.
// First: without WebAssembly, the undici-backed globals are replaced before any module runs.
import './web-globals.ts';
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkApiUrl, ConfigError } from './config/schema.ts';
import type { Logger } from './log/logger.ts';
import { FatalError, run, SetupError, type Host, type RunRequest } from './main.ts';
import { LineReader, looksLikeToken, promptHidden, PromptCancelled, type Input } from './prompt.ts';
import { StoreError } from './store/open.ts';

export const EXIT = {
  ok: 0,
  /** Bad arguments or configuration (shard settings Discord refused included: 4010, 4011). */
  config: 1,
  /** No token anywhere. */
  noToken: 2,
  /** Discord rejected the token (REST 401 or gateway 4004). */
  tokenRejected: 3,
  /** A privileged intent is not enabled in the developer portal (4014), or invalid intents (4013). */
  intents: 4,
  /** The database could not be opened. */
  database: 5,
  /** Discord could not be reached or answered something unexpected. */
  discord: 6,
  /** Ctrl-C at a prompt. */
  cancelled: 130,
} as const;

const PORTAL = 'https://discord.com/developers/applications';
const TOKEN_HELP = `Create a bot and copy its token at ${PORTAL} (your application → Bot → Reset Token).`;

/** The environment variables the bot reads, for --help. */
const ENVIRONMENT_HELP = `
Environment variables:
  THETICKETBOT_TOKEN     the bot token; overrides bot.token in config.toml
  THETICKETBOT_DB_KEY    the database key, when db.key_template is set
  THETICKETBOT_API_URL   overrides discord.api_url (a REST proxy, or a local emulator)
  THETICKETBOT_DB_URL    overrides db.url: postgres://user:password@host:5432/database
`;

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface CliIO {
  stdin: Input;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  home: string;
  uid?: number;
  /** Resolves when SIGINT or SIGTERM arrives. */
  signals: () => Promise<string>;
}

function defaultIO(): CliIO {
  return {
    stdin: process.stdin as Input,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    home: homedir(),
    uid: process.platform === 'win32' ? undefined : userInfo().uid,
    signals: () =>
      new Promise((resolve) => {
        const on = (signal: string): void => {
          process.off('SIGINT', on);
          process.off('SIGTERM', on);
          resolve(signal);
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      }),
  };
}

class CliExit extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** `theticketbot sandbox`'s own options; -v comes from the global option. */
export interface SandboxOptions {
  port: number;
  keep?: string;
  locale?: string;
  verbose: number;
}

interface Options {
  verbose: number;
  configFile?: string;
  sync?: boolean;
  dumpConfig?: boolean;
  /** The doctor subcommand, and whether it prints JSON. */
  doctor?: { json: boolean };
  /** The sandbox subcommand and its options. */
  sandbox?: Omit<SandboxOptions, 'verbose'>;
  /** The rest-proxy subcommand and its options. */
  restProxy?: RestProxyArgs;
  /** The copy-db subcommand: the PostgreSQL URL to copy into. */
  copyDb?: { to: string };
}

/** `theticketbot rest-proxy` (src/rest-proxy.ts). */
export interface RestProxyArgs {
  host: string;
  port: number;
  upstream: string;
  globalPerSecond: number;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return n;
}

function parseUpstream(value: string): string {
  const checked = checkApiUrl(value);
  if (!checked.ok) throw new InvalidArgumentError(checked.problem);
  return checked.value;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0: any free port).');
  return port;
}

function parseArgs(argv: string[], io: CliIO): Options | number {
  const program = new Command('theticketbot')
    .description('A self-hosted Discord bot that runs tickets on private channel threads.')
    .version(readVersion(), '-V, --version', 'print the version and exit')
    .addOption(
      new Option('-v, --verbose', 'more logging: -v for the bot, -vv for everything').argParser(
        (_v: string, previous: number) => previous + 1,
      ).default(0),
    )
    .option('--config-file <path>', 'use this config file (it must exist)')
    .option('--sync', 'log in, synchronise application commands, print the invite link and exit')
    .option('--no-sync', 'do not synchronise application commands at startup')
    .option('--dump-config', 'print the config file path and the effective configuration, then exit')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', ENVIRONMENT_HELP)
    .addHelpText('after', 'Try the bot without Discord: theticketbot sandbox (see theticketbot sandbox --help).')
    .addHelpText('after', 'Several processes of one bot share a REST proxy: theticketbot rest-proxy (see theticketbot rest-proxy --help).')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    // Without a subcommand the bot runs.
    .action(() => {});
  let doctor: { json: boolean } | undefined;
  program
    .command('doctor')
    .description('check the configuration, the token, the privileged intents, the database and every inbox; exit 1 when something is wrong')
    .option('--json', 'print the findings as JSON')
    .action((opts: { json?: boolean }) => {
      doctor = { json: opts.json === true };
    });
  let sandbox: Options['sandbox'];
  program
    .command('sandbox')
    .description('try the bot in your browser: a stand-in for Discord with a ready-made server, the real bot, and a page on 127.0.0.1; no Discord account or token needed')
    .addOption(new Option('--port <port>', 'port of the page on 127.0.0.1 (0: any free port)').argParser(parsePort).default(0))
    .option('--keep <dir>', 'keep the server and the database in this folder, and start from them next time')
    .option('--locale <locale>', "the server's language as Discord names it (en-US, de, fr, …)")
    // -v is the program's option, so it counts before or after `sandbox`.
    .addHelpText('after', '\nGlobal options:\n  -v, --verbose      more logging: -v for the bot, -vv for everything\n')
    .action((opts: { port: number; keep?: string; locale?: string }) => {
      sandbox = { port: opts.port, ...(opts.keep !== undefined ? { keep: opts.keep } : {}), ...(opts.locale !== undefined ? { locale: opts.locale } : {}) };
    });
  let restProxy: RestProxyArgs | undefined;
  program
    .command('rest-proxy')
    .description(
      'share one bot\'s REST rate limits between several bot processes: run one proxy, and set discord.api_url = "http://<proxy host>:<port>/api" in every process; it needs no token and reads no config file',
    )
    .addOption(new Option('--host <address>', 'address to listen on (0.0.0.0: every interface)').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to listen on (0: any free port)').argParser(parsePort).default(8080))
    .addOption(new Option('--upstream <url>', 'the Discord API').argParser(parseUpstream).default('https://discord.com/api'))
    .addOption(new Option('--global-per-second <n>', "the bot's global rate limit (50 unless Discord raised it)").argParser(parsePositive).default(50))
    .addHelpText('after', '\nGlobal options:\n  -v, --verbose      more logging\n')
    .action((opts: RestProxyArgs) => {
      restProxy = { host: opts.host, port: opts.port, upstream: opts.upstream, globalPerSecond: opts.globalPerSecond };
    });
  let copyDb: { to: string } | undefined;
  program
    .command('copy-db')
    .description('copy every row of the SQLite database (db.path) into an empty PostgreSQL database, in one transaction')
    .requiredOption('--to <url>', 'the PostgreSQL database: postgres://user:password@host:5432/database')
    .action((opts: { to: string }) => {
      copyDb = { to: opts.to };
    });
  // --sync and --no-sync share one attribute in commander; check exclusivity on argv.
  const args = argv.slice(2);
  const exclusive = ['--sync', '--no-sync', '--dump-config'].filter((flag) => args.includes(flag));
  if (exclusive.length > 1) {
    io.stderr.write(`error: ${exclusive.join(' and ')} cannot be used together\n`);
    return EXIT.config;
  }
  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? (code === 0 ? EXIT.ok : EXIT.config) : EXIT.config;
  }
  const raw = program.opts<{ verbose: number; configFile?: string; sync?: boolean; dumpConfig?: boolean }>();
  if ((doctor || copyDb) && exclusive.length > 0) {
    io.stderr.write(`error: ${doctor ? 'doctor' : 'copy-db'} cannot be used with ${exclusive.join(' or ')}\n`);
    return EXIT.config;
  }
  // The sandbox brings its own server and configuration (a config.toml in its --keep folder).
  const notForSandbox = [...exclusive, ...(raw.configFile !== undefined ? ['--config-file'] : [])];
  if (sandbox && notForSandbox.length > 0) {
    io.stderr.write(`error: sandbox cannot be used with ${notForSandbox.join(' or ')}\n`);
    return EXIT.config;
  }
  // The proxy holds no token and reads no config file.
  if (restProxy && notForSandbox.length > 0) {
    io.stderr.write(`error: rest-proxy cannot be used with ${notForSandbox.join(' or ')}\n`);
    return EXIT.config;
  }
  return {
    ...(doctor ? { doctor } : {}),
    ...(sandbox ? { sandbox } : {}),
    ...(restProxy ? { restProxy } : {}),
    ...(copyDb ? { copyDb } : {}),
    verbose: raw.verbose,
    ...(raw.configFile !== undefined ? { configFile: raw.configFile } : {}),
    ...(args.includes('--sync') ? { sync: true } : args.includes('--no-sync') ? { sync: false } : {}),
    ...(raw.dumpConfig ? { dumpConfig: true } : {}),
  };
}

function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text + '\n');
}

/** Reads a secret: hidden prompt on a terminal, else one line of stdin. Never blocks on a missing terminal. */
async function readSecret(io: CliIO, lines: LineReader, question: string): Promise<string | null> {
  if (io.stdin.isTTY) return promptHidden(question, io.stdin, io.stderr);
  const value = await lines.readLine();
  return value === null ? null : value.trim();
}

async function firstRunToken(io: CliIO, lines: LineReader, path: string): Promise<string> {
  line(io.stderr, `No config file found. One will be written to ${path}`);
  line(io.stderr, TOKEN_HELP);
  for (;;) {
    const token = await readSecret(io, lines, 'Bot token (input hidden): ');
    // Enter on an empty line at the terminal asks again; end of input (Ctrl-D, or nothing
    // piped) stops, since nobody is there to answer.
    if (token === '' && io.stdin.isTTY) {
      line(io.stderr, 'No token entered. Paste the bot token and press Enter (Ctrl-C to stop).');
      continue;
    }
    if (token === null || token === '') {
      // The hint where to get one was printed just above.
      throw new CliExit(EXIT.noToken, 'No bot token was given. Run theticketbot again to enter one, or set THETICKETBOT_TOKEN.');
    }
    if (looksLikeToken(token)) return token;
    if (!io.stdin.isTTY) {
      throw new CliExit(EXIT.noToken, 'That does not look like a bot token (it should be three parts separated by dots).');
    }
    line(io.stderr, 'That does not look like a bot token (it should be three parts separated by dots). Try again.');
  }
}

/** The request for main.ts: what to do, how verbosely, with which config file. */
function requestFor(options: Options): RunRequest {
  return {
    task: options.copyDb ? 'copy-db' : options.dumpConfig ? 'dump-config' : options.sync === true ? 'sync' : 'run',
    ...(options.copyDb ? { copyTo: options.copyDb.to } : {}),
    sync: options.sync === false ? 'skip' : 'auto',
    verbosity: Math.min(options.verbose, 2) as 0 | 1 | 2,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
  };
}

function setupMessage(error: SetupError): CliExit {
  switch (error.problem) {
    case 'no-config':
      return new CliExit(
        EXIT.config,
        `No config file found. Expected ${error.path}/config.toml (or ./config.toml). Run theticketbot once to create it, or pass --config-file.`,
      );
    case 'no-token':
      return new CliExit(
        EXIT.noToken,
        `No bot token. ${TOKEN_HELP} Put it in ${error.path} as:\n  [bot]\n  token = "…"\nor set the THETICKETBOT_TOKEN environment variable (or THETICKETBOT_TOKEN_FILE to a file holding it).`,
      );
    case 'no-database-key':
      return new CliExit(
        EXIT.database,
        'db.key_template is set, so the database key is needed: type it at the prompt, set THETICKETBOT_DB_KEY (or THETICKETBOT_DB_KEY_FILE), or pipe it as one line on stdin.',
      );
  }
}

/** Logs the sentence for a failure and returns its exit code. */
function exitFor(error: unknown, log: Logger): number {
  if (error instanceof SetupError) return exitFor(setupMessage(error), log);
  if (error instanceof CliExit) {
    log.error(error.message);
    return error.code;
  }
  if (error instanceof PromptCancelled) return EXIT.cancelled;
  if (error instanceof ConfigError) {
    log.error(`Configuration error: ${error.message}`);
    return EXIT.config;
  }
  if (error instanceof StoreError) {
    log.error(`Database error: ${error.message}`);
    return EXIT.database;
  }
  if (error instanceof FatalError) {
    if (error.reason === 'token-rejected') {
      log.error(`${error.message} Check that it was copied whole, or reset it at ${PORTAL} (your application → Bot → Reset Token).`);
      return EXIT.tokenRejected;
    }
    log.error(error.message);
    if (error.reason === 'sharding') return EXIT.config;
    return error.reason === 'unreachable' ? EXIT.discord : EXIT.intents;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(`Could not connect to Discord: ${message}`, { err: error });
  return EXIT.discord;
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const parsed = parseArgs(argv, io);
  if (typeof parsed === 'number') return parsed;
  if (parsed.sandbox) {
    // Loaded only for this command.
    const { runSandbox } = await import('./sandbox.ts');
    return runSandbox({ ...parsed.sandbox, verbose: parsed.verbose }, io);
  }
  if (parsed.restProxy) {
    // Loaded only for this command.
    const { runRestProxy } = await import('./rest-proxy.ts');
    return runRestProxy({ ...parsed.restProxy, verbose: parsed.verbose }, io);
  }
  // One reader for both prompts: a piped token and key arrive as two lines of one stream.
  const lines = new LineReader(io.stdin);
  const host: Host = {
    platform: io.platform,
    env: io.env,
    home: io.home,
    uid: io.uid,
    cwd: io.cwd,
    console: io.stderr,
    announce: (text) => line(io.stdout, text),
    askToken: (path) => firstRunToken(io, lines, path),
    askDatabaseKey: () => readSecret(io, lines, 'Database key (input hidden): '),
    signals: io.signals,
    failed: exitFor,
  };
  if (parsed.doctor) {
    // Loaded only for this command.
    const { runDoctor } = await import('./doctor/doctor.ts');
    const request = requestFor(parsed);
    try {
      return await runDoctor({ json: parsed.doctor.json, verbosity: request.verbosity, ...(request.configFile !== undefined ? { configFile: request.configFile } : {}) }, host);
    } catch (error) {
      if (error instanceof PromptCancelled) return EXIT.cancelled;
      throw error;
    }
  }
  return run(requestFor(parsed), host);
}
