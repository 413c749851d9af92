import { html, textToHtml, type SafeHtml } from './html';
import { linkColour, textOn, INK } from './colour';

/**
 * The one layout every mail is drawn in: a single 600 px column of tables (what mail clients
 * agree on, Outlook's Word engine included) that narrows to the screen on a phone, with the
 * studio's logo, name and accent colour. No external CSS, no scripts, no images but the logo:
 * inline styles carry the look, and one media query only tightens the padding on small screens.
 * The text part is drawn from the same content, so both parts always say the same.
 */

/** Who the mail is from, as the studio set it (studio settings). */
export interface MailBrand {
  name: string;
  /** Absolute URL of the studio's logo; '' draws none. */
  logoUrl: string;
  /** '#rrggbb'. */
  accentColor: string;
}

export interface MailAction {
  label: string;
  url: string;
}

/** A paragraph of plain text, or a group of lines with a link under them (a comment thread). */
export type MailBlock = string | { lines: string[]; link: MailAction };

/** What one mail says, all plain text: the layout escapes it. */
export interface MailContent {
  heading: string;
  /** The studio's editable paragraph, after the greeting. */
  intro: string;
  greeting?: string | null;
  body: MailBlock[];
  action: MailAction | null;
  footer: string;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";
const MUTED = '#5f5f5f';

function blockHtml(block: MailBlock, link: string): SafeHtml {
  if (typeof block === 'string') return html`<p style="margin:0 0 16px">${textToHtml(block)}</p>`;
  const lines = block.lines.map((line, i) => [i > 0 ? html`<br>` : '', textToHtml(line)]);
  return html`<p style="margin:0 0 16px">${lines}<br><a href="${block.link.url}" style="color:${link}">${block.link.label}</a></p>`;
}

export function renderHtml(brand: MailBrand, subject: string, content: MailContent): string {
  const accent = brand.accentColor;
  const link = linkColour(accent);
  const paragraphs = [content.greeting, content.intro].filter((p): p is string => Boolean(p));
  const logo = brand.logoUrl
    ? html`<img src="${brand.logoUrl}" alt="${brand.name}" height="48" data-role="logo" style="display:block;height:48px;width:auto;max-width:240px;border:0;margin:0 0 8px">
`
    : '';
  const action = content.action
    ? html`<p style="margin:24px 0"><a href="${content.action.url}" data-role="action" style="display:inline-block;background:${accent};color:${textOn(accent)};padding:12px 24px;border-radius:4px;text-decoration:none;font-weight:600">${content.action.label}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:${MUTED}">Or open this address: <a href="${content.action.url}" style="color:${link};word-break:break-all">${content.action.url}</a></p>
`
    : '';
  // prettier-ignore
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${subject}</title>
<style>
@media (max-width: 480px) { .cg-card { padding: 20px 16px !important; } .cg-outer { padding: 0 !important; } }
</style>
</head>
<body style="margin:0;padding:0;background:#f4f4f2">
<table role="presentation" style="width:100%;border-collapse:collapse;background:#f4f4f2"><tbody><tr><td class="cg-outer" style="padding:24px 12px">
<table role="presentation" style="width:100%;max-width:600px;margin:0 auto;border-collapse:collapse;background:#ffffff;border-top:6px solid ${accent}"><tbody><tr>
<td class="cg-card" style="padding:32px;font-family:${FONT};font-size:16px;line-height:1.5;color:${INK}">
${logo}<p data-role="studio" style="margin:0 0 24px;font-size:14px;font-weight:600;color:${MUTED}">${brand.name}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:${INK}">${content.heading}</h1>
${[...paragraphs, ...content.body].map((block) => [blockHtml(block, link), '\n'])}${action}<p style="margin:32px 0 0;padding-top:16px;border-top:1px solid #e6e6e6;font-size:13px;color:${MUTED}">${content.footer}</p>
</td></tr></tbody></table>
</td></tr></tbody></table>
</body>
</html>
`.value;
}

function blockText(block: MailBlock): string {
  return typeof block === 'string' ? block : [...block.lines, `${block.link.label}: ${block.link.url}`].join('\n');
}

/** The text part: the same content, plain, one blank line between parts. */
export function renderText(brand: MailBrand, content: MailContent): string {
  const parts = [
    brand.name,
    content.heading,
    ...(content.greeting ? [content.greeting] : []),
    content.intro,
    ...content.body.map(blockText),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    `-- \n${content.footer}`,
  ];
  return parts.filter((part) => part !== '').join('\n\n');
}
