// Builds what `theticketbot sandbox` needs at run time, so the installed package runs it
// without TypeScript or any dev dependency:
//   dist/emulator/sandbox.js   the emulator, the sandbox's server and the page's API (Node)
//   dist/emulator/web/         the page: index.html, app.js (Preact + Markdown), app.css
// Run by `npm run build` after the bot's own build; it touches nothing else in dist/.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'emulator');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'web'), { recursive: true });

await build({
  entryPoints: [join(root, 'emulator', 'sandbox', 'index.ts')],
  outfile: join(out, 'sandbox.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Runtime dependencies (ws) come from the package's own node_modules.
  packages: 'external',
  logLevel: 'warning',
});

await build({
  entryPoints: [join(root, 'emulator', 'web', 'app', 'main.tsx')],
  outfile: join(out, 'web', 'app.js'),
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome111', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(root, 'emulator', 'web', 'index.html'), join(out, 'web', 'index.html'));

// The page bundles these libraries; their licences travel with it.
const require = createRequire(import.meta.url);
const notices = ['preact', 'discord-markdown-parser'].map((name) => {
  const dir = dirname(require.resolve(`${name}/package.json`));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return `${name} ${pkg.version} (${pkg.license})\n\n${readFileSync(join(dir, 'LICENSE'), 'utf8').trim()}\n`;
});
const vendored = 'discord-markdown-parser includes a copy of simple-markdown (MIT License, Copyright (c) Khan Academy).\n';
writeFileSync(join(out, 'web', 'THIRD-PARTY-NOTICES.txt'), `The sandbox page (app.js) includes the following libraries.\n\n${notices.join('\n---\n\n')}\n---\n\n${vendored}`);
