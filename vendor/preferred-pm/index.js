// preferred-pm 5 (and its which-pm 4) declare Node >= 22.13, so `npm ci` on Node 20 warned about
// them; 4.1.1 does the same detection on Node 18+, but as a default CommonJS export.
import preferredPMv4 from 'preferred-pm-v4';

export const preferredPM = preferredPMv4;
