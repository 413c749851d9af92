/**
 * Proofing mails: the studio's comment digest, the client's deadline reminder, the
 * studio's "deadline passed" notice. Pure functions, every interpolated value HTML-escaped.
 */
import { escapeHtml, formatDate, layout, type Mail } from './emails';

export interface DigestComment {
  who: string;
  galleryTitle: string;
  /** The photo's file name as the studio chose it, or null for the gallery thread. */
  photo: string | null;
  body: string;
  /** The admin page of this comment's thread (its gallery's Proofing dialog, open on it), where the studio replies. */
  replyUrl: string;
}

/**
 * One mail for every new client comment. Comments are grouped by thread (one link's photo, or its
 * gallery), each thread with its own reply link; the button opens the first thread.
 */
export function commentDigestMail(input: { studioName: string; comments: DigestComment[] }): Mail {
  const n = input.comments.length;
  const threads = new Map<string, DigestComment[]>();
  for (const c of input.comments) threads.set(c.replyUrl, [...(threads.get(c.replyUrl) ?? []), c]);
  const line = (c: DigestComment) => `${c.who} on "${c.galleryTitle}"${c.photo ? ` (${c.photo})` : ' (gallery)'}: ${c.body}`;
  const text = [...threads].flatMap(([url, comments]) => [...comments.map(line), `Reply in the admin: ${url}`, '']);
  const html = [...threads].map(
    ([url, comments]) => `${comments.map((c) => escapeHtml(line(c))).join('<br>')}<br><a href="${escapeHtml(url)}">Reply in the admin</a>`,
  );
  const first = input.comments[0]?.replyUrl;
  return {
    subject: `[${input.studioName}] ${n} new comment${n === 1 ? '' : 's'} from clients`,
    text: text.join('\n').trimEnd(),
    html: layout(`${n} new comment${n === 1 ? '' : 's'}`, html, first ? { label: 'Reply in the admin', url: first } : null, `${input.studioName} notifications`),
  };
}

export function deadlineReminderMail(input: {
  studioName: string;
  galleryTitle: string;
  deadline: string;
  daysLeft: number;
  url: string;
  recipientName?: string | null;
}): Mail {
  const when = formatDate(input.deadline) ?? input.deadline;
  const lines = [
    `${input.recipientName ? `Hello ${input.recipientName}, your` : 'Your'} selection for "${input.galleryTitle}" is due in ${input.daysLeft} day${input.daysLeft === 1 ? '' : 's'} (${when}).`,
    'Please choose your photos and confirm your final set before then: after the deadline the gallery is locked.',
  ];
  return {
    subject: `Reminder: ${input.daysLeft} day${input.daysLeft === 1 ? '' : 's'} left to confirm your selection – ${input.galleryTitle}`,
    text: [...lines, '', input.url, '', `Sent by ${input.studioName}.`].join('\n'),
    html: layout('Your selection is due soon', lines.map(escapeHtml), { label: 'Open the gallery', url: input.url }, `Sent by ${input.studioName}.`),
  };
}

export function deadlinePassedMail(input: { studioName: string; galleryTitle: string; clientName: string | null; adminUrl: string }): Mail {
  const summary = `The deadline of "${input.galleryTitle}"${input.clientName ? ` (client ${input.clientName})` : ''} has passed: the gallery is now locked.`;
  return {
    subject: `[${input.studioName}] Deadline passed: ${input.galleryTitle}`,
    text: [summary, '', `Activity: ${input.adminUrl}`].join('\n'),
    html: layout('Deadline passed', [escapeHtml(summary)], { label: 'See activity', url: input.adminUrl }, `${input.studioName} notifications`),
  };
}
