import fs from 'fs';
import { inspectZip } from '../helpers/downloads';
import { download, EVENT, HOLD, LINK, PACKAGE, packageKit } from '../helpers/package-kit';

/**
 * Packages that fail: a stored file found missing or truncated while streaming fails the package
 * and prepares it again, at no cost to the visitor (no download spent twice, ordering again free);
 * a failed package says that preparation failed and that ordering again is free (410, not a bad
 * link's 404), and the studio gets a notification. Downloads also go through a second process.
 */
const kit = packageKit('Fay Failures');
const { http, other, service, galleryOf, order, waitFor, pathOf } = kit;

describe('a broken stored file', () => {
  it('fails a package whose stored file is found truncated or missing while streaming, prepares it again, and spends no download twice', async () => {
    const { token, link } = await galleryOf('Broken', 3, { downloadLimit: 10 });
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const good = await download(http, pkg.path);
    expect(good.status).toBe(200);
    const used = async () => (await kit.strapi.db.query(LINK).findOne({ where: { id: link.id }, select: ['downloadsUsed'] })).downloadsUsed;
    expect(await used()).toBe(3);

    // Truncate the second entry's stored file under the ready package.
    const key = ready.layout.entries[1][3];
    const file = (await pathOf(key))!;
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const cut = await download(other, pkg.path).catch((error: Error) => ({ status: 0, body: Buffer.alloc(0), error }));
    expect((cut as { body: Buffer }).body.length).toBeLessThan(good.body.length);

    // Failed once (on its frozen ETag), the studio notified, then prepared again: the file made anew.
    const again = await waitFor(pkg.documentId, (row) => row.status === 'ready' && new Date(row.readyAt) > new Date(ready.readyAt));
    expect(again.failure).toMatch(/missing or truncated/);
    const notices = await kit.strapi.db.query(EVENT).findMany({ where: { link: { id: link.id }, milestone: 'package-failed' } });
    expect(notices).toHaveLength(1);
    const whole = await download(http, pkg.path);
    expect([whole.status, whole.body.length]).toEqual([200, Number(again.byteLength)]);
    const zip = inspectZip(whole.body);
    expect(zip.test).toMatch(/No errors/);
    expect(zip.names).toHaveLength(3);
    zip.cleanup();

    // Now the file goes altogether: the same again.
    const key2 = again.layout.entries[0][3];
    fs.rmSync((await pathOf(key2))!);
    await download(http, pkg.path).catch(() => undefined);
    const third = await waitFor(pkg.documentId, (row) => row.status === 'ready' && new Date(row.readyAt) > new Date(again.readyAt));
    expect((await download(http, pkg.path)).body.length).toBe(Number(third.byteLength));

    // No download was spent twice, and ordering again costs nothing.
    expect(await used()).toBe(3);
    await order(token);
    expect(await used()).toBe(3);
  }, 60_000);
});

describe('a failed package', () => {
  it('tells the visitor preparation failed and that ordering again is free (410, not 404), and tells the studio', async () => {
    const { token, link } = await galleryOf('Failed', 1);
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    expect(await kit.worker.call(PACKAGE, 'fail', ready.id, { id: ready.id, status: 'ready' }, 'ENOSPC: no space left on device')).toBe(true);

    for (const base of [http, other]) {
      const zip = await base().get(pkg.path);
      expect(zip.status).toBe(410);
      expect(zip.body.error).toMatchObject({ name: 'PackageFailedError', details: { status: 'failed', reorderFree: true } });
      expect(zip.body.error.message).toMatch(/failed.*Order it again.*costs nothing/);
      const status = await base().get(pkg.statusPath);
      expect(status.status).toBe(200);
      expect(status.body.data).toMatchObject({ status: 'failed', reorderFree: true, message: expect.stringMatching(/costs nothing/) });
    }
    expect(await kit.strapi.db.query(HOLD).count({ where: { packageId: ready.id } })).toBe(0);
    const notice = await kit.strapi.db.query(EVENT).findOne({ where: { link: { id: link.id }, milestone: 'package-failed' } });
    expect(notice).toMatchObject({ type: 'package', readAt: null });
    // Failing twice is one notification.
    expect(await service('download-package').fail(ready.id, { id: ready.id }, 'again')).toBe(true);
    expect(await kit.strapi.db.query(EVENT).count({ where: { link: { id: link.id }, milestone: 'package-failed' } })).toBe(1);
    // A bad link is still a plain 404.
    expect((await http().get(`${pkg.path.slice(0, -4)}AAAA`)).status).toBe(404);
  }, 60_000);
});
