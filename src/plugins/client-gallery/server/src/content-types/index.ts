import accessAttempt from './access-attempt';
import activityEvent from './activity-event';
import client from './client';
import clientMerge from './client-merge';
import comment from './comment';
import downloadGrant from './download-grant';
import downloadPackage from './download-package';
import favourite from './favourite';
import gallery from './gallery';
import galleryEntry from './gallery-entry';
import galleryImage from './gallery-image';
import reviewMark from './review-mark';
import linkStat from './link-stat';
import markupDraft from './markup-draft';
import packageFile from './package-file';
import outboxMail from './outbox-mail';
import selection from './selection';
import selectionItem from './selection-item';
import shareLink from './share-link';
import taskLease from './task-lease';
import variantJob from './variant-job';
import watermarkDesign from './watermark-design';

/** Keys are the content types' singular names: their UIDs are `plugin::client-gallery.<key>`. */
export default {
  'access-attempt': accessAttempt,
  'activity-event': activityEvent,
  client,
  'client-merge': clientMerge,
  comment,
  'download-grant': downloadGrant,
  'download-package': downloadPackage,
  favourite,
  gallery,
  'gallery-entry': galleryEntry,
  'gallery-image': galleryImage,
  'link-stat': linkStat,
  'review-mark': reviewMark,
  'markup-draft': markupDraft,
  'package-file': packageFile,
  'outbox-mail': outboxMail,
  selection,
  'selection-item': selectionItem,
  'share-link': shareLink,
  'task-lease': taskLease,
  'variant-job': variantJob,
  'watermark-design': watermarkDesign,
};
