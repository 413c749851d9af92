import { refusalOf, type VisitorAction, type VisitorFacts } from '../../src/plugins/client-gallery/server/src/lib/visitor-policy';

/** What a link visitor may do, as DESIGN.md's table says: status × link kind × settings. */
type Status = 'proofing' | 'locked' | 'ready' | 'archived';
const ACTIONS: VisitorAction[] = ['view', 'own', 'favourite', 'select', 'comment', 'download', 'claim'];

function facts(status: Status, kind: 'general' | 'private', settings: { selection?: boolean; comments?: boolean; downloads?: boolean } = {}): VisitorFacts {
  return {
    unlocked: true,
    gallery: { stage: status, selectionAllowed: settings.selection ?? true, commentsAllowed: settings.comments ?? true },
    link: { kind, downloadsEnabled: settings.downloads ?? true },
  };
}

/** The outcome per action, in ACTIONS order: ✓ allowed, or the refusal's reason. */
const outcome = (f: VisitorFacts) => ACTIONS.map((action) => refusalOf(f, action)?.reason ?? '✓');

describe('visitor policy', () => {
  describe('what each status allows, everything switched on', () => {
    // `own` (one's own favourites, selection, threads, marks) is read-only and stays in every status.
    //                                             view  own               favourite         select            comment           download       claim
    it.each<[Status, 'general' | 'private', string[]]>([
      ['proofing', 'private', ['✓', '✓', '✓', '✓', '✓', 'not-allowed', 'not-a-general-link']],
      ['proofing', 'general', ['✓', 'claim-required', 'claim-required', 'claim-required', 'claim-required', 'not-allowed', '✓']],
      ['locked', 'private', ['✓', '✓', 'not-allowed', 'not-allowed', 'not-allowed', 'not-allowed', 'not-a-general-link']],
      ['locked', 'general', ['✓', 'claim-required', 'not-allowed', 'not-allowed', 'not-allowed', 'not-allowed', '✓']],
      ['ready', 'private', ['✓', '✓', 'not-allowed', 'not-allowed', 'not-allowed', '✓', 'not-a-general-link']],
      ['ready', 'general', ['✓', 'claim-required', 'not-allowed', 'not-allowed', 'not-allowed', '✓', '✓']],
      ['archived', 'private', ['✓', '✓', 'not-allowed', 'not-allowed', 'not-allowed', 'not-allowed', 'not-a-general-link']],
      ['archived', 'general', ['✓', 'claim-required', 'not-allowed', 'not-allowed', 'not-allowed', 'not-allowed', '✓']],
    ])('%s gallery, %s link', (status, kind, expected) => {
      expect(outcome(facts(status, kind))).toEqual(expected);
    });
  });

  describe('what the gallery and link settings take away', () => {
    it.each<[string, VisitorFacts, VisitorAction, string]>([
      ['selection off', facts('proofing', 'private', { selection: false }), 'select', 'not-allowed'],
      ['comments off', facts('proofing', 'private', { comments: false }), 'comment', 'not-allowed'],
      ['downloads off', facts('ready', 'private', { downloads: false }), 'download', 'not-allowed'],
      ['selection off, general link: the claim comes first', facts('proofing', 'general', { selection: false }), 'select', 'claim-required'],
      ['comments off, general link: the claim comes first', facts('proofing', 'general', { comments: false }), 'comment', 'claim-required'],
    ])('%s', (_label, f, action, reason) => {
      expect(refusalOf(f, action)?.reason).toBe(reason);
    });
  });

  describe('what comes before any status', () => {
    it.each(ACTIONS)('a locked password refuses %s first', (action) => {
      expect(refusalOf({ ...facts('ready', 'general'), unlocked: false }, action)).toEqual({ reason: 'password-required' });
    });
    it.each(ACTIONS)('an unpublished gallery refuses %s, once unlocked', (action) => {
      expect(refusalOf({ ...facts('ready', 'general'), gallery: null }, action)).toEqual({ reason: 'gallery-unavailable' });
    });
  });

  it('says why a status refuses, for the visitor to read', () => {
    expect(refusalOf(facts('locked', 'private'), 'favourite')).toEqual({ reason: 'not-allowed', because: 'the gallery is locked' });
  });
});
