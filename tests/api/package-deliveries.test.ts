import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { download, EVENT, IMAGE, sha, packageKit } from '../helpers/package-kit';

/**
 * Package downloads: one activity row per package and day, whatever ranges, probes and processes
 * carry the last byte; and the zip's entry names extract with unzip, 7-Zip and Python whatever the
 * labels hold (100 Japanese characters, bidi overrides, zero-width and control characters, duplicates).
 */
const kit = packageKit('Dora Deliveries');
const { http, other, galleryOf, order, waitFor } = kit;

describe('package deliveries', () => {
  it('records one delivery per package and day, whatever ranges, probes and processes carry the last byte; bytes=10-5 gets the whole zip', async () => {
    const { token, link } = await galleryOf('Probes', 2);
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const length = Number(ready.byteLength);

    const invalid = await download(http, pkg.path, { Range: 'bytes=10-5' });
    expect([invalid.status, invalid.body.length, invalid.headers['content-range']]).toEqual([200, length, undefined]);
    const answers = await Promise.all(
      [http, other].flatMap((base) => [
        download(base, pkg.path),
        download(base, pkg.path, { Range: `bytes=${length - 1}-` }),
        download(base, pkg.path, { Range: 'bytes=-10' }),
        download(base, pkg.path, { Range: 'bytes=0-1,5-6' }),
        download(base, pkg.path, { Range: 'bytes=10-5' }),
        download(base, pkg.path, { Range: `bytes=${length - 100}-${length + 100}` }),
      ]),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 206, 206, 206, 206, 206, 206]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // deliveries are recorded once the bytes have left
    const rows = await kit.strapi.db.query(EVENT).findMany({ where: { link: { id: link.id }, type: 'package' } });
    expect(rows.filter((row: any) => row.details?.state !== 'requested')).toHaveLength(1);
  }, 60_000);
});

describe('zip entry names', () => {
  /** 100 Japanese characters: 300 bytes of UTF-8, past what any file system takes in one name. */
  const JAPANESE_100 = '結婚式の写真と家族の思い出'.repeat(8).slice(0, 100);
  const HOSTILE = [
    JAPANESE_100,
    JAPANESE_100,
    JAPANESE_100 + '追加',
    'invoice\u202Egpj.exe',
    'Zero\u200Bwidth\u200D\uFEFF\u2066isolated\u2069',
    'Zerowidthisolated',
    'bell\u0007tab\u0009nel\u0085del\u007F',
  ];
  const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

  it('extracts a package of hostile labels with unzip, 7z x and Python extractall into real folders', async () => {
    const { imageIds, token } = await galleryOf('Names', HOSTILE.length, { title: 'Wedding \u202Eexe.piz\u202C \u200B album' });
    for (const [i, label] of HOSTILE.entries()) await kit.strapi.db.query(IMAGE).update({ where: { documentId: imageIds[i] }, data: { label } });
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const names: string[] = ready.layout.entries.map((entry: [string]) => entry[0]);
    expect(names).toHaveLength(HOSTILE.length);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name).not.toMatch(INVISIBLE);
      expect(name.endsWith('.jpg')).toBe(true);
    }
    expect(names.filter((name) => name.startsWith(JAPANESE_100.slice(0, 80)))).toHaveLength(3);
    expect(names.some((name) => / \(2\)\.jpg$/.test(name))).toBe(true);

    const zip = await download(http, pkg.path);
    expect(zip.status).toBe(200);
    const disposition = zip.headers['content-disposition'];
    expect(decodeURIComponent(disposition)).not.toMatch(INVISIBLE);
    expect(disposition).toContain('filename="Wedding exe.piz album - web.zip"');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-names-'));
    try {
      const file = path.join(dir, 'package.zip');
      fs.writeFileSync(file, zip.body);
      const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
      const into = (tool: string) => {
        const out = path.join(dir, tool);
        fs.mkdirSync(out);
        return out;
      };
      execFileSync('unzip', ['-q', file, '-d', into('unzip')], { env });
      execFileSync('7z', ['x', '-y', `-o${into('7z')}`, file], { env, stdio: 'pipe' });
      execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', file, into('python')], { env });
      const expected = [...names].sort();
      const contents = new Map<string, string>();
      for (const tool of ['unzip', '7z', 'python']) {
        const extracted = fs.readdirSync(path.join(dir, tool)).sort();
        expect({ tool, extracted }).toEqual({ tool, extracted: expected });
        for (const name of extracted) {
          const digest = sha(fs.readFileSync(path.join(dir, tool, name)));
          expect(contents.get(name) ?? digest).toBe(digest);
          contents.set(name, digest);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
