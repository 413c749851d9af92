import type { AdminActivity, AdminLink } from '../../../shared/contracts';

export const formatDate = (iso: string | null | undefined, withTime = true) =>
  iso ? new Date(iso).toLocaleString(undefined, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }) : '—';

/** A photo's source in words ("client-note" would read as a raw enum). */
const SOURCE_WORDS: Record<string, string> = { upload: 'Upload', comparison: 'Comparison', 'client-note': 'Note', form: 'Form', appointment: 'Appointment' };
export const sourceWords = (source: string) => SOURCE_WORDS[source] ?? source.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** "1 client", "2 clients". */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

const ACTIVITY_VERBS: Record<string, string> = {
  view: 'opened the gallery',
  favourite: 'added a favourite',
  download: 'downloaded a photo',
  package: 'downloaded a package',
  comment: 'commented',
  'selection-confirmed': 'confirmed their selection',
  'password-failed': 'entered a wrong password',
  'access-claimed': 'claimed private access',
  'sign-in-sent': 'asked for a sign-in link',
  'signed-in': 'signed in with a mailed link',
  'invitation-sent': 'was sent an invitation',
  'invitation-failed': 'could not be sent an invitation',
  'staff-download': 'downloaded (studio)',
};

export const MILESTONE_LABELS: Record<string, string> = {
  'first-view': 'First view',
  'first-favourites': 'First favourites',
  'full-gallery-download': 'Full gallery downloaded',
  'limited-download': 'Download limit reached',
  'password-failures': 'Repeated wrong passwords',
};

export function activityWho(event: AdminActivity) {
  if (!event.link) return 'Someone';
  return event.link.kind === 'private' ? event.link.recipientEmail ?? 'A client' : 'A visitor of the general link';
}

export function activityText(event: AdminActivity) {
  const verb = ACTIVITY_VERBS[event.type] ?? event.type;
  return `${activityWho(event)} ${verb}`;
}

export function linkRecipient(link: AdminLink) {
  if (link.kind === 'general') return 'Anyone with the link';
  return link.recipientName ? `${link.recipientName} <${link.recipientEmail}>` : link.recipientEmail ?? '—';
}

export function settingsSummary(link: AdminLink): string[] {
  const s = link.settings;
  const parts: string[] = [s.watermark ? 'Watermarked' : 'No watermark'];
  if (s.downloadsEnabled) {
    parts.push(`Downloads: ${s.resolutions.join(', ')}`);
    if (s.downloadsWatermarked && !s.watermark) parts.push('watermarked downloads');
    if (s.keepMetadata) parts.push('keeps metadata');
  } else parts.push('No downloads');
  if (s.passwordProtected) parts.push('Password');
  if (s.expiresAt) parts.push(`Expires ${formatDate(s.expiresAt, false)}`);
  return parts;
}
