import { Badge, Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { useCallback, useEffect, useState } from 'react';
import type { AdminActivity } from '../../../shared/contracts';
import { errorMessage } from '../utils/api';
import { activityText, formatDate, milestoneLabel } from '../utils/format';
import { useT } from '../utils/translations';

/** A newest-first timeline of what visitors did; `load` decides whose (a client or one link). */
export const ActivityTimeline = ({ load, emptyText, showGallery = true }: { load(): Promise<AdminActivity[]>; emptyText?: string; showGallery?: boolean }) => {
  const t = useT();
  const [events, setEvents] = useState<AdminActivity[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    setError(null);
    load().then(setEvents, (e) => setError(errorMessage(e)));
  }, [load]);

  useEffect(refresh, [refresh]);

  if (error) {
    return (
      <Flex direction="column" gap={2} padding={4}>
        <Typography textColor="danger600">{error}</Typography>
        <Button variant="tertiary" onClick={refresh}>
          {t('common.retry', 'Retry')}
        </Button>
      </Flex>
    );
  }
  if (!events)
    return (
      <Flex justifyContent="center" padding={6}>
        <Loader small>{t('activity.loading', 'Loading activity')}</Loader>
      </Flex>
    );
  if (events.length === 0)
    return (
      <Box padding={6}>
        <Typography textColor="neutral600">{emptyText ?? t('activity.empty', 'No activity yet.')}</Typography>
      </Box>
    );

  return (
    <Box tag="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="activity-list">
      {events.map((event, i) => (
        <Flex tag="li" key={event.documentId} gap={3} alignItems="stretch" data-testid="activity-item">
          <Flex direction="column" alignItems="center" width="16px">
            <Box
              width="10px"
              height="10px"
              marginTop={2}
              hasRadius
              background={event.milestone ? 'primary600' : 'neutral300'}
              style={{ borderRadius: '50%' }}
            />
            {i < events.length - 1 && <Box flex="1" width="2px" background="neutral200" marginTop={1} />}
          </Flex>
          <Flex direction="column" alignItems="flex-start" gap={1} paddingBottom={4}>
            <Flex gap={2} wrap="wrap">
              <Typography fontWeight="semiBold">{activityText(event, t)}</Typography>
              {event.milestone && <Badge variant="primary">{milestoneLabel(event.milestone, t)}</Badge>}
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {formatDate(event.at)}
              {showGallery && event.gallery ? ` · ${event.gallery.title}` : ''}
            </Typography>
          </Flex>
        </Flex>
      ))}
    </Box>
  );
};
