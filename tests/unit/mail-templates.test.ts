import { HtmlValidate } from 'html-validate';
import { MAIL_TEMPLATE_KINDS, type MailTemplateKind } from '../../src/plugins/client-gallery/shared/mail-texts';
import { MAIL_TEMPLATES, placeholdersOf, previewMail, renderMail, type MailStudio } from '../../src/plugins/client-gallery/server/src/mail-templates';
import { contrastRatio, linkColour, textOn } from '../../src/plugins/client-gallery/server/src/mail-templates/colour';
import { fillPlaceholders, unknownPlaceholders } from '../../src/plugins/client-gallery/server/src/mail-templates/placeholders';

/**
 * Mail HTML is checked with html-validate's recommended rules, less two that do not fit mail:
 * - no-inline-style: mail clients (Gmail, Outlook) drop or ignore linked and most embedded CSS, so
 *   the look has to ride in style attributes;
 * - long-title: a search engine's snippet bound (70 characters); a mail's title is its subject,
 *   which mail clients show whole and which the studio words.
 */
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off' } });

const studio: MailStudio = { name: 'Lumen Studio', logoUrl: 'https://photos.example.com/client-gallery/logo/abc.png', accentColor: '#2a6f97', mailTexts: {} };
const HOSTILE = `<script>alert("x")</script> & 'quoted' "double" <img src=x onerror=alert(1)>`;

/** Every string of a kind's sample data replaced by the hostile value (URLs kept, so links still work). */
function hostile(kind: MailTemplateKind): any {
  const swap = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') return /url$/i.test(key) || key === 'milestone' || /^\d{4}-/.test(value) ? value : HOSTILE;
    if (Array.isArray(value)) return value.map((item) => swap(item));
    if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, k)]));
    return value;
  };
  return swap(MAIL_TEMPLATES[kind].sample);
}

async function problems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message}`));
}

describe('mail-templates', () => {
  describe.each(MAIL_TEMPLATE_KINDS.map((kind) => [kind]))('%s', (kind) => {
    const mail = previewMail(kind, studio);

    it('has a text part without HTML tags', () => {
      expect(mail.text).not.toMatch(/<[a-z!/]/i);
      expect(mail.text).toContain('Lumen Studio');
    });

    it('has an HTML part that passes html-validate', async () => {
      expect(await problems(mail.html)).toEqual([]);
    });

    it("shows the studio's name, logo and accent colour", () => {
      expect(mail.html).toContain('<img src="https://photos.example.com/client-gallery/logo/abc.png" alt="Lumen Studio"');
      expect(mail.html).toContain('border-top:6px solid #2a6f97');
      if (MAIL_TEMPLATES[kind].body(MAIL_TEMPLATES[kind].sample as never, 'x').action) expect(mail.html).toMatch(/data-role="action" style="[^"]*background:#2a6f97;color:#ffffff/);
    });

    it('draws no logo without a logo URL', async () => {
      const plain = previewMail(kind, { ...studio, logoUrl: '' });
      expect(plain.html).not.toContain('<img');
      expect(await problems(plain.html)).toEqual([]);
    });

    it('escapes hostile values in the HTML, keeps them as written in the text, and keeps the subject on one line', async () => {
      const evil = renderMail(kind, hostile(kind), { ...studio, name: HOSTILE });
      expect(evil.html).not.toMatch(/<script|<img src=x|onerror=alert\(1\)>/);
      expect(evil.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(await problems(evil.html)).toEqual([]);
      expect(evil.text).toContain(HOSTILE);
      expect(evil.subject).not.toMatch(/[\r\n]/);
      expect(evil.html + evil.text + evil.subject).not.toContain('\u0000');
    });

    it("applies the studio's saved subject and intro, and an unsaved override over them", () => {
      const names = placeholdersOf(kind);
      const saved = renderMail(kind, MAIL_TEMPLATES[kind].sample as never, {
        ...studio,
        mailTexts: { [kind]: { subject: `Saved <b> {studio}`, intro: `Saved intro from {studio} & co\nsecond line` } },
      });
      expect(saved.subject).toBe('Saved <b> Lumen Studio');
      expect(saved.text).toContain('Saved intro from Lumen Studio & co\nsecond line');
      expect(saved.html).toContain('Saved intro from Lumen Studio &amp; co<br>second line');
      expect(saved.html).toContain('<title>Saved &lt;b&gt; Lumen Studio</title>');
      const override = previewMail(kind, { ...studio, mailTexts: { [kind]: { subject: 'Saved', intro: 'Saved' } } }, { subject: 'Unsaved', intro: '' });
      expect(override.subject).toBe('Unsaved');
      expect(override.text).not.toContain('Saved');
      expect(names).toContain('studio');
    });

    it('fills the placeholders of its default subject and intro', () => {
      const { subject, text } = previewMail(kind, studio);
      expect(subject).not.toMatch(/\{[a-z]+\}/i);
      expect(text).not.toMatch(/\{[a-z]+\}/i);
      expect(unknownPlaceholders(MAIL_TEMPLATES[kind].subject + MAIL_TEMPLATES[kind].intro, placeholdersOf(kind))).toEqual([]);
    });
  });

  it('renders a mail fast enough to build one per request (measured: ms per mail)', () => {
    const started = process.hrtime.bigint();
    const rounds = 200;
    for (let i = 0; i < rounds; i += 1) for (const kind of MAIL_TEMPLATE_KINDS) previewMail(kind, studio);
    const msPerMail = Number(process.hrtime.bigint() - started) / 1e6 / (rounds * MAIL_TEMPLATE_KINDS.length);
    console.log(`mail-templates: ${msPerMail.toFixed(3)} ms per mail`);
    expect(msPerMail).toBeLessThan(5);
  });

  describe('placeholders', () => {
    it.each([
      ['{studio} and {gallery}', { studio: 'S', gallery: 'G' }, 'S and G'],
      ['{unknown} stays', { studio: 'S' }, '{unknown} stays'],
      ['a { brace } alone', { studio: 'S' }, 'a { brace } alone'],
      ['{toString} is no value', { studio: 'S' }, '{toString} is no value'],
      ['values are not filled again: {studio}', { studio: '{gallery}', gallery: 'G' }, 'values are not filled again: {gallery}'],
    ])('%p', (text, values, expected) => {
      expect(fillPlaceholders(text, values)).toBe(expected);
    });

    it.each([
      ['{studio} {gallery}', ['studio', 'gallery'], []],
      ['{galery} {galery} {x}', ['studio', 'gallery'], ['galery', 'x']],
      ['{ studio }', ['studio'], []],
    ])('unknown in %p', (text, allowed, expected) => {
      expect(unknownPlaceholders(text, allowed)).toEqual(expected);
    });
  });

  describe('colour', () => {
    it.each([
      ['#2a6f97', '#ffffff', '#2a6f97'],
      ['#d8c3a0', '#1f1f1f', '#1f1f1f'],
      ['#ffff00', '#1f1f1f', '#1f1f1f'],
      ['#000000', '#ffffff', '#000000'],
    ])('accent %s: label %s, links %s', (accent, label, link) => {
      expect(textOn(accent)).toBe(label);
      expect(linkColour(accent)).toBe(link);
      expect(contrastRatio(accent, label)).toBeGreaterThanOrEqual(4.5);
    });
  });
});
