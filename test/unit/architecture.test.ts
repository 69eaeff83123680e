// The layout's promises, checked on the import graph of src/: no module imports itself
// back through others (type imports included), the domain stays pure, and only the
// composition root reaches the event dispatcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(path: string): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const statement of file.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

const files = sourceFiles(SRC);
const name = (path: string): string => relative(SRC, path).split('\\').join('/');
const imports = new Map<string, { local: string[]; external: string[] }>();
for (const path of files) {
  const all = specifiers(path);
  imports.set(name(path), {
    local: all.filter((s) => s.startsWith('.')).map((s) => name(resolve(dirname(path), s))),
    external: all.filter((s) => !s.startsWith('.')),
  });
}

test('src/ has no import cycles, not even through type-only imports', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (module: string): void => {
    state.set(module, 'open');
    trail.push(module);
    for (const next of imports.get(module)?.local ?? []) {
      if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(module, 'done');
  };
  for (const module of imports.keys()) if (!state.has(module)) visit(module);
  assert.deepEqual(cycles, []);
});

test('domain/ imports nothing but its own modules and Node built-ins', () => {
  const offending = [...imports].flatMap(([module, { local, external }]) =>
    module.startsWith('domain/')
      ? [...local.filter((m) => !m.startsWith('domain/')), ...external.filter((s) => !s.startsWith('node:'))].map((s) => `${module} → ${s}`)
      : [],
  );
  assert.deepEqual(offending, []);
});

test('only the composition root imports the gateway event dispatcher', () => {
  const importers = [...imports].filter(([, { local }]) => local.includes('discord/events/index.ts')).map(([module]) => module);
  assert.deepEqual(importers, ['main.ts']);
});
