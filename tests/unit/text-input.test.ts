import { formProblem, urlProblem, utf8Stream, valueProblem } from '../../src/plugins/client-gallery/server/src/lib/text-input';

/** The text rules every request string meets (lib/text-input.ts). */
describe('urlProblem', () => {
  it.each([
    ['/api/share/abc/images?label=Ceremony', null],
    ['/api/share/abc/images?label=C%C3%A9r%C3%A9monie', null],
    ['/api/share/abc/images?label=%E2%80%8E+x', null],
    ['/api/share/abc/images?label=caf\u00c3\u00a9', null], // raw UTF-8 bytes, as Node hands them over (latin1)
    ['/api/share/abc/images?label=a%00b', 'nul'],
    ['/api/share/abc/favourites/%00', 'nul'],
    ['/api/share/abc/images?label=%FF', 'bad-percent-encoding'],
    ['/api/share/abc/images/%C3%28/comments', 'bad-percent-encoding'],
    ['/api/share/abc?x=%zz', 'bad-percent-encoding'],
    ['/api/share/abc?x=%ED%A0%80', 'bad-percent-encoding'], // an encoded surrogate is not UTF-8
    ['/api/share/abc?x=\u00ff', 'bad-percent-encoding'], // a raw 0xFF byte
  ])('%s → %s', (url, expected) => {
    expect(urlProblem(url)).toBe(expected);
  });
});

describe('valueProblem', () => {
  const deep: unknown[] = [];
  let cursor = deep;
  for (let i = 0; i < 100_000; i += 1) {
    const next: unknown[] = [];
    cursor.push(next);
    cursor = next;
  }
  cursor.push('a\u0000');
  it.each([
    ['plain text', { email: 'a@b.test', tags: ['x', 'ü', '\uFFFD literally'] }, null],
    ['NUL in a value', { email: 'a\u0000@b.test' }, 'nul'],
    ['NUL in a key', { ['a\u0000']: 1 }, 'nul'],
    ['NUL in an array', { imageIds: ['ok', '\u0000'] }, 'nul'],
    ['a lone high surrogate', { body: 'x\uD800y' }, 'lone-surrogate'],
    ['a lone low surrogate', { body: '\uDC00' }, 'lone-surrogate'],
    ['a pair', { body: '\uD83D\uDE00' }, null],
    ['numbers, nulls, booleans', { a: 1, b: null, c: true }, null],
    ['a NUL 100,000 arrays deep (no stack overflow)', deep, 'nul'],
  ])('%s', (_name, value, expected) => {
    expect(valueProblem(value)).toBe(expected);
  });
});

describe('formProblem', () => {
  it.each([
    ['a=b&c=d%20e', null],
    ['a=%FF', 'bad-percent-encoding'],
    ['a=%C3%28', 'bad-percent-encoding'],
  ])('%s → %s', (body, expected) => {
    expect(formProblem(body)).toBe(expected);
  });
});

describe('utf8Stream', () => {
  it.each([
    ['valid text split inside a character', [Buffer.from([0x63, 0xc3]), Buffer.from([0xa9])], true],
    ['a literal U+FFFD is valid', [Buffer.from('\uFFFD', 'utf8')], true],
    ['an invalid byte', [Buffer.from([0x7b, 0xff, 0x7d])], false],
    ['a broken sequence', [Buffer.from([0xc3, 0x28])], false],
    ['a sequence cut at the end', [Buffer.from([0x61, 0xe2, 0x82])], false],
  ])('%s', (_name, chunks, expected) => {
    const check = utf8Stream();
    for (const chunk of chunks) check.push(chunk);
    expect(check.end()).toBe(expected);
  });
});
