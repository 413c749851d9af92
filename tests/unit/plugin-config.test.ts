import { configProblems, DEFAULT_CONFIG } from '../../src/plugins/client-gallery/server/src/config';

/** The plugin's config validator: a studio's typo stops the boot with the key and the reason. */
const withChange = (path: string, value: unknown) => {
  const config = structuredClone(DEFAULT_CONFIG) as any;
  const keys = path.split('.');
  let node = config;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys[keys.length - 1]] = value;
  return config;
};

describe('plugin config', () => {
  it('accepts its own defaults', () => {
    expect(configProblems(DEFAULT_CONFIG)).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['share.unlockMaxAttempts', 0, /^share\.unlockMaxAttempts: /],
    ['share.unlockTtlHours', '12', /^share\.unlockTtlHours: /],
    ['share.notifyEmail', 'not-an-email', /^share\.notifyEmail: /],
    ['share.publicUrl', 'example.com', /^share\.publicUrl: /],
    ['photos.concurrency', 0, /^photos\.concurrency: /],
    ['photos.watermark.position', 'middle', /^photos\.watermark\.position: /],
    ['photos.watermark.opacity', 2, /^photos\.watermark\.opacity: /],
    ['downloads.packageTtlHours', -1, /^downloads\.packageTtlHours: /],
    ['rest.prefix', 'client-gallery', /^rest\.prefix: empty, or like \/client-gallery/],
    ['cron.enabled', 'yes', /^cron\.enabled: /],
    ['sweeper.orphanAgeSeconds', 0, /^sweeper\.orphanAgeSeconds: /],
    ['sweeper.periodSeconds', 1.5, /^sweeper\.periodSeconds: /],
    ['hostSettings.portalEmailConfirmation', 1, /^hostSettings\.portalEmailConfirmation: /],
    ['share.directStorageUrls.ttlSeconds', 61, /^share\.directStorageUrls\.ttlSeconds: /],
    ['share.signInTtlMinutes', 0, /^share\.signInTtlMinutes: /],
    ['uploads.maxFiles', 0, /^uploads\.maxFiles: /],
    ['uploads.multipartRoutes', ['/api/upload'], /^uploads\.multipartRoutes\.0: like "POST \/api\/my-uploads"/],
    ['share.unknownKey', 1, /unrecognized key|unknownKey/i],
  ])('refuses %s = %j', (path, value, message) => {
    const problems = configProblems(withChange(path, value));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  describe('recordSources', () => {
    const note = { uid: 'api::client-note.client-note', kind: 'client-note', dateField: 'notedAt' };

    it('accepts a host type with the defaults filled in later', () => {
      expect(configProblems(withChange('recordSources', [note]))).toEqual([]);
    });

    it.each<[string, unknown[], RegExp]>([
      ['a UID that is not one', [{ ...note, uid: 'client-note' }], /recordSources\.0\.uid: a content-type UID/],
      ['a built-in kind', [{ ...note, kind: 'upload' }], /recordSources\.0\.kind: upload and comparison are built-in kinds/],
      ['a kind with capitals', [{ ...note, kind: 'Note' }], /recordSources\.0\.kind: lower-case/],
      ['the same kind twice', [note, { ...note, uid: 'api::form.form' }], /each kind must be unique/],
      ['the same type twice', [note, { ...note, kind: 'other' }], /each uid must be listed once/],
      ['an unknown key', [{ ...note, photos: 'pictures' }], /recordSources\.0/],
    ])('refuses %s', (_label, sources, message) => {
      const problems = configProblems(withChange('recordSources', sources));
      expect(problems.join('\n')).toMatch(message);
    });
  });
});
