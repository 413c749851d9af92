import type { AdminGallery, AdminImage, ClientSummary } from '../../../shared/contracts';

/** Explicit output shapes: nothing private (derivative keys, hashes) leaves through the admin routes by accident. */
export function toClientSummary(client: any): ClientSummary {
  return {
    documentId: client.documentId,
    name: client.name,
    email: client.email ?? null,
    phone: client.phone ?? null,
    imageCount: client.imageCount ?? 0,
    mergedInto: client.mergedInto ? { documentId: client.mergedInto.documentId, name: client.mergedInto.name } : null,
  };
}

/**
 * `urls` are short-lived signed derivative URLs minted by the derivatives service: a raw file URL
 * (even a signed one of the full original) never goes out in a listing.
 */
export function toAdminImage(image: any, urls: { thumb: string | null; preview: string | null }, record: AdminImage['record'] = null): AdminImage {
  return {
    documentId: image.documentId,
    takenAt: new Date(image.takenAt).toISOString(),
    label: image.label ?? null,
    source: image.source,
    sourceRef: image.sourceRef ?? null,
    markupOf: image.markupOf?.documentId ?? null,
    record,
    width: image.width ?? null,
    height: image.height ?? null,
    thumbUrl: urls.thumb,
    previewUrl: urls.preview,
  };
}

export function toAdminGallery(gallery: any): AdminGallery {
  return {
    documentId: gallery.documentId,
    title: gallery.title,
    status: gallery.stage,
    published: gallery.published === true,
    shootDate: gallery.shootDate ?? null,
    deadline: gallery.deadline ?? null,
    welcomeNote: gallery.welcomeNote ?? null,
    proofing: {
      selectionAllowed: gallery.selectionAllowed === true,
      selectionMin: gallery.selectionMin ?? null,
      selectionMax: gallery.selectionMax ?? null,
      commentsAllowed: gallery.commentsAllowed === true,
      reviewEnabled: gallery.reviewEnabled === true,
      filtersEnabled: gallery.filtersEnabled !== false,
      // Rows from before these options have nulls: reminders on, with the plugin default.
      remindersEnabled: gallery.remindersEnabled !== false,
      reminderDays: Array.isArray(gallery.reminderDays) ? gallery.reminderDays : null,
      defaultReminderDays: Array.isArray(gallery.defaultReminderDays) ? gallery.defaultReminderDays : [],
    },
    imageCount: gallery.imageCount ?? 0,
    coverDocumentId: gallery.cover?.documentId ?? null,
    watermarkDesign: gallery.watermarkDesign?.documentId ?? null,
    updatedAt: gallery.updatedAt ? new Date(gallery.updatedAt).toISOString() : null,
  };
}
