import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { renderRequest } from '../../lib/variants';
import type { VariantName, WatermarkDesign } from '../../lib/variants';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const JOB = UID.variantJob;
const IMAGE = UID.galleryImage;
/** Photos per step: one page of the gallery, one query for their rows, then their renders. */
const STEP = 50;
/** A running job renews its lease every step; one not renewed for this long is taken over. */
const STALE_MS = 5 * 60_000;

/** One variant to make for every photo of a gallery. */
export interface VariantRequest {
  variant: VariantName;
  watermark: WatermarkDesign | null;
  keepMetadata: boolean;
  /** Variant ids of a design this one replaced: dropped from each photo once its new variants exist. */
  replaces?: string[];
}

export type JobPurpose = 'visitor-views' | 'downloads';

const newOwner = () => `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;

/**
 * Making a gallery's variants ahead of need, as a job any server process can run:
 * - "visitor-views": a gallery published with a new watermark design gets its thumbs and
 *   previews in that design before its first visitor;
 * - "downloads": a gallery that becomes ready gets the files its links may download
 *   (downloads.prepareAhead), so the first package is ready at once.
 *
 * The job is a row (unique per gallery, purpose and set of variants), so asking twice queues
 * once. It runs under a lease (`leaseOwner`, renewed `leasedAt` at every step of 50 photos)
 * and keeps its place in the gallery's order (`afterPosition`, `afterImageId`): a process that
 * dies leaves a job another takes over from where it stopped. "done" is one conditional update.
 * Renders share the derivatives' semaphore with everything else, and keys are content-addressed,
 * so a variant made twice is the same file.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const jobs = () => strapi.db.query(JOB);
  const running = new Set<Promise<unknown>>();

  const keyOf = (galleryDocumentId: string, purpose: JobPurpose, requests: VariantRequest[]) => {
    const ids = requests.map((request) => renderRequest(request.variant, { watermark: request.watermark, keepMetadata: request.keepMetadata }).id).sort();
    return `${purpose}:${galleryDocumentId}:${crypto.createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32)}`;
  };

  /** Take the job if it is queued, or running under a lease that went stale. One process wins. */
  async function claim(job: { id: number; status: string; leasedAt: string | Date | null }, owner: string, now = new Date()) {
    let where: Record<string, unknown>;
    if (job.status === 'queued') where = { id: job.id, status: 'queued' };
    else if (job.status === 'running' && job.leasedAt && now.getTime() - new Date(job.leasedAt).getTime() >= STALE_MS)
      where = { id: job.id, status: 'running', leasedAt: new Date(job.leasedAt) };
    else return false;
    const { count } = await jobs().updateMany({ where, data: { status: 'running', leaseOwner: owner, leasedAt: now } });
    return count === 1;
  }

  /** Make the missing variants of one step of photos; false when the gallery has no more. */
  async function step(job: any, owner: string): Promise<boolean> {
    const after = job.afterImageId ? { position: Number(job.afterPosition), imageId: Number(job.afterImageId) } : undefined;
    const page = await getService(strapi, 'gallery-membership').page(job.galleryDocumentId, { after, limit: STEP });
    if (page.length === 0) return false;
    const rows = await strapi.db.query(IMAGE).findMany({ where: { id: { $in: page.map((entry) => entry.imageId) } }, populate: { file: true } });
    const derivatives = getService(strapi, 'derivatives');
    const requests = job.requests as VariantRequest[];
    const current = new Set(requests.map((request) => renderRequest(request.variant, request).id));
    const replacedIds = [...new Set(requests.flatMap((request) => request.replaces ?? []))].filter((id) => !current.has(id));
    for (const row of rows) {
      if (!row.file) continue;
      // One photo's variants of one design from one decode; a different design or metadata rule is another render.
      const groups = new Map<string, VariantRequest[]>();
      for (const request of job.requests as VariantRequest[]) {
        if (row.derivatives?.[renderRequest(request.variant, { watermark: request.watermark, keepMetadata: request.keepMetadata }).id]) continue;
        const group = `${JSON.stringify(request.watermark)}:${request.keepMetadata}`;
        groups.set(group, [...(groups.get(group) ?? []), request]);
      }
      for (const group of groups.values()) {
        await derivatives.ensure(
          row,
          group.map((request) => request.variant),
          { watermark: group[0].watermark, keepMetadata: group[0].keepMetadata },
        );
      }
      const drop = replacedIds.filter((id) => row.derivatives?.[id]);
      if (drop.length > 0) await derivatives.drop(row.id, drop);
    }
    const last = page[page.length - 1];
    const { count } = await jobs().updateMany({
      where: { id: job.id, status: 'running', leaseOwner: owner },
      data: { afterPosition: last.position, afterImageId: last.imageId, photosDone: (job.photosDone ?? 0) + page.length, leasedAt: new Date() },
    });
    if (count !== 1) throw new Error('lease lost');
    Object.assign(job, { afterPosition: last.position, afterImageId: last.imageId, photosDone: (job.photosDone ?? 0) + page.length });
    return page.length === STEP;
  }

  async function run(jobId: number, owner: string) {
    const job = await jobs().findOne({ where: { id: jobId } });
    if (!job || job.leaseOwner !== owner) return;
    try {
      while (await step(job, owner));
      await jobs().updateMany({
        where: { id: job.id, status: 'running', leaseOwner: owner },
        data: { status: 'done', finishedAt: new Date(), leaseOwner: null },
      });
    } catch (error) {
      if ((error as Error).message === 'lease lost') return;
      strapi.log.warn(`variant-job ${job.jobKey}: ${(error as Error).message}`);
      await jobs().updateMany({
        where: { id: job.id, status: 'running', leaseOwner: owner },
        data: { status: 'failed', failure: String((error as Error).message).slice(0, 500), leaseOwner: null },
      });
    }
  }

  function start(jobId: number, owner: string) {
    const work = run(jobId, owner).finally(() => running.delete(work));
    running.add(work);
  }

  return {
    /**
     * Queue `requests` for every photo of the gallery, and start on this process. The same
     * gallery, purpose and variants again: a queued or running job is left as it is; a
     * finished one starts over (photos may have been added since).
     */
    async enqueue(galleryDocumentId: string, purpose: JobPurpose, requests: VariantRequest[]) {
      if (requests.length === 0) return null;
      const jobKey = keyOf(galleryDocumentId, purpose, requests);
      const fresh = {
        status: 'queued',
        afterPosition: null,
        afterImageId: null,
        photosDone: 0,
        leaseOwner: null,
        leasedAt: null,
        finishedAt: null,
        failure: null,
      };
      let job = await jobs().findOne({ where: { jobKey } });
      if (!job) {
        try {
          job = await jobs().create({ data: { jobKey, galleryDocumentId, purpose, requests, ...fresh } });
        } catch {
          job = await jobs().findOne({ where: { jobKey } }); // another process created it at the same moment
        }
      } else if (job.status === 'done' || job.status === 'failed') {
        await jobs().updateMany({ where: { id: job.id, status: job.status }, data: { ...fresh, requests } });
        job = await jobs().findOne({ where: { id: job.id } });
      }
      if (!job) return null;
      const owner = newOwner();
      if (await claim(job, owner)) start(job.id, owner);
      return job.id as number;
    },

    /** Run by the cron on every process: take over queued jobs and jobs whose process died. */
    async sweep(now = new Date()) {
      const stale = new Date(now.getTime() - STALE_MS);
      const candidates = await jobs().findMany({
        where: { $or: [{ status: 'queued' }, { status: 'running', leasedAt: { $lt: stale } }] },
        select: ['id', 'status', 'leasedAt'],
        limit: 5,
      });
      for (const candidate of candidates) {
        const owner = newOwner();
        if (await claim(candidate, owner, now)) start(candidate.id, owner);
      }
    },

    /**
     * What a gallery's download links may fetch, as variant requests: for each link that is
     * live and allows downloads, each resolution it offers, under its policy (watermark, metadata).
     */
    async downloadRequests(galleryDocumentId: string): Promise<VariantRequest[]> {
      const shareAccess = getService(strapi, 'share-access');
      const links = await strapi.db
        .query(UID.shareLink)
        .findMany({ where: { gallery: { documentId: galleryDocumentId }, revokedAt: null, downloadsEnabled: true }, select: ['id', 'resolutions'] });
      const requests = new Map<string, VariantRequest>();
      for (const link of links) {
        let access;
        try {
          access = await shareAccess.resolveById(link.id);
        } catch {
          continue; // expired, unpublished: nothing to make for it
        }
        for (const resolution of (link.resolutions ?? []) as VariantName[]) {
          try {
            const policy = shareAccess.authorizeDownload(access, resolution);
            const request = { variant: policy.resolution as VariantName, watermark: policy.watermark, keepMetadata: policy.keepMetadata };
            requests.set(renderRequest(request.variant, request).id, request);
          } catch {
            // this resolution is not downloadable now
          }
        }
      }
      return [...requests.values()];
    },

    /** A gallery became ready: with downloads.prepareAhead, make what its links may download. */
    async prepareAhead(galleryDocumentId: string) {
      if (!pluginConfig(strapi).downloads.prepareAhead) return null;
      return this.enqueue(galleryDocumentId, 'downloads', await this.downloadRequests(galleryDocumentId));
    },

    /** Resolves when the jobs started on this process are done (tests, shutdown). */
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};
