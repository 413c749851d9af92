import { capabilityMatrix } from './capability-matrix';

/** The capability matrix (tests/api/capability-matrix.ts) on S3, where the checked route streams from the bucket. */
capabilityMatrix('s3');
