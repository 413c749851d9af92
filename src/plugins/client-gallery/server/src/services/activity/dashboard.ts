import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { adminPagePath, clientTabPath, proofingThreadPath } from '../../../../shared/admin-paths';
import { DASHBOARD_LIMITS, type AttentionItem, type DashboardResponse } from '../../../../shared/dashboard';
import { utcDay } from '../../lib/activity-counts';
import { awaitingReply, deadlineCutoff, groupActivity } from '../../lib/dashboard-rules';
import { isoTime, linksWithGallery } from '../../queries/link-stats';

const PER_KIND = DASHBOARD_LIMITS.attentionPerKind;
type Row = Record<string, any>;

const clientOf = (row: Row) => (row.client_document_id ? { documentId: row.client_document_id as string, name: (row.client_name as string) ?? '' } : null);
const galleryOf = (row: Row) => (row.gallery_document_id ? { documentId: row.gallery_document_id as string, title: (row.gallery_title as string) ?? '' } : null);
const linkOf = (row: Row) =>
  row.link_document_id ? { documentId: row.link_document_id as string, kind: row.link_kind, recipientEmail: (row.recipient_email as string) ?? null } : null;
const LINK_FIELDS = [
  'sl.id as link_id',
  'sl.document_id as link_document_id',
  'sl.kind as link_kind',
  'sl.recipient_email',
  'g.document_id as gallery_document_id',
  'g.title as gallery_title',
  'c.document_id as client_document_id',
  'c.name as client_name',
];

/** The client's Galleries & sharing tab on this link, where its settings and threads are. */
function sharingHref(row: Row): string {
  if (!row.client_document_id) return adminPagePath('notifications');
  return clientTabPath(row.client_document_id, 'sharing', { galleryDocumentId: row.gallery_document_id, linkDocumentId: row.link_document_id });
}

/**
 * The studio's dashboard: what needs its attention, and recent activity grouped per client and
 * day. Every part is one statement with a bound (DASHBOARD_LIMITS), so an answer costs the same
 * with a hundred events or millions: the statements read indexes, a bounded number of newest
 * rows (by primary key), or small tables (galleries with a near deadline, links, the outbox's
 * failures), never all events.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;

  /** Proofing galleries whose deadline is near (or passed, until the deadline task locks them) with no confirmed selection. */
  async function deadlines(now: Date, days: number): Promise<AttentionItem[]> {
    const db = knex();
    const confirmed = db('selections as s')
      .join('selections_gallery_lnk as sg', 'sg.selection_id', 's.id')
      .join('galleries as gs', 'gs.id', 'sg.gallery_id')
      .whereRaw('?? = ??', ['gs.document_id', 'g.document_id'])
      .whereNotNull('s.confirmed_at')
      .whereNull('s.reopened_at')
      .select(db.raw('1'));
    // A link of the gallery to open its Proofing dialog on (the newest private one, else any).
    const firstLink = db('share_links_gallery_lnk as lg')
      .join('galleries as gl', 'gl.id', 'lg.gallery_id')
      .join('share_links as sl', 'sl.id', 'lg.share_link_id')
      .whereRaw('?? = ??', ['gl.document_id', 'g.document_id'])
      .orderByRaw("CASE WHEN sl.kind = 'private' THEN 0 ELSE 1 END, sl.id DESC")
      .limit(1)
      .select('sl.document_id');
    const rows: Row[] = await db('galleries as g')
      .leftJoin('galleries_client_lnk as gc', 'gc.gallery_id', 'g.id')
      .leftJoin('clients as c', 'c.id', 'gc.client_id')
      .whereNull('g.published_at')
      .where('g.stage', 'proofing')
      .whereNotNull('g.deadline')
      .where('g.deadline', '<=', deadlineCutoff(now, days))
      .whereNotExists(confirmed)
      .select('g.document_id as gallery_document_id', 'g.title as gallery_title', 'g.deadline', 'c.document_id as client_document_id', 'c.name as client_name', firstLink.as('link_document_id'))
      .orderBy([{ column: 'g.deadline', order: 'asc' }, { column: 'g.id', order: 'asc' }])
      .limit(PER_KIND);
    return rows.map((row) => ({
      kind: 'deadline',
      href:
        row.client_document_id && row.link_document_id
          ? proofingThreadPath({ clientDocumentId: row.client_document_id, galleryDocumentId: row.gallery_document_id, linkDocumentId: row.link_document_id, imageDocumentId: null })
          : row.client_document_id
            ? clientTabPath(row.client_document_id, 'sharing', { galleryDocumentId: row.gallery_document_id })
            : adminPagePath('notifications'),
      at: null,
      client: clientOf(row),
      gallery: galleryOf(row),
      link: null,
      details: { deadline: typeof row.deadline === 'string' ? row.deadline.slice(0, 10) : utcDay(new Date(row.deadline)) },
    }));
  }

  /** Links still in use whose download limit is used up. */
  async function limitsUsedUp(): Promise<AttentionItem[]> {
    // The newest such links first, then their galleries and clients: the joins see 50 rows, not every link.
    const db = knex();
    const usedUp = db('share_links')
      .whereNotNull('download_limit')
      .where('download_limit', '>', 0)
      .whereRaw('?? >= ??', ['downloads_used', 'download_limit'])
      .whereNull('revoked_at')
      .orderBy('id', 'desc')
      .limit(PER_KIND)
      .select('id');
    const rows: Row[] = await linksWithGallery(db)
      .whereIn('sl.id', usedUp)
      .select([...LINK_FIELDS, 'sl.download_limit', 'sl.downloads_used', 'sl.updated_at'])
      .orderBy('sl.id', 'desc');
    return rows.map((row) => ({
      kind: 'limit-used-up',
      href: sharingHref(row),
      at: isoTime(row.updated_at),
      client: clientOf(row),
      gallery: galleryOf(row),
      link: linkOf(row),
      details: { limit: Number(row.download_limit), used: Number(row.downloads_used) },
    }));
  }

  /** Mails the outbox gave up on: the Notifications page lists them with "send again". */
  async function failedMails(): Promise<AttentionItem[]> {
    const rows: Row[] = await knex()('outbox_mails').where('status', 'failed').select('kind', 'recipient', 'subject', 'updated_at').orderBy('id', 'desc').limit(PER_KIND);
    return rows.map((row) => ({
      kind: 'failed-mail',
      href: adminPagePath('notifications'),
      at: isoTime(row.updated_at),
      client: null,
      gallery: null,
      link: null,
      details: { mailKind: row.kind ?? null, recipient: row.recipient ?? null, subject: row.subject ?? null },
    }));
  }

  /** Packages that could not be prepared or served (ordering again is free; the link's page is where the studio sees it). */
  async function failedPackages(): Promise<AttentionItem[]> {
    // The newest failed packages first, then their links: the joins see 50 rows, not every link.
    const db = knex();
    const failed = db('download_packages').where('status', 'failed').orderBy('id', 'desc').limit(PER_KIND).select('id', 'image_count', 'failure', 'updated_at');
    const rows: Row[] = await linksWithGallery(db)
      .join('download_packages_link_lnk as pl', 'pl.share_link_id', 'sl.id')
      .join(failed.as('p'), 'p.id', 'pl.download_package_id')
      .select([...LINK_FIELDS, 'p.image_count', 'p.failure', 'p.updated_at as package_updated_at'])
      .orderBy('p.id', 'desc');
    return rows.map((row) => ({
      kind: 'failed-package',
      href: sharingHref(row),
      at: isoTime(row.package_updated_at),
      client: clientOf(row),
      gallery: galleryOf(row),
      link: linkOf(row),
      details: { photos: row.image_count === null ? null : Number(row.image_count), failure: row.failure ?? null },
    }));
  }

  /** Threads among the newest comments whose last word is the client's. */
  async function commentsAwaitingReply(): Promise<AttentionItem[]> {
    const rows: Row[] = await knex()('comments as cm')
      .leftJoin('comments_link_lnk as cl', 'cl.comment_id', 'cm.id')
      .leftJoin('comments_image_lnk as ci', 'ci.comment_id', 'cm.id')
      .leftJoin('gallery_images as i', 'i.id', 'ci.gallery_image_id')
      .select('cm.id', 'cm.author', 'cm.created_at', 'cl.share_link_id as link_id', 'ci.gallery_image_id as image_id', 'i.document_id as image_document_id')
      .orderBy('cm.id', 'desc')
      .limit(DASHBOARD_LIMITS.recentComments);
    const comments = rows.map((row) => ({
      id: Number(row.id),
      author: row.author as string | null,
      linkId: row.link_id === null ? null : Number(row.link_id),
      imageId: row.image_id === null ? null : Number(row.image_id),
      imageDocumentId: (row.image_document_id as string | null) ?? null,
      createdAt: row.created_at as unknown,
    }));
    const waiting = awaitingReply(comments).slice(0, PER_KIND);
    if (waiting.length === 0) return [];
    const links: Row[] = await linksWithGallery(knex())
      .whereIn('sl.id', [...new Set(waiting.map((comment) => comment.linkId!))])
      .select(LINK_FIELDS);
    const linkById = new Map(links.map((link) => [Number(link.link_id), link]));
    return waiting.flatMap((comment): AttentionItem[] => {
      const row = linkById.get(comment.linkId!);
      if (!row) return [];
      return [
        {
          kind: 'comment-awaiting-reply',
          href: row.client_document_id
            ? proofingThreadPath({ clientDocumentId: row.client_document_id, galleryDocumentId: row.gallery_document_id, linkDocumentId: row.link_document_id, imageDocumentId: comment.imageDocumentId })
            : adminPagePath('notifications'),
          at: isoTime(comment.createdAt),
          client: clientOf(row),
          gallery: galleryOf(row),
          link: linkOf(row),
          details: { photo: comment.imageDocumentId },
        },
      ];
    });
  }

  /** The newest events (by primary key), with their client and gallery. */
  async function recentActivity() {
    const rows: Row[] = await knex()('activity_events as e')
      .leftJoin('activity_events_client_lnk as ec', 'ec.activity_event_id', 'e.id')
      .leftJoin('clients as c', 'c.id', 'ec.client_id')
      .leftJoin('activity_events_gallery_lnk as eg', 'eg.activity_event_id', 'e.id')
      .leftJoin('galleries as g', 'g.id', 'eg.gallery_id')
      .select('e.id', 'e.type', 'e.created_at', 'c.document_id as client_document_id', 'c.name as client_name', 'g.document_id as gallery_document_id', 'g.title as gallery_title')
      .orderBy('e.id', 'desc')
      .limit(DASHBOARD_LIMITS.recentEvents);
    const events = rows.map((row) => ({ type: row.type, at: new Date(isoTime(row.created_at) ?? 0), client: clientOf(row), gallery: galleryOf(row) }));
    return { groups: groupActivity(events, (client) => clientTabPath(client, 'activity')), truncated: rows.length === DASHBOARD_LIMITS.recentEvents };
  }

  return {
    /** GET /client-gallery/dashboard */
    async overview({ deadlineDays = DASHBOARD_LIMITS.deadlineDays, now = new Date() }: { deadlineDays?: number; now?: Date } = {}): Promise<DashboardResponse> {
      // Seven bounded statements whatever the data; one after another, as SQLite serves one at a time anyway.
      const attention = [
        ...(await deadlines(now, deadlineDays)),
        ...(await limitsUsedUp()),
        ...(await failedMails()),
        ...(await failedPackages()),
        ...(await commentsAwaitingReply()),
      ];
      const recent = await recentActivity();
      return {
        data: { attention, activity: recent.groups },
        meta: { deadlineDays, recentEvents: DASHBOARD_LIMITS.recentEvents, activityTruncated: recent.truncated },
      };
    },
  };
};
