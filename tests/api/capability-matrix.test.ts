import { capabilityMatrix } from './capability-matrix';

/** The capability matrix (tests/api/capability-matrix.ts) on the private local provider. */
capabilityMatrix('private-local');
