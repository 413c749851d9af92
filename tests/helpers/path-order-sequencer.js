/* eslint-disable */
/**
 * Runs test files in path order, or reversed with CG_TEST_ORDER=reverse. For checking that a file
 * that joined a boot profile passes whichever files ran before it in the same boot:
 *
 *   CG_TEST_ORDER=reverse npx jest --runInBand --testSequencer ./tests/helpers/path-order-sequencer.js <files>
 */
const Sequencer = require('@jest/test-sequencer').default;

class PathOrderSequencer extends Sequencer {
  sort(tests) {
    const sorted = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    return process.env.CG_TEST_ORDER === 'reverse' ? sorted.reverse() : sorted;
  }
}

module.exports = PathOrderSequencer;
