import { figureProblems } from '../../bench/smoke';

describe('bench:smoke › figureProblems', () => {
  it.each([
    ['finite numbers', { a: 1.5, b: [2, 3], c: { d: 0 } }, 4, []],
    ['figures inside texts', { p: '12.3 ms / 14.0 ms' }, 2, []],
    ['NaN', { ratio: NaN }, 1, ['ratio is NaN']],
    ['Infinity in an array', { runs: [1, Infinity] }, 2, ['runs[1] is Infinity']],
    ['a text that reads NaN', { p50: 'NaN ms' }, 0, ['p50 reads "NaN ms"']],
    ['a text that reads undefined', { row: { x: 'undefined ms' } }, 0, ['row.x reads "undefined ms"']],
    ['no figure at all', { name: 'zip' }, 0, []],
  ])('%s', (_name, value, numbers, problems) => {
    expect(figureProblems(value)).toEqual({ numbers, problems });
  });
});
