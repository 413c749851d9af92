import fs from 'fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { enJson, usedMessages } from '../helpers/admin-messages';

/**
 * The admin's strings and translations/en.json cannot drift apart: every id the source uses is in
 * en.json with the very English text the source gives as its default (so the admin reads the same
 * whichever is used), en.json holds no id nobody uses, and every message is valid ICU.
 */
const en: Record<string, string> = JSON.parse(fs.readFileSync(enJson, 'utf8'));
const { used, problems } = usedMessages();

describe('admin translations', () => {
  it('finds the admin strings (the parser is looking in the right place)', () => {
    expect(used.length).toBeGreaterThan(50);
    expect(used.map((m) => m.id)).toEqual(expect.arrayContaining(['plugin.name', 'upload.title', 'selection.count']));
  });

  it('names every message with a literal id, so each can be checked', () => {
    expect(problems).toEqual([]);
  });

  it('has every id used in the source in en.json', () => {
    expect(used.filter((m) => !(m.id in en)).map((m) => `${m.id} (${m.where})`)).toEqual([]);
  });

  it('gives each id the same English in the source and in en.json', () => {
    const differing = used.filter((m) => m.defaultMessage !== null && m.id in en && en[m.id] !== m.defaultMessage);
    expect(differing.map((m) => `${m.id} (${m.where}): "${m.defaultMessage}" vs en.json "${en[m.id]}"`)).toEqual([]);
    expect(used.filter((m) => m.defaultMessage === null).map((m) => `${m.id} (${m.where}) has no English default`)).toEqual([]);
  });

  it('has no unused ids in en.json', () => {
    const ids = new Set(used.map((m) => m.id));
    expect(Object.keys(en).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('parses every message as ICU, and counts in words ("1 photo", "2 photos")', () => {
    for (const text of Object.values(en)) expect(() => new IntlMessageFormat(text, 'en')).not.toThrow();
    const count = new IntlMessageFormat(en['client.photoCount'], 'en');
    expect([count.format({ count: 1 }), count.format({ count: 2 })]).toEqual(['1 photo', '2 photos']);
  });
});
