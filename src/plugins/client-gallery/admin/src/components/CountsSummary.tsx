import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import type { GalleryCounts } from '../../../shared/dashboard';
import { errorMessage, saveBlob } from '../utils/api';
import { useDashboardApi, type CountsScope } from '../utils/dashboard-api';
import { useT } from '../utils/translations';

/**
 * The counts above the activity timeline: per gallery, days with a visitor, favourites, confirmed
 * selections, downloads used of the limit and packages, and the last visit; with a CSV of every link.
 */
export const CountsSummary = ({ scope, documentId }: { scope: CountsScope; documentId: string }) => {
  const { counts, countsCsv } = useDashboardApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [galleries, setGalleries] = useState<GalleryCounts[] | null>(null);
  useEffect(() => {
    counts(scope, documentId).then((answer) => setGalleries(answer.data), () => setGalleries([]));
  }, [counts, scope, documentId]);

  const exportCsv = async () => {
    try {
      saveBlob(new Blob([await countsCsv(scope, documentId)], { type: 'text/csv' }), `counts-${documentId}.csv`);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  if (!galleries || galleries.length === 0) return null;
  return (
    <Box paddingBottom={4} data-testid="counts-summary">
      <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap" paddingBottom={2}>
        <Typography variant="delta" tag="h2">
          {t('counts.title', 'Counts')}
        </Typography>
        <Button variant="tertiary" startIcon={<Download />} onClick={exportCsv} data-testid="counts-csv">
          {t('counts.csv', 'Export CSV')}
        </Button>
      </Flex>
      <Flex tag="ul" direction="column" alignItems="stretch" gap={1}>
        {galleries.map((gallery) => (
          <li key={gallery.gallery.documentId}>
            <Typography>
              {t(
                'counts.gallery',
                '{title}: {views, plural, one {# visitor-day} other {# visitor-days}}, {favourites} favourites, {selections} selections confirmed, {downloads} photos and {packages} packages downloaded{last, select, none {} other {, last visit {last}}}',
                {
                  title: gallery.gallery.title,
                  views: gallery.views,
                  favourites: gallery.favourites,
                  selections: gallery.selections,
                  downloads: gallery.downloads,
                  packages: gallery.packages,
                  last: gallery.lastVisitAt ? new Date(gallery.lastVisitAt).toLocaleDateString() : 'none',
                },
              )}
            </Typography>
          </li>
        ))}
      </Flex>
    </Box>
  );
};
