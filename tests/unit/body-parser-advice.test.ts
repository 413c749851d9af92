import { bodyParserAdvice } from '../../src/plugins/client-gallery/server/src/lib/body-parser-advice';

/** The boot log's word on the host's body parser: quiet only when uploads stay unread until authentication. */
describe('body parser advice', () => {
  const gate = 'plugin::client-gallery.multipart-gate';
  const quietBody = { name: 'strapi::body', config: { multipart: false } };

  it.each<[string, unknown[], 'info' | 'warn' | null, RegExp | null]>([
    ['the gate right before a body parser without multipart', ['strapi::query', gate, quietBody, 'strapi::session'], null, null],
    ["Strapi's default stack (no gate)", ['strapi::query', 'strapi::body', 'strapi::session'], 'info', /parses uploads on every route/],
    ['the gate after strapi::body', [quietBody, gate], 'warn', /comes after strapi::body/],
    ['the gate before a stock strapi::body', [gate, 'strapi::body'], 'warn', /still parses multipart/],
    ['the gate before strapi::body with multipart on', [gate, { name: 'strapi::body', config: { multipart: true } }], 'warn', /still parses multipart/],
    ['the gate and no strapi::body', [gate, 'strapi::session'], null, null],
  ])('%s', (_label, middlewares, level, message) => {
    const advice = bodyParserAdvice(middlewares);
    expect(advice?.level ?? null).toBe(level);
    if (message) expect(advice?.message).toMatch(message);
  });
});
