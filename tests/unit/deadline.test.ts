import { daysLeft, deadlineEnd, deadlinePassed, effectiveStage, reminderDaysProblem, reminderDue, reminderScheduleOf } from '../../src/plugins/client-gallery/server/src/lib/deadline';

const at = (iso: string) => Date.parse(iso);

describe('deadline', () => {
  it('passes at the end of the deadline day, UTC', () => {
    expect(deadlineEnd('2030-01-10')).toBe(at('2030-01-11T00:00:00Z'));
    expect(deadlineEnd(null)).toBeNull();
    expect(deadlineEnd('soon')).toBeNull();
  });

  describe('effectiveStage: what a request sees', () => {
    it.each([
      ['proofing', '2030-01-10', '2030-01-10T23:59:59Z', 'proofing'],
      ['proofing', '2030-01-10', '2030-01-11T00:00:00Z', 'locked'],
      ['proofing', null, '2099-01-01T00:00:00Z', 'proofing'],
      ['ready', '2030-01-10', '2031-01-01T00:00:00Z', 'ready'],
      ['archived', '2030-01-10', '2031-01-01T00:00:00Z', 'archived'],
      ['locked', '2030-01-10', '2029-01-01T00:00:00Z', 'locked'],
    ] as const)('%s with deadline %s at %s → %s', (stage, deadline, now, expected) => {
      expect(effectiveStage(stage, deadline, at(now))).toBe(expected);
      expect(deadlinePassed(deadline, at(now))).toBe(deadline !== null && at(now) >= at(`${deadline}T00:00:00Z`) + 86_400_000);
    });
  });

  describe('daysLeft and reminderDue, with reminders [3, 1]', () => {
    it.each([
      ['2030-03-06T12:00:00Z', 5, null],
      ['2030-03-07T00:00:00Z', 4, null],
      ['2030-03-07T00:00:01Z', 4, null],
      ['2030-03-08T00:00:00Z', 3, { send: 3, due: [3] }],
      ['2030-03-09T12:00:00Z', 2, { send: 3, due: [3] }],
      ['2030-03-10T00:00:00Z', 1, { send: 1, due: [1, 3] }],
      ['2030-03-10T23:59:00Z', 1, { send: 1, due: [1, 3] }],
      ['2030-03-11T00:00:00Z', 0, null],
    ])('at %s: %i days left, due %j', (now, left, due) => {
      expect(daysLeft('2030-03-10', at(now))).toBe(left);
      expect(reminderDue('2030-03-10', at(now), [3, 1])).toEqual(due);
    });

    it('has nothing due without a deadline or without reminders', () => {
      expect(reminderDue(null, at('2030-03-10T00:00:00Z'), [3, 1])).toBeNull();
      expect(reminderDue('2030-03-10', at('2030-03-10T00:00:00Z'), [])).toBeNull();
    });
  });

  describe("a gallery's own reminder days", () => {
    it.each([
      [null, null],
      [[3, 1], null],
      [[60, 30, 14, 7, 1], null],
      [[], /at least one/],
      [[0], /from 1 to 60/],
      [[61], /from 1 to 60/],
      [[2.5], /whole days/],
      [['3'], /whole days/],
      [[3, 3], /repeat/],
      [[1, 2, 3, 4, 5, 6], /at most 5/],
      ['3, 1', /list/],
      [{ days: 3 }, /list/],
    ])('%j is %s', (value, problem) => {
      const found = reminderDaysProblem(value);
      if (problem === null) expect(found).toBeNull();
      else expect(found).toMatch(problem);
    });

    it('follows the gallery when it has days, the default when not (old rows: nulls), and none when off', () => {
      expect(reminderScheduleOf({ remindersEnabled: true, reminderDays: [10, 2] }, [3, 1])).toEqual([10, 2]);
      expect(reminderScheduleOf({ remindersEnabled: true, reminderDays: null }, [3, 1])).toEqual([3, 1]);
      expect(reminderScheduleOf({ remindersEnabled: null, reminderDays: null }, [3, 1])).toEqual([3, 1]);
      expect(reminderScheduleOf({}, [3, 1])).toEqual([3, 1]);
      expect(reminderScheduleOf({ remindersEnabled: false, reminderDays: [10, 2] }, [3, 1])).toEqual([]);
      // A stored value the rules refuse (written around every check) falls back to the default rather than mailing daily.
      expect(reminderScheduleOf({ remindersEnabled: true, reminderDays: [0, 0] }, [3, 1])).toEqual([3, 1]);
    });
  });
});
