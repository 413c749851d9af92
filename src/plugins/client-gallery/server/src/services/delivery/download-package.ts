import crypto from 'crypto';
import { factories, type Core } from '@strapi/strapi';
import { EmptyDownloadError } from '../../lib/errors';
import { etagOf, freezeManifest, frozenPolicyOf, layoutOf, type FrozenEntry, type PackageManifest } from '../../lib/package-manifest';
import type { DeliveryPolicy } from './delivery';
import { mediaKeyOf } from '../../lib/media-keys';
import { NOT_A_MARKUP_DRAFT } from '../../lib/final-photos';
import { renderMail } from '../../mail-templates';
import type { Resolution, ShareAccess } from '../../queries/share-rows';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const PACKAGE = UID.downloadPackage;
const IMAGE = UID.galleryImage;

/** Who holds a preparation: this process and this run of it. */
const newLeaseOwner = () => `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;

/** How often a running preparation writes its progress (for "Preparing 120 of 460"). */
const PROGRESS_EVERY_MS = 1000;

/** Passes of a preparation that photo deletions may restart before it gives up (as `failed`). */
const MAX_PREPARE_ATTEMPTS = 3;

class LeaseLostError extends Error {
  constructor(packageId: number) {
    super(`package ${packageId}: lease lost`);
  }
}

export interface PackageRequest {
  resolution: Resolution;
  imageIds?: string[];
}

/**
 * Download packages: a frozen set of photos at one resolution for one link, delivered as a
 * streamed zip behind an expiring link.
 *
 * Nothing lives in process memory: the package row is the job. Its link is an HMAC-signed token
 * (`pk2.<documentId>.<expiry>.<mac>`, lib/share-crypto.ts) bound to a per-package secret and to
 * its link's current token and password, so any instance can mint it again
 * (for the "ready" email) and any instance can serve the zip. The instance that creates a package
 * prepares it at once; a package left "preparing" by an instance that died is taken over by the
 * next sweep on any instance.
 */
// A core service too, so the read-only REST routes (GET /api/download-packages) have find/findOne.
export default factories.createCoreService(PACKAGE, ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).downloads;
  const shareConfig = () => pluginConfig(strapi).share;
  const shareAccess = () => getService(strapi, 'share-access');
  const delivery = () => getService(strapi, 'delivery');
  const derivatives = () => getService(strapi, 'derivatives');
  const grants = () => getService(strapi, 'download-grant');
  const holds = () => getService(strapi, 'package-holds');
  const packages = () => strapi.db.query(PACKAGE);
  const staleMs = () => config().preparationStaleMinutes * 60_000;
  /** A live preparation renews its lease three times per stale period. */
  const leaseRenewMs = () => staleMs() / 3;
  /** Preparations started here; only so tests and shutdown can wait for them. */
  const inFlight = new Set<Promise<unknown>>();

  const tokens = () => getService(strapi, 'share-tokens');
  /** A package's link, under the studio's public URL (studio-settings). */
  const urlFor = (base: string, token: string) => `${base}/api/packages/${encodeURIComponent(token)}`;
  const studio = () => getService(strapi, 'studio-settings').studio();

  /** Queue a mail to the visitor in the caller's transaction (the outbox delivers it); none without an address. */
  async function enqueueMail(kind: 'package-preparing' | 'package-ready', to: string | null, message: { subject: string; text: string; html: string }) {
    if (!to) return false;
    await getService(strapi, 'mail-outbox').enqueue({ kind, to, mail: message });
    return true;
  }

  /** How many of these photos still exist. */
  async function countImages(ids: number[]) {
    let found = 0;
    for (let i = 0; i < ids.length; i += 500) found += await strapi.db.query(IMAGE).count({ where: { id: { $in: ids.slice(i, i + 500) } } });
    return found;
  }

  async function imagesFor(access: ShareAccess, imageIds: string[] | undefined) {
    if (imageIds && imageIds.length > 0) {
      return { images: await shareAccess().requireImages(access, imageIds), fullGallery: false };
    }
    const managed = await getService(strapi, 'download-manager').imageIds(access.link.id);
    // The gallery's own order; the download manager's list keeps that order too. Read in chunks.
    const inGallery = await getService(strapi, 'gallery-membership').imageIds(access.galleryDocumentId);
    const wanted = managed.length > 0 ? inGallery.filter((id) => managed.includes(id)) : inGallery;
    const byId = new Map<number, any>();
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await strapi.db
        .query(IMAGE)
        .findMany({ where: { $and: [{ id: { $in: wanted.slice(i, i + 500) } }, NOT_A_MARKUP_DRAFT] }, populate: { file: { select: ['name'] } } });
      for (const row of rows) byId.set(row.id, row);
    }
    return { images: wanted.map((id) => byId.get(id)).filter(Boolean), fullGallery: managed.length === 0 };
  }

  /**
   * Preparing is making the variants that are missing, and only that: photos in parallel, as
   * many as sharp may decode at once (photos.concurrency, PHOTO_CONCURRENCY), each variant
   * recorded with its CRC-32 and size. Then the layout is frozen from those numbers.
   */
  async function makeVariants(pkg: any, policy: DeliveryPolicy, renew: (prepared: number) => Promise<void>): Promise<PackageManifest> {
    const images: any[] = pkg.images;
    const options = { watermark: policy.watermark, keepMetadata: policy.keepMetadata };
    const entries: FrozenEntry[] = new Array(images.length);
    let next = 0;
    let prepared = 0;
    // The first failure (a render, a lost lease) stops every worker before its next photo.
    let failure: unknown = null;
    const worker = async () => {
      while (!failure && next < images.length) {
        const index = next++;
        const image = images[index];
        try {
          const stored = (await derivatives().ensure(image, pkg.resolution, options))[pkg.resolution];
          const known = await derivatives().known(image.id, stored);
          entries[index] = { fileName: delivery().fileNameOf(image), ...known, key: mediaKeyOf(stored) };
          prepared += 1;
          await renew(prepared);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    const workers = Math.max(1, Math.min(Number(pluginConfig(strapi).photos.concurrency), images.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (failure) throw failure;
    return freezeManifest(frozenPolicyOf(pkg.resolution, policy), new Date(pkg.createdAt), entries);
  }

  function toPublicPackage(pkg: any, token: string | null, base: string) {
    return {
      id: pkg.documentId,
      status: pkg.status,
      resolution: pkg.resolution,
      imageCount: pkg.imageCount,
      prepared: pkg.status === 'ready' ? pkg.imageCount : (pkg.preparedCount ?? 0),
      bytes: pkg.status === 'ready' && pkg.byteLength != null ? Number(pkg.byteLength) : null,
      expiresAt: new Date(pkg.expiresAt).toISOString(),
      downloadUrl: token ? urlFor(base, token) : null,
      statusUrl: token ? `${urlFor(base, token)}/status` : null,
    };
  }

  async function load(where: { id: number } | { documentId: string }) {
    return packages().findOne({
      where,
      populate: { link: { select: ['id', 'recipientEmail', 'tokenHash', 'passwordHash'] }, images: { populate: { file: { select: ['name'] } } } },
    });
  }

  return {
    /**
     * POST /api/share/:token/packages: take the grants for the set (all or nothing), freeze it,
     * answer at once with "preparing", and prepare in the background.
     */
    async order(access: ShareAccess, request: PackageRequest) {
      const owner = newLeaseOwner();
      const policy = shareAccess().authorizeDownload(access, request.resolution);
      const { images, fullGallery } = await imagesFor(access, request.imageIds);
      if (images.length === 0) throw new EmptyDownloadError();
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'package', linkId: access.link.id });
      const imageIds = images.map((image: { id: number }) => image.id);
      const brand = await studio();

      const pkg = await strapi.db.transaction(async () => {
        await grants().take(access.link.id, imageIds);
        // The "preparing" mail commits with the order.
        await enqueueMail(
          'package-preparing',
          access.link.recipientEmail,
          renderMail('package-preparing', { galleryTitle: access.gallery!.title, imageCount: imageIds.length, resolution: policy.resolution }, brand),
        );
        return packages().create({
          data: {
            link: access.link.id,
            images: imageIds,
            resolution: policy.resolution,
            status: 'preparing',
            tokenHash: crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex'),
            expiresAt: new Date(Date.now() + config().packageTtlHours * 3600_000),
            imageCount: imageIds.length,
            preparingSince: new Date(),
            leaseOwner: owner,
            fullGallery,
          },
        });
      });

      await getService(strapi, 'activity').record({
        type: 'package',
        linkId: access.link.id,
        details: { state: 'requested', resolution: policy.resolution, imageCount: imageIds.length },
      });
      this.prepareInBackground(pkg.id, owner);
      return toPublicPackage(pkg, tokens().issuePackageToken(pkg, access.link), brand.publicUrl);
    },

    prepareInBackground(packageId: number, owner: string) {
      const running = this.prepare(packageId, owner).catch((error) => strapi.log.error(`download-package ${packageId}: ${(error as Error).message}`));
      inFlight.add(running);
      running.finally(() => inFlight.delete(running));
    },

    /**
     * Make (or reuse) every file of the package under a lease, then mark it ready and mail its
     * link. The lease (`leaseOwner` + `preparingSince`) is renewed while the work runs, so no other
     * instance takes over a preparation that is alive; a worker that lost its lease stops. Only
     * the one conditional `preparing → ready` update that succeeds sends the mail.
     */
    async prepare(packageId: number, owner: string) {
      for (let attempt = 1; ; attempt += 1) {
        const outcome = await this.prepareOnce(packageId, owner, attempt);
        if (outcome !== 'photos-deleted') return;
      }
    },

    /**
     * One pass of `prepare`. The layout and the package's holds on its stored files
     * (services/delivery/package-holds.ts) are written in one transaction; only then, if no deletion of
     * those files began meanwhile, is the package ready. If one did (a photo deleted while the
     * package was prepared), the pass answers 'photos-deleted' and the package is prepared again
     * from its photos as they are now, so it is never "ready" with an entry cut short.
     */
    async prepareOnce(packageId: number, owner: string, attempt: number): Promise<'photos-deleted' | void> {
      const pkg = await load({ id: packageId });
      if (!pkg || pkg.status !== 'preparing' || pkg.leaseOwner !== owner) return;
      const lease = { id: pkg.id, status: 'preparing', leaseOwner: owner };
      let renewedAt = Date.now();
      let reportedAt = 0;
      let writing: Promise<void> | null = null;
      /** Renew the lease when due, and report progress at most once a second (one conditional update does both). */
      const renew = async (prepared: number) => {
        const now = Date.now();
        if (writing || (now - reportedAt < PROGRESS_EVERY_MS && now - renewedAt < leaseRenewMs())) return;
        reportedAt = now;
        writing = (async () => {
          const { count } = await packages().updateMany({ where: lease, data: { preparingSince: new Date(), preparedCount: prepared } });
          if (count !== 1) throw new LeaseLostError(pkg.id);
          renewedAt = Date.now();
        })().finally(() => (writing = null));
        await writing;
      };
      try {
        if (pkg.images.length === 0) throw new Error('every photo of this package was deleted');
        const access = await shareAccess().resolveById(pkg.link.id);
        const policy = shareAccess().authorizeDownload(access, pkg.resolution);
        const manifest = await makeVariants(pkg, policy, renew);
        const layout = layoutOf(manifest);
        const keys = manifest.entries.map((entry) => entry[3]);
        const dropped = await strapi.db.transaction(async () => {
          const frozen = await packages().updateMany({
            where: lease,
            data: { layout: manifest, etag: etagOf(manifest), byteLength: layout.length, preparedCount: pkg.images.length, imageCount: pkg.images.length },
          });
          if (frozen.count !== 1) throw new LeaseLostError(pkg.id);
          return holds().hold(pkg.id, keys);
        });
        await holds().released(dropped);
        // A deletion still under way has its pending row; one that finished deleted the photo's row first.
        if ((await holds().conflicts(keys)).size > 0 || (await countImages(pkg.images.map((image: { id: number }) => image.id))) < pkg.images.length) {
          if (attempt >= MAX_PREPARE_ATTEMPTS) throw new Error('photos of this package kept being deleted while it was prepared');
          strapi.log.warn(`download-package ${pkg.id}: a photo was deleted while it was prepared; preparing it again`);
          return 'photos-deleted';
        }
        // Ready, its "ready" mail (an outbox row) and readyMailedAt commit together, or not at all.
        await strapi.db.transaction(async () => {
          const { count } = await packages().updateMany({ where: lease, data: { status: 'ready', readyAt: new Date(), leaseOwner: null } });
          if (count !== 1) return; // another instance holds the package now; it sends the mail
          if (pkg.readyMailedAt) return; // prepared again after a policy change: the visitor has the link already
          const brand = await studio();
          const queued = await enqueueMail(
            'package-ready',
            pkg.link.recipientEmail,
            renderMail(
              'package-ready',
              {
                galleryTitle: access.gallery!.title,
                imageCount: pkg.imageCount,
                resolution: pkg.resolution,
                url: urlFor(brand.publicUrl, tokens().issuePackageToken(pkg, pkg.link)),
                expiresAt: new Date(pkg.expiresAt).toISOString(),
              },
              brand,
            ),
          );
          if (queued) await packages().update({ where: { id: pkg.id }, data: { readyMailedAt: new Date() } });
        });
      } catch (error) {
        if (error instanceof LeaseLostError) {
          strapi.log.warn(`download-package ${pkg.id}: lease lost to another instance; stopping`);
          return;
        }
        // A photo deleted under the preparation (its source gone mid-render) is not a failure: prepare the rest.
        if (attempt < MAX_PREPARE_ATTEMPTS && (await countImages(pkg.images.map((image: { id: number }) => image.id))) < pkg.images.length) return 'photos-deleted';
        await this.fail(pkg.id, lease, String((error as Error).message));
        throw error;
      }
    },

    /**
     * A package that cannot be delivered: `failed` (once, by a conditional update on `where`), its
     * stored files released, and the studio told through its notifications. The visitor is told
     * that preparation failed and that ordering again costs nothing: the photos' grants stay.
     */
    async fail(packageId: number, where: Record<string, unknown>, reason: string) {
      const { count } = await packages().updateMany({ where, data: { status: 'failed', failure: reason.slice(0, 500), leaseOwner: null } });
      if (count !== 1) return false;
      await holds().release([packageId]);
      const pkg = await packages().findOne({ where: { id: packageId }, select: ['id', 'documentId', 'resolution', 'imageCount'], populate: { link: { select: ['id'] } } });
      if (pkg?.link) {
        await getService(strapi, 'activity').record({
          type: 'package',
          linkId: pkg.link.id,
          details: { state: 'failed', packageId: pkg.documentId, resolution: pkg.resolution, imageCount: pkg.imageCount, reason: reason.slice(0, 200) },
        });
      }
      return true;
    },

    /**
     * A stored file of a ready package was found missing or shorter than frozen while it was
     * streamed. The package is marked failed (once, across processes: on its frozen ETag), the
     * broken file is forgotten so it is made again, and the package is prepared again at no cost:
     * no grant is taken, and downloads already spent stay spent.
     */
    async storedFileBroken(packageId: number, frozenEtag: string, key: string, reason: string) {
      const failed = await this.fail(packageId, { id: packageId, status: 'ready', etag: frozenEtag }, `A stored file was missing or truncated (${reason}); prepared again`);
      if (!failed) return;
      await derivatives().forget(key, await getService(strapi, 'package-delivery').imageIdsOf(packageId));
      const owner = newLeaseOwner();
      const { count } = await packages().updateMany({
        where: { id: packageId, status: 'failed', etag: frozenEtag },
        data: { status: 'preparing', preparingSince: new Date(), leaseOwner: owner, preparedCount: 0, layout: null, etag: null, byteLength: null },
      });
      if (count === 1) this.prepareInBackground(packageId, owner);
    },

    /** Take over packages whose lease ran out (their instance died): run by a cron on every instance. */
    async resumeStale(now = new Date()) {
      const stale = new Date(now.getTime() - staleMs());
      const candidates = await packages().findMany({
        where: { status: 'preparing', preparingSince: { $lt: stale } },
        select: ['id', 'preparingSince', 'leaseOwner'],
        limit: 20,
      });
      for (const candidate of candidates) {
        // Claim it: only one instance wins the conditional update, and it becomes the owner.
        const owner = newLeaseOwner();
        const { count } = await packages().updateMany({
          where: { id: candidate.id, status: 'preparing', preparingSince: candidate.preparingSince },
          data: { preparingSince: new Date(), leaseOwner: owner },
        });
        if (count === 1) this.prepareInBackground(candidate.id, owner);
      }
    },

    /**
     * Packages past their expiry say so: "expired" is written once (any instance may run this),
     * so the studio and the visitor see the true state. Their links already stopped working at
     * expiry, since the expiry is inside the signed token.
     */
    async expireOld(now = new Date()) {
      const { count } = await packages().updateMany({
        where: { status: { $in: ['preparing', 'ready'] }, expiresAt: { $lt: now } },
        data: { status: 'expired' },
      });
      // Their stored files (and any other package's that can no longer be downloaded) are released.
      await holds().sweep(now);
      return count as number;
    },

    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /**
     * A ready package whose frozen files the link no longer allows (the downloads' watermark
     * switched, another design chosen): prepared again under the link's current policy. One conditional
     * update on the frozen ETag, so of several requests (several processes) one restarts it.
     */
    async prepareAgain(packageId: number, frozenEtag: string | null) {
      const owner = newLeaseOwner();
      const { count } = await packages().updateMany({
        where: { id: packageId, status: 'ready', etag: frozenEtag },
        data: { status: 'preparing', preparingSince: new Date(), leaseOwner: owner, preparedCount: 0, layout: null, etag: null, byteLength: null },
      });
      if (count === 1) this.prepareInBackground(packageId, owner);
    },
  };
});
