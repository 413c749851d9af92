import { addRefusal, boundsOf, compareRounds, confirmRefusal, phaseOf } from '../../src/plugins/client-gallery/server/src/lib/selection-rules';
import { selectionCounter } from '../../src/plugins/client-gallery/shared/proofing';

describe('selection rules', () => {
  describe('phaseOf: which round a link is in', () => {
    it.each([
      ['never confirmed', null, { round: 1, confirmed: false, confirmedAt: null, reopenReason: null }],
      [
        'round 1 confirmed',
        { round: 1, confirmedAt: '2026-11-01T10:00:00.000Z', reopenedAt: null },
        { round: 1, confirmed: true, confirmedAt: '2026-11-01T10:00:00.000Z', reopenReason: null },
      ],
      [
        'round 1 reopened: working on round 2',
        { round: 1, confirmedAt: '2026-11-01T10:00:00.000Z', reopenedAt: '2026-11-02T10:00:00.000Z', reopenReason: 'one more' },
        { round: 2, confirmed: false, confirmedAt: null, reopenReason: 'one more' },
      ],
      [
        'round 3 confirmed',
        { round: 3, confirmedAt: new Date('2026-11-03T00:00:00Z'), reopenedAt: null },
        { round: 3, confirmed: true, confirmedAt: '2026-11-03T00:00:00.000Z', reopenReason: null },
      ],
    ] as const)('%s', (_label, latest, expected) => {
      expect(phaseOf(latest as any)).toEqual(expected);
    });
  });

  describe('boundsOf: the gallery settings as the visitor sees them', () => {
    it.each([
      [
        { selectionMin: 5, selectionMax: 10 },
        { min: 5, max: 10 },
      ],
      [
        { selectionMin: null, selectionMax: null },
        { min: null, max: null },
      ],
      [
        { selectionMin: 0, selectionMax: 3 },
        { min: null, max: 3 },
      ],
      [
        { selectionMin: 6, selectionMax: 4 },
        { min: 6, max: 6 },
      ],
      [{}, { min: null, max: null }],
    ])('%j → %j', (gallery, expected) => {
      expect(boundsOf(gallery)).toEqual(expected);
    });
  });

  const open = phaseOf(null);
  const frozen = phaseOf({ round: 1, confirmedAt: '2026-11-01T10:00:00.000Z', reopenedAt: null });

  describe('addRefusal: one more photo', () => {
    it.each([
      ['room left', open, { min: null, max: 10 }, 9, null],
      ['at max', open, { min: null, max: 10 }, 10, { reason: 'full', max: 10 }],
      ['no max', open, { min: null, max: null }, 5000, null],
      ['confirmed beats full', frozen, { min: null, max: 1 }, 1, { reason: 'confirmed' }],
    ] as const)('%s', (_label, phase, bounds, count, expected) => {
      expect(addRefusal(phase, bounds, count)).toEqual(expected);
    });
  });

  describe('confirmRefusal: freezing the set', () => {
    it.each([
      ['empty, no min', open, { min: null, max: null }, 0, { reason: 'too-small', min: 1 }],
      ['under min', open, { min: 5, max: 10 }, 4, { reason: 'too-small', min: 5 }],
      ['at min', open, { min: 5, max: 10 }, 5, null],
      ['at max', open, { min: 5, max: 10 }, 10, null],
      ['over a lowered max', open, { min: null, max: 3 }, 4, { reason: 'too-large', max: 3 }],
      ['already confirmed', frozen, { min: null, max: null }, 3, { reason: 'confirmed' }],
    ] as const)('%s', (_label, phase, bounds, count, expected) => {
      expect(confirmRefusal(phase, bounds, count)).toEqual(expected);
    });
  });

  describe('compareRounds', () => {
    it.each([
      [['a', 'b', 'c'], ['a', 'c', 'd'], { added: ['d'], removed: ['b'], kept: ['a', 'c'] }],
      [[], ['a'], { added: ['a'], removed: [], kept: [] }],
      [['a', 'b'], ['b', 'a'], { added: [], removed: [], kept: ['b', 'a'] }],
    ])('%j → %j', (before, after, expected) => {
      expect(compareRounds(before, after)).toEqual(expected);
    });
  });

  describe('selectionCounter', () => {
    it.each([
      [7, 5, 10, '7 of 10 (min 5)'],
      [7, null, 10, '7 of 10'],
      [3, 5, null, '3 selected (min 5)'],
      [0, null, null, '0 selected'],
    ])('%i, min %p, max %p → %s', (count, min, max, text) => {
      expect(selectionCounter(count, min, max)).toBe(text);
    });
  });
});
