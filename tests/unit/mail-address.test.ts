import { bareAddress, senderNamed } from '../../src/plugins/client-gallery/server/src/lib/mail-address';

describe('mail-address', () => {
  describe('bareAddress', () => {
    it.each([
      ['Client Galleries <no-reply@localhost>', 'no-reply@localhost'],
      ['"Lumen, Studio" <hello@lumen.test>', 'hello@lumen.test'],
      ['<hello@lumen.test>', 'hello@lumen.test'],
      ['hello@lumen.test', 'hello@lumen.test'],
      ['  hello@lumen.test  ', 'hello@lumen.test'],
      ['Lumen Studio', null],
      ['', null],
      [null, null],
      [undefined, null],
    ])('%p: %p', (mailbox, address) => {
      expect(bareAddress(mailbox)).toBe(address);
    });
  });

  describe('senderNamed', () => {
    it.each([
      ['the studio name on the configured address', 'Client Galleries <no-reply@localhost>', 'Lumen Studio', '"Lumen Studio" <no-reply@localhost>'],
      ['a bare configured address', 'hello@lumen.test', 'Lumen Studio', '"Lumen Studio" <hello@lumen.test>'],
      ['commas and dots quoted', 'hello@lumen.test', 'Lumen, Photo & Co.', '"Lumen, Photo & Co." <hello@lumen.test>'],
      ['quotes and backslashes escaped', 'hello@lumen.test', 'The "Best" \\ Studio', '"The \\"Best\\" \\\\ Studio" <hello@lumen.test>'],
      ['line breaks dropped (no header can be added)', 'hello@lumen.test', 'Lumen\r\nBcc: all@evil.test', '"Lumen Bcc: all@evil.test" <hello@lumen.test>'],
      ['a blank name: the bare address', 'Old <hello@lumen.test>', '  ', 'hello@lumen.test'],
      ['non-ASCII kept (the transport encodes it)', 'hello@lumen.test', 'Atelier Éclair', '"Atelier Éclair" <hello@lumen.test>'],
      ['no address configured: the provider decides', undefined, 'Lumen Studio', null],
      ['an unparsable setting left as it is', 'Lumen Studio', 'Lumen Studio', 'Lumen Studio'],
    ])('%s', (_what, configured, name, sender) => {
      expect(senderNamed(configured, name)).toBe(sender);
    });
  });
});
