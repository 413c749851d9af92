import { inspectZip } from '../helpers/downloads';
import { download, HOLD, IMAGE, PACKAGE, sha, packageKit } from '../helpers/package-kit';

/**
 * A live package's zip survives whatever deletes its photos: the stored files its frozen layout
 * names are held in the database (package_files) and kept until the last package holding them
 * is released. A photo deleted while a package is prepared never gives a "ready" package cut
 * short. Deletions and downloads run in a second process too (on PostgreSQL: two real processes).
 */
const kit = packageKit('Hana Holds');
const { http, other, service, pg, galleryOf, order, waitFor, pathOf } = kit;

describe('a live package holds its stored files', () => {
  it('keeps the zip byte-identical after a photo is deleted in another process, and lets the file go when the package expires', async () => {
    const { imageIds, token } = await galleryOf('Keep', 3);
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const keys: string[] = ready.layout.entries.map((entry: [string, number, number, string]) => entry[3]);

    const before = await download(http, pkg.path);
    expect(before.status).toBe(200);
    const range = await download(http, pkg.path, { Range: 'bytes=100-4099' });
    expect(range.status).toBe(206);

    // The held keys are in the database, and the service the sweeper asks names them.
    const held = await service('package-holds').referencedKeys([...keys, 'derivatives/none/unknown.jpg']);
    expect([...held].sort()).toEqual([...keys].sort());

    // The studio deletes the second photo, in the other process. Its non-package files go at once.
    const victim = await kit.strapi.db.query(IMAGE).findOne({ where: { documentId: imageIds[1] }, select: ['id', 'derivatives'] });
    const ingestKeys = Object.values(victim.derivatives as Record<string, { path: string; hash: string; ext: string }>)
      .map((d) => `${d.path}/${d.hash}${d.ext}`)
      .filter((key) => !keys.includes(key));
    expect(ingestKeys.length).toBeGreaterThan(0);
    await kit.worker.call('plugin::client-gallery.gallery-image', 'remove', imageIds[1]);
    expect(await kit.strapi.db.query(IMAGE).findOne({ where: { documentId: imageIds[1] } })).toBeNull();
    for (const key of ingestKeys) expect(await pathOf(key)).toBeNull();
    expect(await pathOf(keys[1])).not.toBeNull();
    // No photo or file row names the kept file now; the leftover sweeper's reference check still does.
    const named = await (await service('stored-references').open())([keys[1], 'derivatives/none/unknown.jpg']);
    expect([...named]).toEqual([keys[1]]);

    // From either process: the same bytes, the same ETag, the same ranges.
    for (const base of [http, other]) {
      const after = await download(base, pkg.path);
      expect([after.status, sha(after.body), after.headers.etag, after.headers['content-length']]).toEqual([
        200,
        sha(before.body),
        before.headers.etag,
        before.headers['content-length'],
      ]);
      const again = await download(base, pkg.path, { Range: 'bytes=100-4099' });
      expect([again.status, sha(again.body)]).toEqual([206, sha(range.body)]);
    }
    const zip = inspectZip(before.body);
    expect(zip.names).toHaveLength(3);
    zip.cleanup();

    // Expired: the hold is released and the kept file goes; the other photos' files stay (their images live).
    await kit.strapi.db.query(PACKAGE).update({ where: { id: ready.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await kit.worker.call(PACKAGE, 'expireOld');
    expect((await kit.strapi.db.query(PACKAGE).findOne({ where: { id: ready.id } })).status).toBe('expired');
    expect(await kit.strapi.db.query(HOLD).count({ where: { packageId: ready.id } })).toBe(0);
    expect(await pathOf(keys[1])).toBeNull();
    expect(await pathOf(keys[0])).not.toBeNull();
    expect(await kit.strapi.db.query(HOLD).count({ where: { storageKey: keys[1] } })).toBe(0);
    expect((await service('package-holds').referencedKeys(keys)).size).toBe(0);
  }, 60_000);

  it('never makes a package "ready" with a photo deleted while it was prepared', async () => {
    const { imageIds, token, link } = await galleryOf('Race', 5, { size: [1600, 1200] });
    // The victim's package file exists before the order, so the preparation can freeze it.
    const victimRow = await kit.strapi.db.query(IMAGE).findOne({ where: { documentId: imageIds[2] }, populate: { file: true } });
    const access = await service('share-access').resolveById(link.id);
    const policy = service('share-access').authorizeDownload(access, 'web');
    await service('derivatives').ensure(victimRow, 'web', { watermark: policy.watermark, keepMetadata: policy.keepMetadata });

    let unlock: (() => void) | null = null;
    let locked: Promise<unknown> | null = null;
    const pkg = await order(token, other); // prepared by the other process
    const row = await kit.strapi.db.query(PACKAGE).findOne({ where: { documentId: pkg.documentId }, select: ['id'] });
    if (pg()) {
      // PostgreSQL: hold the package row, so the other process cannot freeze (nor report progress) until the photo is gone.
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      locked = kit.strapi.db.connection.transaction(async (trx) => {
        await trx.raw('SELECT id FROM download_packages WHERE id = ? FOR UPDATE', [row.id]);
        held();
        await new Promise<void>((resolve) => (unlock = resolve));
      });
      await holding;
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the preparation has loaded its photos
    await service('gallery-image').remove(imageIds[2]);
    (unlock as (() => void) | null)?.();
    await locked;

    const ready = await waitFor(pkg.documentId, (r) => r.status !== 'preparing');
    expect([ready.status, ready.failure]).toEqual(['ready', null]);
    const zip = await download(http, pkg.path);
    expect([zip.status, zip.body.length]).toEqual([200, Number(ready.byteLength)]);
    const listed = inspectZip(zip.body);
    try {
      expect(listed.test).toMatch(/No errors/);
      // Either the photo left before the freeze (4 entries) or its file is held (5): never a cut-off entry.
      expect(listed.names.length).toBe(ready.layout.entries.length);
      for (const name of listed.names) expect(listed.read(name).length).toBeGreaterThan(0);
      if (pg()) expect(listed.names).toHaveLength(4);
    } finally {
      listed.cleanup();
    }
  }, 60_000);
});
