import crypto from 'crypto';
import {
  hashLinkToken,
  hashPassword,
  LINK_TOKEN_PATTERN,
  newLinkToken,
  parseSignedLinkToken,
  recipientKey,
  signLinkToken,
  verifyPassword,
  verifySignedLinkToken,
  versionOf,
} from '../../src/plugins/client-gallery/server/src/lib/share-crypto';

const KEY = crypto.createHash('sha256').update('unit-test-key').digest();
const NOW = 1_800_000_000;

describe('share-crypto', () => {
  describe('link tokens', () => {
    it('are 256 random bits in base64url, stored only as their SHA-256', () => {
      const tokens = new Set(Array.from({ length: 100 }, newLinkToken));
      expect(tokens.size).toBe(100);
      for (const token of tokens) {
        expect(token).toMatch(LINK_TOKEN_PATTERN);
        expect(Buffer.from(token, 'base64url')).toHaveLength(32);
        expect(hashLinkToken(token)).toBe(crypto.createHash('sha256').update(token).digest('hex'));
      }
    });
  });

  describe('passwords', () => {
    it('verify only the right password, with a fresh salt each time', async () => {
      const a = await hashPassword('tulips');
      const b = await hashPassword('tulips');
      expect(a).not.toBe(b);
      expect(await verifyPassword('tulips', a)).toBe(true);
      expect(await verifyPassword('Tulips', a)).toBe(false);
      expect(await verifyPassword('tulips', null)).toBe(false);
      expect(await verifyPassword('tulips', 'md5$abc')).toBe(false);
    });
  });

  describe('signed link tokens', () => {
    const version = versionOf('hash-v1');
    const token = signLinkToken(KEY, 'su2', 'link0000042', NOW + 60, version);

    it.each([
      ['the token as issued', token, 'su2', NOW, version, true],
      ['after it expired', token, 'su2', NOW + 61, version, false],
      ['after the secret changed (new password / regenerated link)', token, 'su2', NOW, versionOf('hash-v2'), false],
      ['as the other kind of token', token, 'sa2', NOW, version, false],
      ['with another link id', token.replace('su2.link0000042.', 'su2.link0000043.'), 'su2', NOW, version, false],
      ['with a sequential id instead of an opaque one', token.replace('su2.link0000042.', 'su2.42.'), 'su2', NOW, version, false],
      ['with a pushed-back expiry', token.replace(`.${NOW + 60}.`, `.${NOW + 6000}.`), 'su2', NOW, version, false],
      ['garbage', 'su2.x.y.z', 'su2', NOW, version, false],
    ] as const)('%s', (_name, candidate, kind, now, v, valid) => {
      const parsed = parseSignedLinkToken(kind, candidate, now);
      expect(parsed !== null && verifySignedLinkToken(KEY, kind, parsed, v)).toBe(valid);
    });
  });

  describe('recipientKey', () => {
    it('is one key per gallery and email, whatever the case and spacing', () => {
      expect(recipientKey('g1', ' Zoe@Client.TEST ')).toBe(recipientKey('g1', 'zoe@client.test'));
      expect(recipientKey('g1', 'zoe@client.test')).not.toBe(recipientKey('g2', 'zoe@client.test'));
    });
  });
});
