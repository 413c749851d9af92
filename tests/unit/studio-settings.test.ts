import { DEFAULT_CONFIG, type PluginConfig } from '../../src/plugins/client-gallery/server/src/config';
import { applyStudioChanges, linkBase, mergeStudioSettings, withLinkDefaults } from '../../src/plugins/client-gallery/server/src/lib/studio-settings';
import { readStoredStudioSettings, validateStudioSettingsChanges } from '../../src/plugins/client-gallery/server/src/validation/studio';

const config: PluginConfig = {
  ...DEFAULT_CONFIG,
  share: { ...DEFAULT_CONFIG.share, studioName: 'File Studio', notifyEmail: 'file@studio.test', publicUrl: 'https://file.studio.test/' },
  photos: { ...DEFAULT_CONFIG.photos, watermark: { mode: 'text', text: 'FILE', position: 'tiled', opacity: 0.3, scale: 0.25 } },
  proofing: { reminderDays: [3, 1], commentDigestMinutes: 10 },
};

describe('studio-settings', () => {
  describe('linkBase', () => {
    it.each([
      ['https://photos.test/', 'http://127.0.0.1:1337', 'https://photos.test'],
      ['https://photos.test/studio//', undefined, 'https://photos.test/studio'],
      ['', 'http://127.0.0.1:1337/', 'http://127.0.0.1:1337'],
      [undefined, undefined, 'http://localhost:1337'],
    ])('configured %p, server %p: %p', (configured, server, base) => {
      expect(linkBase(configured, server)).toBe(base);
    });
  });

  describe('mergeStudioSettings', () => {
    it('takes every value from the file config when nothing is saved', () => {
      expect(mergeStudioSettings(config, {}, 'http://server.test')).toEqual({
        name: 'File Studio',
        notifyEmail: 'file@studio.test',
        replyTo: '',
        publicUrl: 'https://file.studio.test',
        watermark: { text: 'FILE', position: 'tiled', opacity: 0.3, scale: 0.25 },
        accentColor: '#d8c3a0',
        logoUrl: '',
        logo: '',
        linkDefaults: { watermark: true, downloadsEnabled: false, resolutions: ['web'], downloadLimit: null, expiryDays: null },
        reminderDays: [3, 1],
        commentDigestMinutes: 10,
        mailTexts: {},
      });
    });

    it.each([
      ['a saved name', { name: 'Saved' }, { name: 'Saved' }],
      ['a saved empty notify address (no mails)', { notifyEmail: '' }, { notifyEmail: '' }],
      ['a saved reply-to', { replyTo: 'hello@studio.test' }, { replyTo: 'hello@studio.test' }],
      ['a saved public URL', { publicUrl: 'https://saved.test/' }, { publicUrl: 'https://saved.test' }],
      ['a saved empty public URL (the server URL)', { publicUrl: '' }, { publicUrl: 'http://server.test' }],
      ['part of a watermark', { watermark: { text: 'SAVED' } }, { watermark: { text: 'SAVED', position: 'tiled', opacity: 0.3, scale: 0.25 } }],
      ['an accent colour', { accentColor: '#112233' }, { accentColor: '#112233' }],
      [
        'a logo (served by the plugin under the public URL)',
        { logo: '0123456789abcdef0123456789abcdef.png' },
        { logo: '0123456789abcdef0123456789abcdef.png', logoUrl: 'https://file.studio.test/assets/brand/0123456789abcdef0123456789abcdef.png' },
      ],
      [
        'a logo under a saved public URL',
        { logo: '0123456789abcdef0123456789abcdef.png', publicUrl: 'https://saved.test/' },
        { logoUrl: 'https://saved.test/assets/brand/0123456789abcdef0123456789abcdef.png' },
      ],
      [
        'part of the link defaults',
        { linkDefaults: { downloadsEnabled: true, expiryDays: 30 } },
        { linkDefaults: { watermark: true, downloadsEnabled: true, resolutions: ['web'], downloadLimit: null, expiryDays: 30 } },
      ],
      ['reminder days', { reminderDays: [7] }, { reminderDays: [7] }],
      ['no reminder days', { reminderDays: [] }, { reminderDays: [] }],
      ['a digest period', { commentDigestMinutes: 60 }, { commentDigestMinutes: 60 }],
      ['mail wording', { mailTexts: { claim: { subject: 'Yours' } } }, { mailTexts: { claim: { subject: 'Yours' } } }],
    ])('%s wins over the file config', (_what, stored, expected) => {
      expect(mergeStudioSettings(config, stored, 'http://server.test')).toMatchObject(expected);
    });
  });

  describe('applyStudioChanges', () => {
    it.each([
      ['sets a key', {}, { name: 'A' }, { name: 'A' }],
      ['replaces a key', { name: 'A' }, { name: 'B' }, { name: 'B' }],
      ['keeps keys not named', { name: 'A', replyTo: 'r@s.test' }, { notifyEmail: '' }, { name: 'A', replyTo: 'r@s.test', notifyEmail: '' }],
      ['removes a key on null (back to the default)', { name: 'A', replyTo: 'r@s.test' }, { name: null }, { replyTo: 'r@s.test' }],
      ['merges watermark parts', { watermark: { text: 'X', scale: 0.5 } }, { watermark: { text: 'Y' } }, { watermark: { text: 'Y', scale: 0.5 } }],
      ['removes the whole watermark on null', { watermark: { text: 'X' } }, { watermark: null }, {}],
      ['merges link-default parts', { linkDefaults: { watermark: false } }, { linkDefaults: { downloadLimit: 5 } }, { linkDefaults: { watermark: false, downloadLimit: 5 } }],
      ['removes the link defaults on null', { linkDefaults: { watermark: false } }, { linkDefaults: null }, {}],
      ['removes the logo on null', { logo: 'a.png', name: 'A' }, { logo: null }, { name: 'A' }],
      ['changes nothing for no changes', { name: 'A' }, {}, { name: 'A' }],
      ['sets one mail kind\'s subject', {}, { mailTexts: { claim: { subject: 'S' } } }, { mailTexts: { claim: { subject: 'S' } } }],
      [
        'merges a kind\'s keys and keeps other kinds',
        { mailTexts: { claim: { subject: 'S' }, reminder: { intro: 'R' } } },
        { mailTexts: { claim: { intro: 'I' } } },
        { mailTexts: { claim: { subject: 'S', intro: 'I' }, reminder: { intro: 'R' } } },
      ],
      ['resets one key of a kind', { mailTexts: { claim: { subject: 'S', intro: 'I' } } }, { mailTexts: { claim: { subject: null } } }, { mailTexts: { claim: { intro: 'I' } } }],
      ['resets a whole kind', { mailTexts: { claim: { subject: 'S' }, reminder: { intro: 'R' } } }, { mailTexts: { claim: null } }, { mailTexts: { reminder: { intro: 'R' } } }],
      ['drops mailTexts once its last kind is reset', { name: 'A', mailTexts: { claim: { subject: 'S' } } }, { mailTexts: { claim: { subject: null } } }, { name: 'A' }],
      ['resets every kind on null', { mailTexts: { claim: { subject: 'S' } } }, { mailTexts: null }, {}],
      ['keeps an empty intro (no intro paragraph)', {}, { mailTexts: { claim: { intro: '' } } }, { mailTexts: { claim: { intro: '' } } }],
    ])('%s', (_what, stored, changes, expected) => {
      expect(applyStudioChanges(stored, changes as never)).toEqual(expected);
    });

    it('leaves the stored object as it was', () => {
      const stored = { name: 'A', watermark: { text: 'X' } };
      applyStudioChanges(stored, { name: null, watermark: { text: 'Y' } });
      expect(stored).toEqual({ name: 'A', watermark: { text: 'X' } });
    });
  });

  describe('validateStudioSettingsChanges', () => {
    it.each([
      [{ name: 'Lumen Studio' }],
      [{ notifyEmail: '' }],
      [{ notifyEmail: 'studio@lumen.test', replyTo: 'hello@lumen.test' }],
      [{ publicUrl: 'https://photos.lumen.test' }],
      [{ watermark: { text: 'LUMEN', position: 'bottom-right', opacity: 0.5 } }],
      [{ reminderDays: [5, 2] }],
      [{ commentDigestMinutes: 30 }],
      [{ accentColor: '#2a6f97' }],
      [{ linkDefaults: { watermark: false, downloadsEnabled: true, resolutions: ['web', 'original'], downloadLimit: 10, expiryDays: 30 } }],
      [{ linkDefaults: { downloadLimit: null, expiryDays: null } }],
      [{ logo: '0123456789abcdef0123456789abcdef.png' }],
      [{ name: null, watermark: null, reminderDays: null, linkDefaults: null, logo: null }],
      [{}],
      [{ mailTexts: { invitation: { subject: '{studio}: "{gallery}" is ready for you', intro: 'Hello from {studio}.\nSee you soon.' } } }],
      [{ mailTexts: { 'comment-digest': { subject: '{count} for {studio}' }, milestone: { intro: '{who} {event} ({gallery})' } } }],
      [{ mailTexts: { claim: { intro: '' } } }],
      [{ mailTexts: { claim: { subject: null }, reminder: null } }],
      [{ mailTexts: null }],
      [{ mailTexts: { 'portal-reset-password': { subject: 'Reset at {studio}', intro: 'A brace alone { is text' } } }],
    ])('accepts %j', (changes) => {
      expect(validateStudioSettingsChanges(changes)).toEqual(changes);
    });

    it.each([
      ['a subject, trimmed', { claim: { subject: '  Yours  ' } }, { claim: { subject: 'Yours' } }],
      ['an intro, trimmed, with CRLF as LF', { claim: { intro: ' One\r\nTwo\rThree ' } }, { claim: { intro: 'One\nTwo\nThree' } }],
    ])('normalises %s', (_what, mailTexts, expected) => {
      expect(validateStudioSettingsChanges({ mailTexts })).toEqual({ mailTexts: expected });
    });

    it.each([
      [{ name: '' }, /^name: /],
      [{ name: 'x'.repeat(121) }, /^name: /],
      [{ notifyEmail: 'not-an-email' }, /^notifyEmail: /],
      [{ replyTo: 'nope' }, /^replyTo: /],
      [{ publicUrl: 'photos.lumen.test' }, /^publicUrl: /],
      [{ watermark: { opacity: 2 } }, /^watermark\.opacity: /],
      [{ watermark: { position: 'middle' } }, /^watermark\.position: /],
      [{ watermark: { mode: 'logo' } }, /^watermark: /],
      [{ reminderDays: [0] }, /^reminderDays\.0: /],
      [{ commentDigestMinutes: 0 }, /^commentDigestMinutes: /],
      [{ accentColor: 'red' }, /^accentColor: /],
      [{ accentColor: '#12345' }, /^accentColor: /],
      [{ linkDefaults: { resolutions: [] } }, /^linkDefaults\.resolutions: /],
      [{ linkDefaults: { resolutions: ['huge'] } }, /^linkDefaults\.resolutions\.0: /],
      [{ linkDefaults: { downloadLimit: -1 } }, /^linkDefaults\.downloadLimit: /],
      [{ linkDefaults: { expiryDays: 0 } }, /^linkDefaults\.expiryDays: /],
      [{ linkDefaults: { expiryDays: 1.5 } }, /^linkDefaults\.expiryDays: /],
      [{ linkDefaults: { watermark: 'yes' } }, /^linkDefaults\.watermark: /],
      [{ linkDefaults: { password: 'x' } }, /^linkDefaults: /],
      [{ logo: '../../etc/passwd' }, /^logo: /],
      [{ logo: 'abc.svg' }, /^logo: /],
      [{ studioName: 'Lumen' }, /^(\(settings\)|studioName): /],
      ['Lumen', /^\(settings\): /],
      [{ mailTexts: { newsletter: { subject: 'x' } } }, /^mailTexts: /],
      [{ mailTexts: { claim: { subject: '' } } }, /^mailTexts\.claim\.subject: /],
      [{ mailTexts: { claim: { subject: '   ' } } }, /^mailTexts\.claim\.subject: /],
      [{ mailTexts: { claim: { subject: 'x'.repeat(201) } } }, /^mailTexts\.claim\.subject: /],
      [{ mailTexts: { claim: { subject: 'Two\nlines' } } }, /^mailTexts\.claim\.subject: A subject is one line/],
      [{ mailTexts: { claim: { subject: 'Bell\u0007' } } }, /^mailTexts\.claim\.subject: /],
      [{ mailTexts: { claim: { intro: 'NUL\u0000' } } }, /^mailTexts\.claim\.intro: An intro is text/],
      [{ mailTexts: { claim: { intro: 'Tab\tthere' } } }, /^mailTexts\.claim\.intro: /],
      [{ mailTexts: { claim: { intro: 'x'.repeat(2001) } } }, /^mailTexts\.claim\.intro: /],
      [{ mailTexts: { claim: { subject: 'Hi {galery}' } } }, /^mailTexts\.claim\.subject: Unknown placeholder \{galery\}/],
      [{ mailTexts: { 'portal-confirmation': { intro: 'For {gallery}' } } }, /^mailTexts\.portal-confirmation\.intro: Unknown placeholder \{gallery\}/],
      [{ mailTexts: { claim: { subject: 42 } } }, /^mailTexts\.claim\.subject: /],
      [{ mailTexts: { claim: { heading: 'x' } } }, /^mailTexts\.claim: /],
      [{ mailTexts: ['claim'] }, /^mailTexts: /],
    ])('refuses %j with a ValidationError naming the key', (changes, message) => {
      let thrown: any;
      try {
        validateStudioSettingsChanges(changes);
      } catch (error) {
        thrown = error;
      }
      expect(thrown?.name).toBe('ValidationError');
      expect(thrown.message).toMatch(message);
      expect(thrown.details.errors.length).toBeGreaterThan(0);
    });

    it('refuses a logo sent by the settings page (only the upload route sets it)', () => {
      expect(() => validateStudioSettingsChanges({ logo: '0123456789abcdef0123456789abcdef.png' }, { fromPage: true })).toThrow(/^\(settings\): |logo/);
      expect(validateStudioSettingsChanges({ logo: null, name: 'A' }, { fromPage: false })).toEqual({ logo: null, name: 'A' });
    });

    it('gives each problem a path for the page to show by its field', () => {
      let thrown: any;
      try {
        validateStudioSettingsChanges({ notifyEmail: 'x', linkDefaults: { expiryDays: 0 } }, { fromPage: true });
      } catch (error) {
        thrown = error;
      }
      expect(thrown.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['notifyEmail', 'linkDefaults.expiryDays']);
    });

    it('names every bad key, not only the first', () => {
      expect(() => validateStudioSettingsChanges({ notifyEmail: 'x', publicUrl: 'y' })).toThrow(/notifyEmail: .*; publicUrl: /);
    });
  });

  describe('withLinkDefaults', () => {
    const defaults = { watermark: false, downloadsEnabled: true, resolutions: ['web', 'high'] as ('web' | 'high')[], downloadLimit: 20, expiryDays: 14 };
    const now = new Date('2026-12-07T10:00:00.000Z');
    it.each([
      ['fills every field the request left out', {}, { watermark: false, downloadsEnabled: true, resolutions: ['web', 'high'], downloadLimit: 20, expiresAt: '2026-12-21T10:00:00.000Z' }],
      ['keeps what the request named', { watermark: true, downloadsEnabled: false, resolutions: ['original'] }, { watermark: true, downloadsEnabled: false, resolutions: ['original'] }],
      ['keeps an explicit "no limit" and "never expires"', { downloadLimit: null, expiresAt: null }, { downloadLimit: null, expiresAt: null }],
      ['keeps an explicit expiry', { expiresAt: '2027-01-01T00:00:00.000Z' }, { expiresAt: '2027-01-01T00:00:00.000Z' }],
      ['leaves other fields alone', { password: 'secret', recipientName: 'Ann' }, { password: 'secret', recipientName: 'Ann' }],
    ])('%s', (_what, input, expected) => {
      expect(withLinkDefaults(input as never, defaults, now)).toMatchObject(expected);
    });

    it('gives no expiry when the defaults name none', () => {
      expect(withLinkDefaults({} as { expiresAt?: string | null }, { ...defaults, expiryDays: null }, now).expiresAt).toBeNull();
    });
  });

  describe('readStoredStudioSettings', () => {
    it.each([
      ['nothing stored', null, {}, []],
      ['valid keys', { name: 'A', reminderDays: [2] }, { name: 'A', reminderDays: [2] }, []],
      ['a bad key dropped, the rest kept', { name: 'A', notifyEmail: 'nope' }, { name: 'A' }, [/^notifyEmail: /]],
      ['an unknown key dropped', { name: 'A', colour: 'red' }, { name: 'A' }, [/^colour: not a studio setting/]],
      ['a hand-edited logo path dropped', { logo: '../x.png' }, {}, [/^logo: /]],
      ['bad link defaults dropped', { linkDefaults: { expiryDays: -3 } }, {}, [/^linkDefaults\.expiryDays: /]],
      ['not an object', 'oops', {}, [/^\(settings\): not an object/]],
      ['mail wording', { mailTexts: { claim: { subject: 'S' } } }, { mailTexts: { claim: { subject: 'S' } } }, []],
      ['bad mail wording dropped', { name: 'A', mailTexts: { claim: { subject: 'Hi {nope}' } } }, { name: 'A' }, [/^mailTexts\.claim\.subject: Unknown placeholder/]],
    ])('%s', (_what, raw, settings, problems) => {
      const read = readStoredStudioSettings(raw);
      expect(read.settings).toEqual(settings);
      expect(read.problems).toHaveLength(problems.length);
      problems.forEach((pattern, i) => expect(read.problems[i]).toMatch(pattern));
    });
  });
});
