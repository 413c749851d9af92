import { Badge, Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { LabelledCheckbox } from '../components/LabelledCheckbox';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AdminActivity } from '../../../shared/contracts';
import { MailOutboxPanel } from '../components/MailOutboxPanel';
import { errorMessage, useGalleryApi } from '../utils/api';
import { activityText, formatDate, milestoneLabel } from '../utils/format';
import { useT } from '../utils/translations';

/** Milestones (first view, first favourites, full download, …) the studio has not read yet. */
export const NotificationsPage = () => {
  const { listNotifications, markNotificationRead } = useGalleryApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [showRead, setShowRead] = useState(false);
  const [items, setItems] = useState<AdminActivity[] | null>(null);
  const [error, setError] = useState(false);

  const refresh = useCallback(() => {
    setItems(null);
    listNotifications(!showRead).then(setItems, () => setError(true));
  }, [listNotifications, showRead]);
  useEffect(refresh, [refresh]);

  const markRead = async (item: AdminActivity) => {
    try {
      const updated = await markNotificationRead(item.documentId);
      setItems((current) => (current ?? []).flatMap((i) => (i.documentId !== item.documentId ? [i] : showRead ? [updated] : [])));
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  };

  const markAll = async () => {
    for (const item of (items ?? []).filter((i) => !i.readAt)) await markRead(item);
  };

  if (error) return <Page.Error />;
  const unread = (items ?? []).filter((i) => !i.readAt).length;

  return (
    <Layouts.Root>
      <Page.Title>{t('notifications.pageTitle', 'Notifications · Client gallery')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton />}
        title={t('notifications.title', 'Notifications')}
        subtitle={t(
          'notifications.subtitle',
          'Milestones on shared galleries: first views and favourites, downloads, repeated wrong passwords, confirmed selections, new comments, passed deadlines, zips that failed.',
        )}
        primaryAction={
          <Button variant="secondary" disabled={unread === 0} onClick={markAll}>
            {t('notifications.markAll', 'Mark all as read')}
          </Button>
        }
      />
      <Layouts.Content>
        <MailOutboxPanel />
        <Box paddingBottom={4}>
          <LabelledCheckbox checked={showRead} onCheckedChange={(v: boolean | 'indeterminate') => setShowRead(v === true)}>
            {t('notifications.includeRead', 'Include read notifications')}
          </LabelledCheckbox>
        </Box>
        {!items ? (
          <Flex justifyContent="center" padding={6}>
            <Loader small>{t('notifications.loading', 'Loading notifications')}</Loader>
          </Flex>
        ) : items.length === 0 ? (
          <Box padding={8} background="neutral0" hasRadius shadow="tableShadow">
            <Typography textColor="neutral600">
              {showRead ? t('notifications.none', 'No milestones yet.') : t('notifications.caughtUp', 'You are all caught up.')}
            </Typography>
          </Box>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={3}>
            {items.map((item) => (
              <Flex
                key={item.documentId}
                background="neutral0"
                hasRadius
                shadow="tableShadow"
                padding={4}
                justifyContent="space-between"
                gap={4}
                data-testid="notification"
                style={{ borderLeft: `4px solid ${item.readAt ? 'transparent' : '#4945ff'}` }}
              >
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Flex gap={2}>
                    <Badge variant={item.readAt ? 'neutral' : 'primary'}>{milestoneLabel(item.milestone, t)}</Badge>
                    <Typography fontWeight="semiBold">{activityText(item, t)}</Typography>
                  </Flex>
                  <Typography variant="pi" textColor="neutral600">
                    {formatDate(item.at)}
                    {item.gallery ? ` · ${item.gallery.title}` : ''}
                    {item.client ? ' · ' : ''}
                    {item.client && (
                      <Link to={`../clients/${item.client.documentId}`} relative="path">
                        {item.client.name}
                      </Link>
                    )}
                  </Typography>
                </Flex>
                {!item.readAt && (
                  <Button variant="tertiary" onClick={() => markRead(item)}>
                    {t('notifications.markRead', 'Mark as read')}
                  </Button>
                )}
              </Flex>
            ))}
          </Flex>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};
