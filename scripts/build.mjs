// Builds what ships: one minified ESM bundle per target in dist/, plus the files the
// bundle reads at run time. `node scripts/build.mjs [target ...]` (all targets by default).
//
// Why a bundle, minified: V8 keeps the source text of every function it compiled, so the
// resident size of the bot follows the size of the code it loads; see docs/BENCHMARKS.md.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// esbuild is a development dependency: a production install from a git checkout
// (`npm ci --omit=dev`) has no way to build, and says so in one line.
let build;
try {
  ({ build } = await import('esbuild'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  console.error('theticketbot: cannot build without the development dependencies: in a git checkout run `npm ci` (then `npm prune --omit=dev` if you like), or install a release package (README, "Installing").');
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

// Lets the bundled CommonJS packages (ws, commander, …) require Node's built-ins and the
// packages left outside the bundle. process.getBuiltinModule (Node 20.16) rather than an
// `import` of node:module: see builtinsByRequire.
const REQUIRE_BANNER = "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);";

/**
 * @discordjs/rest in its web build: the same client without the import of undici. The
 * bot gives it a node:http request strategy (src/discord/http-request.ts).
 */
const restWebBuild = {
  name: 'discordjs-rest-web',
  setup(b) {
    b.onResolve({ filter: /^@discordjs\/rest$/ }, () => ({ path: join(root, 'node_modules/@discordjs/rest/dist/web.mjs') }));
  },
};

/**
 * Modules that libraries import at load but use only in paths the bot rarely or never
 * takes; each is loaded on first use instead. Loading one at start costs from a few
 * hundred KB of RSS (a built-in) to most of a MB (magic-bytes.js builds its signature tree).
 * - built-ins: commander's child_process (external subcommands), @discordjs/ws's
 *   worker_threads (worker sharding), ws's zlib (permessage-deflate, which Discord does
 *   not offer);
 * - packages: @discordjs/rest's magic-bytes.js (the type of an uploaded file).
 */
const LAZY_BUILTINS = ['child_process', 'worker_threads', 'zlib'];
const LAZY_PACKAGES = ['magic-bytes.js'];
const requireFromRoot = createRequire(join(root, 'package.json'));

function lazyShim(names, realSpecifier) {
  return [
    'let real;',
    `const load = () => (real ??= require(${JSON.stringify(realSpecifier)}));`,
    `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
  ].join('\n');
}

const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const builtins = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    const packages = new RegExp(`^(${LAZY_PACKAGES.map(escape).join('|')})$`);
    // Static imports by libraries only: our own code, dynamic imports and the shim's own
    // require of the real module resolve as usual.
    const applies = (args) => args.namespace === 'file' && args.kind !== 'dynamic-import' && args.importer.includes('/node_modules/');
    b.onResolve({ filter: builtins }, (args) => (applies(args) ? { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' } : undefined));
    b.onResolve({ filter: packages }, (args) => (applies(args) ? { path: args.path, namespace: 'lazy-package' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(`node:${args.path}`)).filter((n) => n !== 'default');
      return { loader: 'js', contents: lazyShim(names, `node:${args.path}`) };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
      const real = requireFromRoot.resolve(args.path);
      const names = Object.keys(requireFromRoot(real)).filter((n) => n !== 'default' && n !== '__esModule');
      return { loader: 'js', contents: lazyShim(names, real), resolveDir: dirname(real) };
    });
  },
};

/**
 * @vladfrangu/async_event_emitter (under @discordjs/rest, ws and core) carries a browser
 * copy of util.inspect (node-inspect-extracted), evaluated at load, for one message about
 * an unhandled 'error' event. On Node the original is built in: the copy is swapped for
 * node:util's inspect, which saves about 1 MB of RSS. The build stops if the file no
 * longer looks as expected.
 */
const eventEmitterInspect = {
  name: 'async-event-emitter-node-inspect',
  setup(b) {
    b.onLoad({ filter: /[\\/]@vladfrangu[\\/]async_event_emitter[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const start = text.indexOf('// node_modules/node-inspect-extracted/dist/inspect.js');
      const endMarker = '} = import_inspect.default;';
      const end = text.indexOf(endMarker);
      const rest = end < 0 ? '' : text.slice(end + endMarker.length);
      const usesOnlyInspect = !/\b(format|formatWithOptions|stripVTControlCharacters|stylizeWithColor|stylizeWithHTML|Proxy2)\b/.test(rest);
      if (start < 0 || end < start || text.indexOf(endMarker, end + 1) >= 0 || !usesOnlyInspect) {
        throw new Error(`${args.path} changed: scripts/build.mjs cannot replace its copy of util.inspect; update or remove the eventEmitterInspect plugin`);
      }
      return { loader: 'js', contents: `${text.slice(0, start)}import { inspect } from "node:util";${rest}` };
    });
  },
};

/**
 * pg picks its socket functions when it loads, probing for Cloudflare Workers by
 * constructing a `Response`; in the bundle the bot runs without WebAssembly, where
 * src/web-globals.ts makes that constructor fail at once, so loading pg would end the
 * PostgreSQL store before it connects. The bundle is for Node only: the probe is answered
 * "no". The build stops if the file no longer looks as expected.
 */
const pgNodeStreams = {
  name: 'pg-node-streams',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const marker = 'function isCloudflareRuntime() {';
      if (text.split(marker).length !== 2) {
        throw new Error(`${args.path} changed: scripts/build.mjs cannot answer its runtime probe; update or remove the pgNodeStreams plugin`);
      }
      return { loader: 'js', contents: text.replace(marker, `${marker}\n  return false;`) };
    });
  },
};

/**
 * discord-api-types ships CommonJS, which esbuild cannot tree-shake: every enum and route
 * of the whole API would be built at start. `discord-api-types/v10` becomes an ES module
 * that takes each name from the file defining it, and those files are marked free of side
 * effects, so only the files whose names are used end up in the bundle.
 */
const apiTypesByName = {
  name: 'discord-api-types-by-name',
  setup(b) {
    const entry = requireFromRoot.resolve('discord-api-types/v10');
    const base = dirname(entry);
    b.onResolve({ filter: /^discord-api-types\/v10$/ }, () => ({ path: entry, namespace: 'api-types-facade' }));
    b.onLoad({ filter: /.*/, namespace: 'api-types-facade' }, () => {
      // Where each exported name is defined: a data property of that file's exports
      // (re-exports are getters), following the require()s from v10.js.
      const seen = new Set();
      const owner = new Map();
      const walk = (file) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const m of readFileSync(file, 'utf8').matchAll(/require\("(\.[^"]+)"\)/g)) walk(requireFromRoot.resolve(join(dirname(file), m[1])));
        const mod = requireFromRoot(file);
        for (const key of Object.keys(mod)) {
          const d = Object.getOwnPropertyDescriptor(mod, key);
          if (d && 'value' in d && !owner.has(key)) owner.set(key, file);
        }
      };
      walk(entry);
      const byFile = new Map();
      const whole = requireFromRoot(entry);
      for (const name of Object.keys(whole)) {
        const file = owner.get(name);
        if (!file || requireFromRoot(file)[name] !== whole[name]) throw new Error(`discord-api-types: cannot tell where ${name} is defined; update the apiTypesByName plugin in scripts/build.mjs`);
        byFile.set(file, [...(byFile.get(file) ?? []), name]);
      }
      const lines = [...byFile].map(([file, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(file)};`);
      return { loader: 'js', contents: lines.join('\n'), resolveDir: base };
    });
    b.onResolve({ filter: /[\\/]discord-api-types[\\/].*\.js$/ }, (args) => ({ path: args.path, sideEffects: false }));
  },
};

/**
 * Every other import of a Node built-in becomes a plain `process.getBuiltinModule()`. An
 * ES `import` of a built-in makes Node build a module namespace from all of its exports,
 * which runs every lazy getter: `import … from 'node:fs'` alone loads fs/promises and
 * readline and costs 2.5 MB of RSS; for the dozen built-ins the bot uses, 1.8 MB more than
 * loading the same modules as CommonJS does (docs/BENCHMARKS.md).
 */
const builtinNames = new Set(builtinModules.filter((name) => !name.startsWith('_')));
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!builtinNames.has(name) || args.namespace === 'builtin') return undefined;
      // A dynamic import is loaded when used, if ever: left as it is, without a chunk.
      if (args.kind === 'dynamic-import') return { path: `node:${name}`, external: true };
      return { path: name, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      loader: 'js',
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});`,
    }));
  },
};

/**
 * Each target: where its files go under dist/ (`out`), esbuild options, and the run-time
 * files copied next to its bundle. A new target (another entry point, another platform)
 * is one more entry here.
 */
const targets = {
  bot: {
    out: '.',
    esbuild: {
      entryPoints: { theticketbot: join(root, 'src/cli.ts') },
      bundle: true,
      platform: 'node',
      target: 'node20.19',
      format: 'esm',
      splitting: true,
      // Chunks sit next to the entry: modules find their files relative to import.meta.url.
      chunkNames: '[name]-[hash]',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'linked',
      banner: { js: REQUIRE_BANNER },
      // The SQLite module is native (a .node file built at install); ws's optional native
      // helpers and @discordjs/ws's optional zlib-sync are absent on purpose. prom-client
      // is loaded from node_modules, and only when [metrics] is on: its code stays out of
      // the bundle's files altogether.
      external: ['better-sqlite3-multiple-ciphers', 'bufferutil', 'utf-8-validate', 'zlib-sync', 'prom-client'],
      plugins: [restWebBuild, apiTypesByName, lazyModules, builtinsByRequire, eventEmitterInspect, pgNodeStreams],
      logLevel: 'warning',
      metafile: true,
    },
    // src/ modules find these with new URL('./<dir>/', import.meta.url); in the bundle,
    // import.meta.url is the bundle's, so they sit next to it.
    assets: [
      { from: 'src/store/migrations', to: 'migrations' },
      { from: 'src/i18n/locales', to: 'locales' },
    ],
  },
};

function copyAssets(assets, outdir) {
  for (const { from, to } of assets) {
    const source = join(root, from);
    if (!existsSync(source)) throw new Error(`build: ${from} is missing (moved? update scripts/build.mjs)`);
    const target = join(outdir, to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target, { recursive: true });
  }
}

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in targets)) {
    console.error(`build: unknown target ${name} (known: ${Object.keys(targets).join(', ')})`);
    process.exit(1);
  }
}
const chosen = wanted.length > 0 ? wanted : Object.keys(targets);

// Everything is built in a staging folder and moved into dist/ at the end, so a bot
// started meanwhile finds the previous build or the new one, never half of one.
const staging = mkdtempSync(join(root, '.dist-'));
try {
  for (const name of chosen) {
    const target = targets[name];
    const outdir = join(staging, target.out);
    const result = await build({ ...target.esbuild, outdir });
    copyAssets(target.assets, outdir);
    if (process.env.BUILD_METAFILE) writeFileSync(join(outdir, `${name}.meta.json`), JSON.stringify(result.metafile));
    const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
    const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
    console.log(`build: ${name}: ${outputs.length} file(s), ${(bytes / 1024).toFixed(0)} KiB of JavaScript in ${relative(root, join(dist, target.out))}/`);
  }
  if (wanted.length === 0 || !existsSync(dist)) {
    // A whole build replaces dist/, leaving nothing of an older layout behind.
    const old = `${staging}-old`;
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(staging, dist);
    rmSync(old, { recursive: true, force: true });
  } else {
    for (const name of chosen) {
      const out = join(dist, targets[name].out);
      if (targets[name].out !== '.') rmSync(out, { recursive: true, force: true });
      cpSync(join(staging, targets[name].out), out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
