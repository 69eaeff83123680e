#!/usr/bin/env -S node --max-semi-space-size=1 --v8-pool-size=1 --jitless --no-expose-wasm --optimize-for-size
// The node flags keep a mostly idle bot small (docs/BENCHMARKS.md says why each one);
// `npm start`, the container image and the systemd unit pass the same ones.
// Built-ins through process.getBuiltinModule, not `import`: see scripts/build.mjs.
const { existsSync } = process.getBuiltinModule('node:fs');

const bundle = new URL('../dist/theticketbot.js', import.meta.url);
if (!existsSync(bundle)) {
  console.error('theticketbot is not built: run `npm run build` in its folder (a git checkout needs `npm ci` first; see README, "Installing").');
  process.exit(1);
}
const { main } = await import(bundle.href);
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // main() turns every expected failure into a message and an exit code; this is a bug.
    console.error(error);
    process.exitCode = 70;
  },
);
