import crypto from 'crypto';
import { PassThrough } from 'stream';
import { factories, type Core } from '@strapi/strapi';
import { EmptyDownloadError, PackageNotFoundError } from '../lib/errors';
import { contentDisposition, safeFileName } from '../lib/file-names';
import { packageTokenVersion, parsePackageToken, signingKey, signPackageToken, verifyPackageToken } from '../lib/share-crypto';
import { writeZip } from '../lib/zip-stream';
import { NOT_A_MARKUP_DRAFT } from './gallery-image';
import { packagePreparingMail, packageReadyMail } from '../share/emails';
import type { Resolution, ShareAccess } from './share-access';
import { publicBaseUrl } from '../share/urls';
import { UID } from '../uids';
import { getService } from '../get-service';
import { pluginConfig } from '../config';

const PACKAGE = UID.downloadPackage;
const IMAGE = UID.galleryImage;

/** Who holds a preparation: this process and this run of it. */
const newLeaseOwner = () => `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;

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
  const key = () => signingKey(shareConfig().signingSecret, strapi.config.get('server.app.keys') as string[] | undefined);
  const shareAccess = () => getService(strapi, 'share-access');
  const delivery = () => getService(strapi, 'delivery');
  const grants = () => getService(strapi, 'download-grant');
  const packages = () => strapi.db.query(PACKAGE);
  const staleMs = () => config().preparationStaleMinutes * 60_000;
  /** A live preparation renews its lease three times per stale period. */
  const leaseRenewMs = () => staleMs() / 3;
  /** Preparations started here; only so tests and shutdown can wait for them. */
  const inFlight = new Set<Promise<unknown>>();

  const tokenFor = (pkg: { documentId: string; tokenHash: string; expiresAt: string | Date }, link: { tokenHash: string | null; passwordHash: string | null }) =>
    signPackageToken(key(), pkg.documentId, Math.floor(new Date(pkg.expiresAt).getTime() / 1000), packageTokenVersion(pkg.tokenHash, link));
  const urlFor = (token: string) => `${publicBaseUrl(strapi)}/api/packages/${encodeURIComponent(token)}`;

  async function mail(to: string | null, message: { subject: string; text: string; html: string }) {
    if (!to) return false;
    try {
      await strapi.plugin('email').service('email').send({ to, ...message });
      return true;
    } catch (error) {
      strapi.log.warn(`download-package: mail to the visitor failed: ${(error as Error).message}`);
      return false;
    }
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
      const rows = await strapi.db.query(IMAGE).findMany({ where: { $and: [{ id: { $in: wanted.slice(i, i + 500) } }, NOT_A_MARKUP_DRAFT] }, populate: { file: { select: ['name'] } } });
      for (const row of rows) byId.set(row.id, row);
    }
    return { images: wanted.map((id) => byId.get(id)).filter(Boolean), fullGallery: managed.length === 0 };
  }

  function toPublicPackage(pkg: any, token: string | null) {
    return {
      id: pkg.documentId,
      status: pkg.status,
      resolution: pkg.resolution,
      imageCount: pkg.imageCount,
      expiresAt: new Date(pkg.expiresAt).toISOString(),
      downloadUrl: token ? urlFor(token) : null,
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
      const imageIds = images.map((image: { id: number }) => image.id);

      const pkg = await strapi.db.transaction(async () => {
        await grants().take(access.link.id, imageIds);
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
      void mail(access.link.recipientEmail, packagePreparingMail({ studioName: shareConfig().studioName, galleryTitle: access.gallery!.title, imageCount: imageIds.length, resolution: policy.resolution }));
      this.prepareInBackground(pkg.id, owner);
      return toPublicPackage(pkg, tokenFor(pkg, access.link));
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
      const pkg = await load({ id: packageId });
      if (!pkg || pkg.status !== 'preparing' || pkg.leaseOwner !== owner) return;
      const lease = { id: pkg.id, status: 'preparing', leaseOwner: owner };
      let renewedAt = Date.now();
      const renew = async () => {
        if (Date.now() - renewedAt < leaseRenewMs()) return;
        const { count } = await packages().updateMany({ where: lease, data: { preparingSince: new Date() } });
        if (count !== 1) throw new LeaseLostError(pkg.id);
        renewedAt = Date.now();
      };
      try {
        const access = await shareAccess().resolveById(pkg.link.id);
        const policy = shareAccess().authorizeDownload(access, pkg.resolution);
        for (const image of pkg.images) {
          await delivery().prepare(image, policy);
          await renew();
        }
        const { count } = await packages().updateMany({ where: lease, data: { status: 'ready', readyAt: new Date(), leaseOwner: null } });
        if (count !== 1) return; // another instance holds the package now; it sends the mail
        const sent = await mail(
          pkg.link.recipientEmail,
          packageReadyMail({
            studioName: shareConfig().studioName,
            galleryTitle: access.gallery!.title,
            imageCount: pkg.imageCount,
            resolution: pkg.resolution,
            url: urlFor(tokenFor(pkg, pkg.link)),
            expiresAt: new Date(pkg.expiresAt).toISOString(),
          }),
        );
        if (sent) await packages().update({ where: { id: pkg.id }, data: { readyMailedAt: new Date() } });
      } catch (error) {
        if (error instanceof LeaseLostError) {
          strapi.log.warn(`download-package ${pkg.id}: lease lost to another instance; stopping`);
          return;
        }
        await packages().updateMany({ where: lease, data: { status: 'failed', failure: String((error as Error).message).slice(0, 500), leaseOwner: null } });
        throw error;
      }
    },

    /** Take over packages whose lease ran out (their instance died): run by a cron on every instance. */
    async resumeStale(now = new Date()) {
      const stale = new Date(now.getTime() - staleMs());
      const candidates = await packages().findMany({ where: { status: 'preparing', preparingSince: { $lt: stale } }, select: ['id', 'preparingSince', 'leaseOwner'], limit: 20 });
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
      const { count } = await packages().updateMany({ where: { status: { $in: ['preparing', 'ready'] }, expiresAt: { $lt: now } }, data: { status: 'expired' } });
      return count as number;
    },

    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /**
     * GET /api/packages/:packageToken: the zip, streamed. The link's current settings apply
     * (revoked, downloads disabled, watermark). Nothing more is counted here: the grants were
     * taken when the package was made, so a broken transfer can simply be retried.
     */
    async open(packageToken: unknown) {
      const { pkg, access, policy, headers } = await this.check(packageToken);
      const entries = pkg.images.map((image: any) => ({
        name: delivery().fileNameOf(image),
        date: new Date(image.takenAt),
        open: async () => (await delivery().prepare(image, policy)).open(),
      }));
      const body = new PassThrough();
      const imageIds = pkg.images.map((image: { id: number }) => image.id);
      const done = writeZip(entries, body).then(async () => {
        await grants().markDownloaded(access.link.id, imageIds);
        await delivery().recordDelivery(access, 'package', { resolution: pkg.resolution, imageCount: imageIds.length });
      });
      done.catch((error) => strapi.log.warn(`download-package ${pkg.id}: zip stream ended early: ${(error as Error).message}`));
      inFlight.add(done);
      done.finally(() => inFlight.delete(done)).catch(() => undefined);

      return { body, headers };
    },

    /**
     * Is this package link still good, and for whom? The token, its binding to the link's current
     * token and password, the package state and the link's download policy now. HEAD stops here:
     * no zip is built and nothing is counted.
     */
    async check(packageToken: unknown) {
      const parsed = parsePackageToken(packageToken, Math.floor(Date.now() / 1000));
      if (!parsed) throw new PackageNotFoundError();
      const pkg = await load({ documentId: parsed.documentId });
      if (!pkg || !pkg.link || !verifyPackageToken(key(), parsed, packageTokenVersion(pkg.tokenHash, pkg.link))) throw new PackageNotFoundError();
      if (pkg.status === 'failed' || pkg.status === 'expired') throw new PackageNotFoundError();
      const access = await shareAccess().resolveById(pkg.link.id);
      const policy = shareAccess().authorizeDownload(access, pkg.resolution);
      const headers = {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDisposition(safeFileName(`${access.gallery!.title} - ${pkg.resolution}`, 'zip')),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      };
      return { pkg, access, policy, headers };
    },
  };
});
