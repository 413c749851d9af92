import type { AdminActivity, AdminLink, MilestoneKind } from '../../../shared/contracts';
import { msg, type Message, type Translate } from './translations';

export const formatDate = (iso: string | null | undefined, withTime = true) =>
  iso ? new Date(iso).toLocaleString(undefined, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }) : '—';

/** A photo's source in words ("client-note" would read as a raw enum). */
const SOURCE_WORDS: Record<string, Message> = {
  upload: msg('source.upload', 'Upload'),
  comparison: msg('source.comparison', 'Comparison'),
  'client-note': msg('source.client-note', 'Note'),
  form: msg('source.form', 'Form'),
  appointment: msg('source.appointment', 'Appointment'),
};
export const sourceWords = (source: string, t?: Translate) => {
  const words = SOURCE_WORDS[source];
  if (words) return t ? t(words) : words.defaultMessage;
  return source.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
};

const ACTIVITY: Record<string, Message> = {
  view: msg('activity.view', '{who} opened the gallery'),
  favourite: msg('activity.favourite', '{who} added a favourite'),
  download: msg('activity.download', '{who} downloaded a photo'),
  package: msg('activity.package', '{who} downloaded a package'),
  comment: msg('activity.comment', '{who} commented'),
  'selection-confirmed': msg('activity.selection-confirmed', '{who} confirmed their selection'),
  'password-failed': msg('activity.password-failed', '{who} entered a wrong password'),
  'access-claimed': msg('activity.access-claimed', '{who} claimed private access'),
  'sign-in-sent': msg('activity.sign-in-sent', '{who} asked for a sign-in link'),
  'signed-in': msg('activity.signed-in', '{who} signed in with a mailed link'),
  'invitation-sent': msg('activity.invitation-sent', '{who} was sent an invitation'),
  'invitation-failed': msg('activity.invitation-failed', '{who} could not be sent an invitation'),
  'staff-download': msg('activity.staff-download', '{who} downloaded (studio)'),
};

/** Every milestone kind has its label (the type says so); an unknown stored value shows as itself. */
const MILESTONES: Record<MilestoneKind, Message> = {
  'first-view': msg('milestone.first-view', 'First view'),
  'first-favourites': msg('milestone.first-favourites', 'First favourites'),
  'full-gallery-download': msg('milestone.full-gallery-download', 'Full gallery downloaded'),
  'limited-download': msg('milestone.limited-download', 'Download limit reached'),
  'password-failures': msg('milestone.password-failures', 'Repeated wrong passwords'),
  'selection-confirmed': msg('milestone.selection-confirmed', 'Selection confirmed'),
  'new-comments': msg('milestone.new-comments', 'New comments'),
  'deadline-passed': msg('milestone.deadline-passed', 'Deadline passed'),
  'package-failed': msg('milestone.package-failed', 'A zip could not be prepared'),
};
export const milestoneLabel = (milestone: string | null | undefined, t: Translate) =>
  milestone && Object.prototype.hasOwnProperty.call(MILESTONES, milestone) ? t(MILESTONES[milestone as MilestoneKind]) : (milestone ?? '');

export function activityWho(event: AdminActivity, t: Translate) {
  if (!event.link) return t('activity.someone', 'Someone');
  return event.link.kind === 'private'
    ? (event.link.recipientEmail ?? t('activity.aClient', 'A client'))
    : t('activity.generalVisitor', 'A visitor of the general link');
}

export function activityText(event: AdminActivity, t: Translate) {
  const who = activityWho(event, t);
  const message = ACTIVITY[event.type];
  return message ? t(message, { who }) : `${who} ${event.type}`;
}

export function linkRecipient(link: AdminLink, t: Translate) {
  if (link.kind === 'general') return t('link.anyone', 'Anyone with the link');
  return link.recipientName ? `${link.recipientName} <${link.recipientEmail}>` : (link.recipientEmail ?? '—');
}

export function settingsSummary(link: AdminLink, t: Translate): string[] {
  const s = link.settings;
  const parts: string[] = [s.watermark ? t('link.summary.watermarked', 'Watermarked') : t('link.summary.noWatermark', 'No watermark')];
  if (s.downloadsEnabled) {
    parts.push(t('link.summary.downloads', 'Downloads: {sizes}', { sizes: s.resolutions.join(', ') }));
    if (s.downloadsWatermarked && !s.watermark) parts.push(t('link.summary.watermarkedDownloads', 'watermarked downloads'));
    if (!s.downloadsWatermarked && s.watermark) parts.push(t('link.summary.cleanDownloads', 'clean downloads'));
    if (s.keepMetadata) parts.push(t('link.summary.keepsMetadata', 'keeps metadata'));
  } else parts.push(t('link.summary.noDownloads', 'No downloads'));
  if (s.passwordProtected) parts.push(t('link.summary.password', 'Password'));
  if (s.expiresAt) parts.push(t('link.summary.expires', 'Expires {date}', { date: formatDate(s.expiresAt, false) }));
  return parts;
}
