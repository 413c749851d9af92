/** Types of make-template.js (plain JavaScript: scripts/run-tests.js and a child process run it as it is). */
export function ensureTemplate(): string;
export function dropRunDatabases(run?: string): void;
export function runId(): string;
