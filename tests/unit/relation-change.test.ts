import { parseRelationChange } from '../../src/plugins/client-gallery/server/src/hooks/client-merge';

describe('parseRelationChange (mergedInto input shapes)', () => {
  it.each([
    ['absent', undefined, { kind: 'unchanged' }],
    ['the Content Manager no-op', { connect: [], disconnect: [] }, { kind: 'unchanged' }],
    ['null', null, { kind: 'clear' }],
    ['an empty set', { set: [] }, { kind: 'clear' }],
    ['a disconnect', { connect: [], disconnect: [{ id: 3 }] }, { kind: 'clear' }],
    ['a documentId', 'abc', { kind: 'set', ref: { documentId: 'abc' } }],
    ['an id', 7, { kind: 'set', ref: { id: 7 } }],
    ['an object', { documentId: 'abc' }, { kind: 'set', ref: { documentId: 'abc' } }],
    ['a connect', { connect: [{ id: 4, documentId: 'def' }], disconnect: [] }, { kind: 'set', ref: { documentId: 'def' } }],
    ['a set', { set: [{ id: '9' }] }, { kind: 'set', ref: { id: 9 } }],
    ['an array', ['xyz'], { kind: 'set', ref: { documentId: 'xyz' } }],
  ])('reads %s', (_name, input, expected) => {
    expect(parseRelationChange(input)).toEqual(expected);
  });

  it('refuses input that names no client', () => {
    expect(() => parseRelationChange({ name: 'x' })).toThrow('mergedInto must name a client');
    expect(() => parseRelationChange(true)).toThrow();
  });
});
