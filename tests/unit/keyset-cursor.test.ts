import { decodeCursor, encodeCursor } from '../../src/plugins/client-gallery/server/src/lib/keyset-cursor';

describe('keyset-cursor', () => {
  it('round-trips a position', () => {
    const position = { takenAt: '2026-06-01T12:00:00.000Z', id: 42 };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong arity', Buffer.from('["2026-01-01T00:00:00Z"]').toString('base64url')],
    ['bad date', Buffer.from('["yesterday", 3]').toString('base64url')],
    ['non-integer id', Buffer.from('["2026-01-01T00:00:00Z", 1.5]').toString('base64url')],
    ['negative id', Buffer.from('["2026-01-01T00:00:00Z", -1]').toString('base64url')],
    ['id as string', Buffer.from('["2026-01-01T00:00:00Z", "1"]').toString('base64url')],
    ['too long', 'A'.repeat(500)],
  ])('rejects a cursor that is %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
