import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';
import ts from 'typescript';

/**
 * The value-import graph of a folder of TypeScript, and the cycles in it. A value import runs the
 * imported module before the importer; when two modules reach each other that way, which one
 * sees the other half-evaluated depends on which was entered first, and neither part can be
 * understood (or tested) without the other. Type-only imports are erased by the compiler and
 * order nothing, so they may run both ways.
 */

/** One import or re-export of a file, as written: `typeOnly` when the compiler erases it. */
export interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/**
 * The static imports and re-exports of one source file. Dynamic `import()` and `require()` inside
 * functions are left out: they run when called, not when the module loads, which is how a
 * deliberate late dependency is written.
 */
export function importsOf(fileName: string, source: string): ImportRef[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      // `import './x'` runs x for its effects: a value edge.
      const typeOnly = clause ? clause.isTypeOnly || (!clause.name && allNamedTypeOnly(clause.namedBindings)) : false;
      refs.push({ specifier: statement.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.exportClause;
      const typeOnly = statement.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly));
      refs.push({ specifier: statement.moduleSpecifier.text, typeOnly });
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      refs.push({ specifier: statement.moduleReference.expression.text, typeOnly: statement.isTypeOnly });
    }
  }
  return refs;
}

/** `{ type A, type B }` is erased; `{ type A, b }` keeps b; an empty `{}` still loads the module. */
function allNamedTypeOnly(bindings: ts.NamedImportBindings | undefined): boolean {
  if (!bindings || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

/**
 * Cycles of value edges: each strongly connected group of files (Tarjan's algorithm), with one
 * concrete loop through it to read in a failure (`a → b → a`). Type-only edges are ignored. A
 * file importing itself is a cycle of one. Groups and their files come out sorted, so the same
 * graph always reports the same way.
 */
export function findValueCycles(edges: readonly ImportEdge[]): { files: string[]; loop: string[] }[] {
  const next = new Map<string, string[]>();
  const nodes = new Set<string>();
  for (const edge of edges) {
    nodes.add(edge.from);
    nodes.add(edge.to);
    if (edge.typeOnly) continue;
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  // Recursive: the graphs here are a few hundred files, far from the stack's depth.
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (next.get(node) ?? []).includes(node)) groups.push(group.sort());
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);

  return groups.sort((a, b) => a[0].localeCompare(b[0])).map((files) => ({ files, loop: loopThrough(files, next) }));
}

/** The shortest loop from the group's first file back to itself, staying inside the group. */
function loopThrough(files: string[], next: Map<string, string[]>): string[] {
  const inGroup = new Set(files);
  const start = files[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of [...(next.get(node) ?? [])].sort()) {
      if (!inGroup.has(to)) continue;
      if (to === start) {
        const loop = [start];
        for (let at: string | undefined = node; at !== start && at !== undefined; at = cameFrom.get(at)) loop.splice(1, 0, at);
        return [...loop, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return files;
}

/** The .ts/.tsx files under a folder, in every sub-folder (declaration files declare, they import nothing at run time). */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** A relative specifier to a file, the way the bundler and Node resolve it; package names are not files of the folder. */
function resolve(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'));
  return candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/** The import edges between the files under `root` (paths relative to it); imports leaving the folder are not its cycles. */
export function importGraph(root: string): ImportEdge[] {
  const files = sourceFiles(root);
  const inside = new Set(files);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    for (const ref of importsOf(file, readFileSync(file, 'utf8'))) {
      const target = resolve(file, ref.specifier);
      if (target && inside.has(target)) edges.push({ from: path.relative(root, file), to: path.relative(root, target), typeOnly: ref.typeOnly });
    }
  }
  return edges;
}
