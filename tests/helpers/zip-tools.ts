import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

/** Zip checks shared by the layout's unit tests and the package API tests: the archive as a file, and every tool's verdict on it. */
export function withArchive(bytes: Buffer | ((file: string) => void), check: (file: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-zip-layout-'));
  const file = path.join(dir, 'test.zip');
  try {
    if (typeof bytes === 'function') bytes(file);
    else fs.writeFileSync(file, bytes);
    check(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * unzip -t, 7z t and Python's zipfile all accept it (each reads every entry and checks its CRC).
 * Then: with `expected`, Python's listing of [name, size, sha256] must equal it; with 'list', the
 * listing is returned; with 'count', only the number of entries (no second read of a huge archive).
 */
export function acceptedByEveryTool(file: string, expected: Array<[string, Buffer]> | 'list' | 'count') {
  expect(execFileSync('unzip', ['-tqq', file], { encoding: 'utf8' })).toBe('');
  expect(execFileSync('7z', ['t', file], { encoding: 'utf8' })).toMatch(/Everything is Ok/);
  const script = [
    'import sys, zipfile, hashlib, json',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None',
    // testzip() has read every entry and checked its CRC; reading them again for their hashes
    // (a second pass, and the whole entry in memory) is only worth it when there are bytes to compare.
    'print(json.dumps([[i.filename, i.file_size, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()] if sys.argv[2] == "list" else len(z.infolist())))',
  ].join('\n');
  const listed = JSON.parse(execFileSync('python3', ['-c', script, file, expected === 'count' ? 'count' : 'list'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  if (Array.isArray(expected)) {
    const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
    expect(listed).toEqual(expected.map(([name, data]) => [name, data.length, sha(data)]));
  }
  return listed;
}
