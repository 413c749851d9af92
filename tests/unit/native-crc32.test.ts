import zlib from 'zlib';
import { useNativeCrc32 } from '../../src/plugins/client-gallery/server/src/lib/native-crc32';

describe('native-crc32', () => {
  it('gives archiver the same checksums, whole or in chunks, through the native implementation', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const crc32 = require('crc-32');
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31 + 7) & 0xff));
    const expected = crc32.buf(data);
    expect(useNativeCrc32()).toBe(true);
    expect(crc32.buf(data)).toBe(expected);
    let running = 0;
    for (let i = 0; i < data.length; i += 4096) running = crc32.buf(data.subarray(i, i + 4096), running);
    expect(running).toBe(expected);
    expect(crc32.buf(data) >>> 0).toBe(zlib.crc32(data));
  });
});
