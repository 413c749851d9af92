/* eslint-disable */
/**
 * jest's own order (slowest and failed files first), regrouped so that the files of one boot
 * profile follow each other: a worker holds one profile boot at a time, so every change of
 * profile costs a boot. Files that boot for themselves come first, then each profile's files, in
 * the order of PROFILE_ORDER. A file's profile is the first `useProfile('…')` in its source.
 */
const fs = require('fs');
const Sequencer = require('@jest/test-sequencer').default;

const PROFILE_ORDER = ['default', 's3', 'smtp'];

function profileOf(path) {
  const match = /useProfile\('([a-z0-9-]+)'/.exec(fs.readFileSync(path, 'utf8'));
  return match ? match[1] : undefined;
}

class ProfileSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const rank = (test) => {
      const profile = profileOf(test.path);
      if (!profile) return 0;
      const index = PROFILE_ORDER.indexOf(profile);
      return 1 + (index < 0 ? PROFILE_ORDER.length : index);
    };
    const ranked = ordered.map((test, position) => ({ test, position, rank: rank(test) }));
    ranked.sort((a, b) => a.rank - b.rank || a.position - b.position);
    return ranked.map(({ test }) => test);
  }
}

module.exports = ProfileSequencer;
