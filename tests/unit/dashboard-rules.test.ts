import { COUNTERS, counterOf, countEvents, sumCounts, utcDay, viewKey } from '../../src/plugins/client-gallery/server/src/lib/activity-counts';
import { awaitingReply, deadlineCutoff, groupActivity, limitUsedUp } from '../../src/plugins/client-gallery/server/src/lib/dashboard-rules';
import { csvCell, csvLine, csvTable } from '../../src/plugins/client-gallery/server/src/lib/csv';
import { countsCsv } from '../../src/plugins/client-gallery/server/src/lib/counts-export';
import type { ActivityType } from '../../src/plugins/client-gallery/shared/contracts';

describe('activity counts', () => {
  it.each<[string, ActivityType, Record<string, unknown> | null, string | null]>([
    ['a view', 'view', null, 'views'],
    ['a favourite', 'favourite', null, 'favourites'],
    ['a confirmed round', 'selection-confirmed', { round: 2 }, 'selections'],
    ['a single download', 'download', { resolution: 'web' }, 'downloads'],
    ['a delivered package', 'package', { resolution: 'web', imageCount: 3 }, 'packages'],
    ['a package with no details', 'package', null, 'packages'],
    ['a package requested (not delivered)', 'package', { state: 'requested' }, null],
    ['a package that failed', 'package', { state: 'failed' }, null],
    ['a comment', 'comment', null, 'comments'],
    ['a wrong password', 'password-failed', { failuresInWindow: 1 }, null],
    ['an invitation', 'invitation-sent', null, null],
    ["a staff member's download", 'staff-download', null, null],
  ])('%s raises %s', (_, type, details, counter) => {
    expect(counterOf(type, details)).toBe(counter);
  });

  it.each<[string, ActivityType, string, string | null]>([
    ["none for the comment digest (its comments were counted one by one)", 'comment', 'new-comments', null],
    ['a first view (the view itself)', 'view', 'first-view', 'views'],
    ['a confirmed selection milestone (the round itself)', 'selection-confirmed', 'selection-confirmed', 'selections'],
    ['a download that used up the limit (the download itself)', 'download', 'limited-download', 'downloads'],
  ])('a milestone event counts as the event it is: %s', (_, type, milestone, counter) => {
    expect(counterOf(type, null, milestone as any)).toBe(counter);
  });

  it.each([
    ['midnight UTC starts a day', '2026-12-07T00:00:00.000Z', 'view:7:2026-12-07'],
    ['the last millisecond of a day is still it', '2026-12-07T23:59:59.999Z', 'view:7:2026-12-07'],
    ['a zone offset is read as UTC', '2026-12-08T00:30:00+01:00', 'view:7:2026-12-07'],
  ])('keys a view by link and UTC day: %s', (_, at, key) => {
    expect(viewKey(7, new Date(at))).toBe(key);
    expect(utcDay(new Date(at))).toBe(key.slice(-10));
  });

  it('counts views as days, whatever the page loads of each day (rows kept from before the daily key)', () => {
    const counts = countEvents([
      { type: 'view', createdAt: '2026-12-01T08:00:00.000Z' },
      { type: 'view', createdAt: '2026-12-01T20:00:00.000Z' },
      { type: 'view', createdAt: Date.parse('2026-12-03T10:00:00.000Z') },
      { type: 'favourite', createdAt: '2026-12-03T10:01:00.000Z' },
      { type: 'package', details: { state: 'requested' }, createdAt: '2026-12-03T10:02:00.000Z' },
      { type: 'package', details: { imageCount: 4 }, createdAt: '2026-12-03T10:05:00.000Z' },
    ]);
    expect(counts).toEqual({ views: 2, favourites: 1, selections: 0, downloads: 0, packages: 1, comments: 0, lastVisitAt: '2026-12-03T10:00:00.000Z' });
    expect(countEvents([])).toMatchObject({ views: 0, lastVisitAt: null });
  });

  it('sums links into a gallery, a missing counter as none', () => {
    expect(sumCounts([{ views: 2, favourites: 1 }, { views: 3, packages: 1 }, {}])).toEqual({ views: 5, favourites: 1, selections: 0, downloads: 0, packages: 1, comments: 0 });
    expect(Object.keys(sumCounts([]))).toEqual([...COUNTERS]);
  });
});

describe('needs attention', () => {
  it.each([
    ['today, 3 days ahead', '2026-12-07T10:00:00.000Z', 3, '2026-12-10'],
    ['late in the UTC day', '2026-12-07T23:30:00.000Z', 1, '2026-12-08'],
    ['a window of none: due today or passed', '2026-12-07T10:00:00.000Z', 0, '2026-12-07'],
    ['across a month', '2026-12-30T10:00:00.000Z', 3, '2027-01-02'],
  ])('a deadline is near up to the cutoff: %s', (_, now, days, cutoff) => {
    expect(deadlineCutoff(new Date(now), days)).toBe(cutoff);
  });

  it.each<[string, number | null, number | null, boolean]>([
    ['no limit', null, 40, false],
    ['limit left', 5, 4, false],
    ['limit reached', 5, 5, true],
    ['past the limit (the limit was lowered)', 3, 5, true],
    ['a limit of 0 (downloads off in effect)', 0, 0, false],
    ['used unknown', 5, null, false],
  ])('a limit is used up: %s', (_, limit, used, expected) => {
    expect(limitUsedUp(limit, used)).toBe(expected);
  });

  it("lists each thread once, by its newest comment, only when that comment is the client's", () => {
    const comments = [
      { id: 9, author: 'client', linkId: 1, imageId: 10 },
      { id: 8, author: 'studio', linkId: 1, imageId: 11 },
      { id: 7, author: 'client', linkId: 1, imageId: 11 },
      { id: 6, author: 'client', linkId: 1, imageId: 10 },
      { id: 5, author: 'client', linkId: 2, imageId: null },
      { id: 4, author: 'client', linkId: 1, imageId: null },
      { id: 3, author: 'client', linkId: null, imageId: 10 },
      { id: 2, author: 'studio', linkId: 2, imageId: 12 },
    ];
    expect(awaitingReply(comments).map((comment) => comment.id)).toEqual([9, 5, 4]);
  });
});

describe('recent activity', () => {
  const ines = { documentId: 'ines', name: 'Ines' };
  const otto = { documentId: 'otto', name: 'Otto' };
  const wedding = { documentId: 'g1', title: 'Wedding' };
  const portraits = { documentId: 'g2', title: 'Portraits' };
  const at = (iso: string) => new Date(iso);

  it('groups per client and UTC day, counting repeated events, newest group first', () => {
    const groups = groupActivity(
      [
        { type: 'favourite', at: at('2026-12-07T12:00:00.000Z'), client: ines, gallery: wedding },
        { type: 'view', at: at('2026-12-07T11:00:00.000Z'), client: otto, gallery: portraits },
        { type: 'favourite', at: at('2026-12-07T10:00:00.000Z'), client: ines, gallery: portraits },
        { type: 'view', at: at('2026-12-07T09:00:00.000Z'), client: ines, gallery: wedding },
        { type: 'view', at: at('2026-12-06T23:59:00.000Z'), client: ines, gallery: wedding },
        { type: 'invitation-sent', at: at('2026-12-06T08:00:00.000Z'), client: null, gallery: null },
      ],
      (client) => `/clients/${client}`,
    );
    expect(groups).toEqual([
      {
        day: '2026-12-07',
        client: ines,
        counts: { favourite: 2, view: 1 },
        galleries: [wedding, portraits],
        firstAt: '2026-12-07T09:00:00.000Z',
        lastAt: '2026-12-07T12:00:00.000Z',
        href: '/clients/ines',
      },
      { day: '2026-12-07', client: otto, counts: { view: 1 }, galleries: [portraits], firstAt: '2026-12-07T11:00:00.000Z', lastAt: '2026-12-07T11:00:00.000Z', href: '/clients/otto' },
      { day: '2026-12-06', client: ines, counts: { view: 1 }, galleries: [wedding], firstAt: '2026-12-06T23:59:00.000Z', lastAt: '2026-12-06T23:59:00.000Z', href: '/clients/ines' },
      { day: '2026-12-06', client: null, counts: { 'invitation-sent': 1 }, galleries: [], firstAt: '2026-12-06T08:00:00.000Z', lastAt: '2026-12-06T08:00:00.000Z', href: null },
    ]);
    expect(groupActivity([], () => '')).toEqual([]);
  });
});

describe('csv', () => {
  it.each<[string, string | number | boolean | null | undefined, string]>([
    ['plain text', 'Ines', 'Ines'],
    ['a number', 12, '12'],
    ['nothing', null, ''],
    ['undefined', undefined, ''],
    ['a comma', 'Smith, Ines', '"Smith, Ines"'],
    ['a quote', 'the "best" one', '"the ""best"" one"'],
    ['a line break', 'a\nb', '"a\nb"'],
    ['a formula', '=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['a plus', '+31 20 123', "'+31 20 123"],
    ['a minus', '-1', "'-1"],
    ['an at', '@cmd', "'@cmd"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a formula that needs quotes too', '=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['a negative number, prefixed like text (no count is one)', -1, "'-1"],
  ])('a cell: %s', (_, value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends lines with CRLF and keeps the header order', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
    expect(csvTable([{ header: 'name', value: (row: { n: string }) => row.n }], [{ n: 'x' }, { n: '=y' }])).toBe("name\r\nx\r\n'=y\r\n");
  });

  it('writes one row per link of every gallery', () => {
    const link = (documentId: string, title: string) => ({
      link: { documentId, kind: 'private' as const, recipientEmail: `${documentId}@client.test`, recipientName: null, revoked: false },
      gallery: { documentId: title.toLowerCase(), title },
      views: 1,
      favourites: 2,
      selections: 0,
      downloads: 3,
      packages: 1,
      comments: 0,
      downloadsUsed: 3,
      downloadLimit: null,
      lastVisitAt: '2026-12-07T10:00:00.000Z',
    });
    const gallery = (links: ReturnType<typeof link>[]) => {
      const { link: _first, ...totals } = links[0];
      return { ...totals, lastVisitAt: null, links };
    };
    const csv = countsCsv([gallery([link('l1', 'Wedding'), link('l2', 'Wedding')]), gallery([link('l3', 'Portraits')])]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('Wedding,wedding,l1,private,,l1@client.test,no,1,2,0,3,,3,1,0,2026-12-07T10:00:00.000Z');
    expect(lines[3].startsWith('Portraits,portraits,l3,')).toBe(true);
  });
});
