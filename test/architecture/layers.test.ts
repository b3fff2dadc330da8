import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layers of src/ (CONTRIBUTING.md, "Layout"), checked on every import: static, dynamic
// (`await import(...)`) and type-only ones alike, since each is a dependency a reader follows.

const SRC = resolve(import.meta.dirname, '../../src');

type Layer = 'errors' | 'domain' | 'store' | 'io' | 'ui' | 'commands' | 'wiring';

/** Which layers each layer may import (its own included). Everything else is upward. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  errors: [],
  domain: ['domain', 'errors'],
  store: ['store', 'domain', 'errors'],
  io: ['io', 'store', 'domain', 'errors'],
  ui: ['ui', 'domain', 'errors'],
  commands: ['commands', 'io', 'ui', 'store', 'domain', 'errors'],
  wiring: ['wiring', 'commands', 'io', 'ui', 'store', 'domain', 'errors'],
};

/**
 * The Context type (src/context.ts) is what the wiring hands to every layer that talks to the
 * user: io and ui may name it in a type-only import; they never run the wiring.
 */
const TYPE_ONLY_CONTEXT: readonly Layer[] = ['io', 'ui', 'commands'];

function layerOf(file: string): Layer {
  const [top] = file.split('/');
  if (file === 'errors.ts') return 'errors';
  if (top === 'domain' || top === 'store' || top === 'io' || top === 'ui' || top === 'commands') return top;
  if (!file.includes('/')) return 'wiring'; // context.ts, main.ts, program.ts, launch.ts
  throw new Error(`src/${file} is in no layer: put it in one of domain, store, io, ui, commands`);
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  dynamic: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every import of a file: declarations, re-exports, `import(...)` calls and `import('...').T` types. */
function importsOf(path: string): Edge[] {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const from = relative(SRC, path);
  const edges: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean) => {
    if (!specifier.startsWith('.')) return; // a library or node: builtin
    const to = relative(SRC, resolve(dirname(path), specifier)).replace(/\.js$/, '.ts');
    edges.push({ from, to, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, allTypes, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false, true);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const files = sourceFiles(SRC).map((p) => relative(SRC, p));
const edges = sourceFiles(SRC).flatMap(importsOf);

/** The import circles (strongly connected components of more than one file, or a file importing itself). */
function circles(nodes: string[], all: Edge[]): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of all) next.get(e.from)?.push(e.to);
  // Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const targets = next.get(frame.node) ?? [];
      if (frame.i < targets.length) {
        const to = targets[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = targets.includes(frame.node);
        if (component.length > 1 || selfLoop) found.push(component.sort());
      }
    }
  }
  return found;
}

function upward(all: Edge[]): string[] {
  return all
    .filter((e) => {
      const from = layerOf(e.from);
      const to = layerOf(e.to);
      if (ALLOWED[from].includes(to)) return false;
      return !(e.to === 'context.ts' && e.typeOnly && TYPE_ONLY_CONTEXT.includes(from));
    })
    .map(
      (e) =>
        `src/${e.from} imports src/${e.to}${e.dynamic ? ' (dynamically)' : ''}: ${layerOf(e.from)} may import ${ALLOWED[layerOf(e.from)].join(', ') || 'nothing in src'}`,
    );
}

describe('the layers of src/', () => {
  it('every relative import names a file in src/', () => {
    const known = new Set(files);
    expect(edges.filter((e) => !known.has(e.to)).map((e) => `src/${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('has no import circles, dynamic and type-only imports included', () => {
    expect(circles(files, edges)).toEqual([]);
  });

  it('imports only downward: domain <- store <- io, ui <- commands <- wiring', () => {
    expect(upward(edges)).toEqual([]);
  });

  it('the checks see what they are meant to: a circle, a dynamic import and an upward import', () => {
    const made = [
      { from: 'store/a.ts', to: 'store/b.ts', typeOnly: false, dynamic: false },
      { from: 'store/b.ts', to: 'store/a.ts', typeOnly: false, dynamic: true },
      { from: 'ui/x.ts', to: 'commands/y.ts', typeOnly: false, dynamic: false },
      { from: 'domain/z.ts', to: 'store/a.ts', typeOnly: true, dynamic: false },
      { from: 'io/w.ts', to: 'context.ts', typeOnly: false, dynamic: false },
      { from: 'ui/v.ts', to: 'context.ts', typeOnly: true, dynamic: false },
    ];
    expect(circles(['store/a.ts', 'store/b.ts', 'ui/x.ts'], made)).toEqual([['store/a.ts', 'store/b.ts']]);
    expect(upward(made)).toEqual([
      'src/ui/x.ts imports src/commands/y.ts: ui may import ui, domain, errors',
      'src/domain/z.ts imports src/store/a.ts: domain may import domain, errors',
      'src/io/w.ts imports src/context.ts: io may import io, store, domain, errors',
    ]);
    const file = join(SRC, 'store/store.ts');
    expect(importsOf(file).some((e) => e.dynamic && e.to === 'store/load.ts')).toBe(true);
  });
});
