import path from 'path';
import { findValueCycles, importGraph, importsOf, type ImportEdge } from '../helpers/import-graph';

/**
 * No value-import cycles in the plugin's services or in its public pages. Parts of a cycle load in
 * an order nobody chose and can only be read, changed or tested together; tests/helpers/import-graph.ts
 * says what counts as a value import. The finder and the import reader are tested first, on small
 * made-up inputs, so that a pass below means "no cycle" and not "found nothing to look at".
 */

const PLUGIN = path.resolve(__dirname, '../../src/plugins/client-gallery');

const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

describe('importsOf: which imports load the module', () => {
  it.each([
    ['a named value import', "import { a } from './a';", false],
    ['a default import', "import a from './a';", false],
    ['a namespace import', "import * as a from './a';", false],
    ['an import for its effects', "import './a';", false],
    ['`import type`', "import type { A } from './a';", true],
    ['`import { type A }` only', "import { type A, type B } from './a';", true],
    ['a value beside a type', "import { type A, b } from './a';", false],
    ['a default beside a type', "import a, { type B } from './a';", false],
    ['a value re-export', "export { a } from './a';", false],
    ['`export *`', "export * from './a';", false],
    ['`export type` re-export', "export type { A } from './a';", true],
    ['`export { type A }` re-export', "export { type A } from './a';", true],
    ['`import = require`', "import a = require('./a');", false],
    ['`import type = require`', "import type a = require('./a');", true],
  ])('%s', (_name, source, typeOnly) => {
    expect(importsOf('x.ts', source)).toEqual([{ specifier: './a', typeOnly }]);
  });

  it('leaves out imports that run later, when called', () => {
    const source = "export async function later() { const { a } = await import('./a'); return require('./b') + a; }";
    expect(importsOf('x.ts', source)).toEqual([]);
  });
});

describe('findValueCycles', () => {
  it.each<[string, ImportEdge[], { files: string[]; loop: string[] }[]]>([
    ['a two-file cycle is found', [edge('a', 'b'), edge('b', 'a')], [{ files: ['a', 'b'], loop: ['a', 'b', 'a'] }]],
    ['a type-only edge back does not close a cycle', [edge('a', 'b'), edge('b', 'a', true)], []],
    ['a DAG passes', [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')], []],
    ['a file importing itself is a cycle', [edge('a', 'a'), edge('a', 'b')], [{ files: ['a'], loop: ['a', 'a'] }]],
    [
      'a long cycle names every file, and its shortest loop',
      [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('d', 'a'), edge('c', 'a'), edge('d', 'e')],
      [{ files: ['a', 'b', 'c', 'd'], loop: ['a', 'b', 'c', 'a'] }],
    ],
    [
      'separate cycles are reported separately',
      [edge('a', 'b'), edge('b', 'a'), edge('b', 'c'), edge('c', 'd'), edge('d', 'c')],
      [
        { files: ['a', 'b'], loop: ['a', 'b', 'a'] },
        { files: ['c', 'd'], loop: ['c', 'd', 'c'] },
      ],
    ],
    ['a cycle through a type-only edge is no cycle, whatever else is there', [edge('a', 'b'), edge('b', 'c', true), edge('c', 'a'), edge('b', 'd')], []],
  ])('%s', (_name, edges, cycles) => {
    expect(findValueCycles(edges)).toEqual(cycles);
  });
});

describe.each([
  ['the server services', path.join(PLUGIN, 'server/src/services')],
  ['the public pages', path.join(PLUGIN, 'pages')],
])('%s', (_name, root) => {
  const edges = importGraph(root);

  it('are read: their files import one another', () => {
    expect(edges.filter((e) => !e.typeOnly).length).toBeGreaterThan(0);
  });

  it('have no value-import cycle', () => {
    const cycles = findValueCycles(edges).map(({ files, loop }) => `${files.length} files: ${files.join(', ')}\n    e.g. ${loop.join(' → ')}`);
    expect(cycles).toEqual([]);
  });
});
