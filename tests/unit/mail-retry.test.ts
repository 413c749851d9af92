import { afterFailure, describeMailError, retryDelayMs } from '../../src/plugins/client-gallery/server/src/lib/mail-retry';

const policy = { maxAttempts: 4, baseMs: 1000, maxMs: 5000 };

describe('outbox retry schedule', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 5000], // capped
    [60, 5000], // no overflow
    [0, 1000],
  ])('waits after failed try %i: %i ms', (attempt, wait) => {
    expect(retryDelayMs(attempt, policy)).toBe(wait);
  });

  it.each([
    [1, { giveUp: false, retryAt: 11_000 }],
    [3, { giveUp: false, retryAt: 14_000 }],
    [4, { giveUp: true }],
    [5, { giveUp: true }],
  ])('after failed try %i of 4', (attempt, expected) => {
    expect(afterFailure(attempt, 10_000, policy)).toEqual(expected);
  });

  it.each([
    [{ responseCode: 451, message: '451 4.3.0 Try again later' }, '451 4.3.0 Try again later'],
    [{ responseCode: 451, message: 'Mailbox busy' }, '451 Mailbox busy'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:25' }, 'connect ECONNREFUSED 127.0.0.1:25'],
    [{ responseCode: 550, message: '550 <ann@client.test>: no such user\nmore' }, '550 <<address>>: no such user'],
    [null, 'The mail server refused the message'],
    [{ message: 'x'.repeat(400) }, 'x'.repeat(300)],
  ])('describes %j without addresses', (error, text) => {
    expect(describeMailError(error)).toBe(text);
  });
});
