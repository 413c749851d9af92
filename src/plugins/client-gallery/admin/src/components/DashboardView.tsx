import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AttentionItem, DashboardResponse } from '../../../shared/dashboard';
import { useDashboardApi } from '../utils/dashboard-api';
import { useT } from '../utils/translations';

/** An admin path as the server writes it (`/admin/plugins/…`), for the admin's own router (its base is /admin). */
const inAdmin = (href: string) => href.replace(/^\/admin(?=\/)/, '');

function useAttentionText() {
  const t = useT();
  return (item: AttentionItem) => {
    const gallery = item.gallery?.title ?? '';
    const who = item.link?.recipientEmail ?? item.client?.name ?? '';
    switch (item.kind) {
      case 'deadline':
        return t('dashboard.attention.deadline', '{gallery} ({client}): deadline {date}, no selection confirmed', { gallery, client: item.client?.name ?? '', date: String(item.details.deadline ?? '') });
      case 'limit-used-up':
        return t('dashboard.attention.limit', '{gallery} ({who}): download limit used up ({used} of {limit})', { gallery, who, used: item.details.used, limit: item.details.limit });
      case 'failed-mail':
        return t('dashboard.attention.mail', 'A mail to {recipient} failed: {subject}', { recipient: String(item.details.recipient ?? ''), subject: String(item.details.subject ?? '') });
      case 'failed-package':
        return t('dashboard.attention.package', '{gallery} ({who}): a download package failed', { gallery, who });
      case 'comment-awaiting-reply':
        return t('dashboard.attention.comment', '{gallery} ({who}): a comment awaits your reply', { gallery, who });
    }
  };
}

/**
 * What needs the studio's attention and, unless compact, recent activity grouped per client and
 * day. Each row is a link to where the studio acts on it. The plugin's dashboard page and the
 * widget on Strapi's home page both show it.
 */
export const DashboardView = ({ compact = false }: { compact?: boolean }) => {
  const { overview } = useDashboardApi();
  const t = useT();
  const attentionText = useAttentionText();
  const [data, setData] = useState<DashboardResponse['data'] | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    overview().then((answer) => setData(answer.data), () => setError(true));
  }, [overview]);

  if (error) return <Typography textColor="danger600">{t('dashboard.error', 'The dashboard could not be loaded.')}</Typography>;
  if (!data) return <Loader small>{t('common.loading', 'Loading…')}</Loader>;
  const attention = compact ? data.attention.slice(0, 6) : data.attention;

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Box data-testid="dashboard-attention">
        {!compact && (
          <Typography variant="delta" tag="h2">
            {t('dashboard.attention.title', 'Needs attention')}
          </Typography>
        )}
        {attention.length === 0 ? (
          <Typography tag="p">{t('dashboard.attention.none', 'Nothing needs your attention.')}</Typography>
        ) : (
          <Flex tag="ul" direction="column" alignItems="stretch" gap={1} paddingTop={2}>
            {attention.map((item, i) => (
              <li key={`${item.kind}-${i}`}>
                <Link to={inAdmin(item.href)} data-testid={`attention-${item.kind}`} style={{ display: 'inline-flex', minHeight: 40, alignItems: 'center' }}>
                  <Typography>{attentionText(item)}</Typography>
                </Link>
              </li>
            ))}
          </Flex>
        )}
      </Box>
      {!compact && (
        <Box data-testid="dashboard-activity">
          <Typography variant="delta" tag="h2">
            {t('dashboard.activity.title', 'Recent activity')}
          </Typography>
          {data.activity.length === 0 ? (
            <Typography tag="p">{t('dashboard.activity.none', 'No activity yet.')}</Typography>
          ) : (
            <Flex tag="ul" direction="column" alignItems="stretch" gap={1} paddingTop={2}>
              {data.activity.map((group) => {
                const counts = Object.entries(group.counts)
                  .map(([type, count]) => t('dashboard.activity.count', '{count} × {type}', { count, type }))
                  .join(', ');
                const text = t('dashboard.activity.group', '{client}, {day}: {counts}', { client: group.client?.name ?? t('dashboard.activity.noClient', 'No client'), day: group.day, counts });
                return (
                  <li key={`${group.client?.documentId ?? ''}-${group.day}`}>
                    {group.href ? (
                      <Link to={inAdmin(group.href)} style={{ display: 'inline-flex', minHeight: 40, alignItems: 'center' }}>
                        <Typography>{text}</Typography>
                      </Link>
                    ) : (
                      <Typography>{text}</Typography>
                    )}
                  </li>
                );
              })}
            </Flex>
          )}
        </Box>
      )}
    </Flex>
  );
};
