import { useRBAC } from '@strapi/strapi/admin';
import { ACTIONS } from '../../../shared/permissions';

// Stable object: useRBAC re-checks whenever its input changes identity.
const CHECKS = {
  read: [{ action: ACTIONS.read, subject: null }],
  update: [{ action: ACTIONS.update, subject: null }],
};

/** What the signed-in admin may do here. The server checks again on every route; this only hides controls. */
export function useGalleryPermissions() {
  const { allowedActions, isLoading } = useRBAC(CHECKS as Parameters<typeof useRBAC>[0]);
  return { canView: Boolean(allowedActions.canRead), canModify: Boolean(allowedActions.canUpdate), isLoading };
}
