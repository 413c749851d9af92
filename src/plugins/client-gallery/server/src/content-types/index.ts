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
import markupDraft from './markup-draft';
import selection from './selection';
import shareLink from './share-link';
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
  'markup-draft': markupDraft,
  selection,
  'share-link': shareLink,
  'watermark-design': watermarkDesign,
};
