import type { MailTemplateKind, MailText, MailTexts } from '../../../shared/mail-texts';
import { MAIL_TEMPLATES, type MailData, type MailTemplate } from './catalogue';
import { renderHtml, renderText, type MailBrand } from './layout';
import { fillPlaceholders } from './placeholders';

export { MAIL_TEMPLATES, MILESTONE_TEXT, formatDate, placeholdersOf, type DigestComment, type MailData } from './catalogue';
export { escapeHtml } from './html';
export type { MailBrand } from './layout';

/** One mail, both parts: what the outbox stores and the mailer sends. */
export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** The studio as a mail shows it: its brand and its wording of each kind (studio settings). */
export interface MailStudio extends MailBrand {
  mailTexts: MailTexts;
}

/** A header is one line: whatever a title or the studio's wording holds, the subject has no line break. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The mail of `kind` for `data`, in the studio's brand and wording. `override` (the settings
 * page's unsaved text) wins over what the studio saved, which wins over the template's default.
 */
export function renderMail<K extends MailTemplateKind>(kind: K, data: MailData[K], studio: MailStudio, override: MailText = {}): Mail {
  const template = MAIL_TEMPLATES[kind] as MailTemplate<K>;
  const saved: MailText = studio.mailTexts[kind] ?? {};
  const values = template.values(data, studio.name);
  const subject = oneLine(fillPlaceholders(override.subject ?? saved.subject ?? template.subject, values));
  const intro = fillPlaceholders(override.intro ?? saved.intro ?? template.intro, values).trim();
  const content = { ...template.body(data, studio.name), intro };
  return {
    subject,
    text: renderText(studio, content),
    html: renderHtml(studio, subject, content),
  };
}

/** The mail of `kind` built from its sample data: the settings page's preview. */
export function previewMail(kind: MailTemplateKind, studio: MailStudio, override: MailText = {}): Mail {
  return renderMail(kind, MAIL_TEMPLATES[kind].sample as never, studio, override);
}
