/**
 * Every content-type UID the plugin uses, written once. A misspelt key fails the type check,
 * where a misspelt string would fail at run time.
 */
export const UID = {
  accessAttempt: 'plugin::client-gallery.access-attempt',
  activityEvent: 'plugin::client-gallery.activity-event',
  client: 'plugin::client-gallery.client',
  clientMerge: 'plugin::client-gallery.client-merge',
  comment: 'plugin::client-gallery.comment',
  downloadGrant: 'plugin::client-gallery.download-grant',
  downloadPackage: 'plugin::client-gallery.download-package',
  favourite: 'plugin::client-gallery.favourite',
  gallery: 'plugin::client-gallery.gallery',
  galleryImage: 'plugin::client-gallery.gallery-image',
  galleryEntry: 'plugin::client-gallery.gallery-entry',
  linkStat: 'plugin::client-gallery.link-stat',
  reviewMark: 'plugin::client-gallery.review-mark',
  markupDraft: 'plugin::client-gallery.markup-draft',
  packageFile: 'plugin::client-gallery.package-file',
  outboxMail: 'plugin::client-gallery.outbox-mail',
  selection: 'plugin::client-gallery.selection',
  selectionItem: 'plugin::client-gallery.selection-item',
  shareLink: 'plugin::client-gallery.share-link',
  variantJob: 'plugin::client-gallery.variant-job',
  taskLease: 'plugin::client-gallery.task-lease',
  watermarkDesign: 'plugin::client-gallery.watermark-design',
  /** The upload plugin's file (the storage of record for originals). */
  file: 'plugin::upload.file',
} as const;

export type PluginUid = (typeof UID)[keyof typeof UID];
