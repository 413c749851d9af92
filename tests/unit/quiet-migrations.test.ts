import { Writable } from 'stream';
import { winston } from '@strapi/logger';
import loggerConfig, { isMigrationProgress } from '../../config/logger';

/** config/logger.ts: the migration runner's progress lines go out at debug, everything else as it was. */
describe('isMigrationProgress', () => {
  it.each([
    ['[internal migration]: migrating 5.0.0-02-created-document-id', true],
    ['[internal migration]: migrated client-gallery::2026.11.29-gallery-membership-leaves-the-relation (0.033s)', true],
    ['[discard-drafts] Stage 1/5 – cloning published entries into draft rows', true],
    ['Strapi started successfully', false],
    ['client-gallery: moved the photo lists of 3 galleries to gallery entries', false],
    ['a line about [internal migration]: not at its start', false],
    [undefined, false],
  ])('%j → %s', (message, expected) => {
    expect(isMigrationProgress(message)).toBe(expected);
  });
});

describe('the host logger', () => {
  function logged(level?: string) {
    const lines: string[] = [];
    const previous = process.env.STRAPI_LOG_LEVEL;
    if (level) process.env.STRAPI_LOG_LEVEL = level;
    else delete process.env.STRAPI_LOG_LEVEL;
    const config = loggerConfig();
    if (previous === undefined) delete process.env.STRAPI_LOG_LEVEL;
    else process.env.STRAPI_LOG_LEVEL = previous;
    const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = winston.createLogger({ ...config, transports: [new winston.transports.Stream({ stream })] });
    logger.info('[internal migration]: migrating 5.0.0-03-created-locale');
    logger.info('[discard-drafts] Migration completed successfully');
    logger.error('[internal migration]: failed 5.0.0-03-created-locale');
    logger.info('Strapi started successfully');
    return lines.join('');
  }

  it('leaves migration progress out at the default level and keeps the rest', () => {
    const out = logged();
    expect(out).not.toMatch(/migrating|Migration completed/);
    expect(out).toMatch(/failed 5\.0\.0-03-created-locale/);
    expect(out).toMatch(/Strapi started successfully/);
  });

  it('shows migration progress at debug', () => {
    expect(logged('debug')).toMatch(/migrating 5\.0\.0-03-created-locale/);
  });
});
