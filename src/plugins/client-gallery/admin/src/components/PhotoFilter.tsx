import { Box, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import type { AdminLink } from '../../../shared/contracts';
import { useGalleryApi, type PhotoFilterParams } from '../utils/api';
import { linkRecipient } from '../utils/format';
import { useT } from '../utils/translations';

/** The select's value for a filter: `all`, `selected:<link>`, `favourited:<link>` or `commented`. */
export function filterParams(value: string): PhotoFilterParams {
  const [kind, link] = value.split(':');
  if (kind === 'selected' && link) return { selectedBy: link };
  if (kind === 'favourited' && link) return { favouritedBy: link };
  if (kind === 'commented') return { commented: 'true' };
  return {};
}

/**
 * The Photos tab's "Show" filter: all photos, or the ones a recipient (a link of one of the
 * client's galleries) selected or favourited, or the ones with a comment. The server filters its
 * keyset pages (no list of ids goes either way), so "Load more" goes on working.
 */
export const PhotoFilter = ({ clientDocumentId, value, onChange }: { clientDocumentId: string; value: string; onChange(value: string): void }) => {
  const { listRecipients } = useGalleryApi();
  const t = useT();
  const [recipients, setRecipients] = useState<AdminLink[]>([]);
  useEffect(() => {
    listRecipients(clientDocumentId).then(setRecipients, () => setRecipients([]));
  }, [clientDocumentId, listRecipients]);
  // A general link is nobody in particular, and only private links select, favourite or comment.
  const people = recipients.filter((link) => link.kind === 'private');
  const who = (link: AdminLink) => t('photos.filter.who', '{name} · {gallery}', { name: linkRecipient(link, t), gallery: link.gallery?.title ?? '' });

  return (
    <Box paddingBottom={4} style={{ maxWidth: 420 }} data-testid="photo-filter">
      <SingleSelect aria-label={t('photos.filter', 'Show')} value={value} onChange={(next: string | number) => onChange(String(next))}>
        <SingleSelectOption value="all">{t('photos.filter.all', 'All photos')}</SingleSelectOption>
        {people.map((link) => (
          <SingleSelectOption key={`s-${link.documentId}`} value={`selected:${link.documentId}`}>
            {t('photos.filter.selectedBy', 'Selected by {who}', { who: who(link) })}
          </SingleSelectOption>
        ))}
        {people.map((link) => (
          <SingleSelectOption key={`f-${link.documentId}`} value={`favourited:${link.documentId}`}>
            {t('photos.filter.favouritedBy', 'Favourited by {who}', { who: who(link) })}
          </SingleSelectOption>
        ))}
        <SingleSelectOption value="commented">{t('photos.filter.commented', 'Commented')}</SingleSelectOption>
      </SingleSelect>
    </Box>
  );
};
