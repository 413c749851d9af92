import { isStorageFull } from '../../src/plugins/client-gallery/server/src/lib/errors';

/** Which failures answer 507 Insufficient Storage: a full disk or quota, however the error is wrapped. */
const errno = (code: string) => Object.assign(new Error(`${code}: write failed`), { code });

describe('isStorageFull', () => {
  it.each<[string, unknown, boolean]>([
    ['ENOSPC', errno('ENOSPC'), true],
    ['EDQUOT', errno('EDQUOT'), true],
    ['ENOSPC as the cause', new Error('upload failed', { cause: errno('ENOSPC') }), true],
    ['ENOSPC as a driver original error', Object.assign(new Error('query failed'), { originalError: errno('ENOSPC') }), true],
    ['EACCES', errno('EACCES'), false],
    ['a plain error', new Error('no space left, says the message only'), false],
    ['nothing', undefined, false],
  ])('%s: %s', (_label, error, expected) => {
    expect(isStorageFull(error)).toBe(expected);
  });
});
