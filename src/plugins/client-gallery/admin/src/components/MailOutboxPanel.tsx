import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import type { AdminMail } from '../../../shared/contracts';
import { useGalleryPermissions } from '../hooks/usePermissions';
import { errorMessage } from '../utils/api';
import { formatDate } from '../utils/format';
import { useMailApi } from '../utils/mail-api';
import { useT } from '../utils/translations';

/**
 * Mails that have not gone out: failed ones (the outbox gave up) and ones waiting for their next
 * try. Shown only when there are any; "Send again" (Modify) gives a failed mail a fresh set of
 * tries. Rows wrap on a phone: nothing here is wider than the screen.
 */
export const MailOutboxPanel = () => {
  const { unsentMails, resendMail } = useMailApi();
  const { canModify } = useGalleryPermissions();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [mails, setMails] = useState<AdminMail[]>([]);
  const [total, setTotal] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);

  const refresh = useCallback(() => {
    unsentMails().then(
      (result) => {
        setMails(result.data);
        setTotal(result.meta.total);
      },
      () => undefined, // the panel is an extra: the page works without it
    );
  }, [unsentMails]);
  useEffect(refresh, [refresh]);

  const resend = async (mail: AdminMail) => {
    setBusy(mail.id);
    try {
      const updated = await resendMail(mail.id);
      setMails((current) => current.map((m) => (m.id === mail.id ? updated : m)));
      toggleNotification({ type: 'success', message: t('mails.resent', 'The mail is on its way again.') });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  if (mails.length === 0) return null;
  return (
    <Box paddingBottom={6} data-testid="mail-outbox">
      <Typography variant="delta" tag="h2">
        {t('mails.title', 'Mails not sent yet ({count})', { count: total })}
      </Typography>
      <Box paddingTop={1} paddingBottom={3}>
        <Typography variant="pi" textColor="neutral600">
          {t('mails.subtitle', 'Failed mails were tried several times and then given up. Waiting mails are tried again by themselves.')}
        </Typography>
      </Box>
      <Flex direction="column" alignItems="stretch" gap={2}>
        {mails.map((mail) => (
          <Flex
            key={mail.id}
            background="neutral0"
            hasRadius
            shadow="tableShadow"
            padding={3}
            gap={3}
            wrap="wrap"
            justifyContent="space-between"
            data-testid="mail-row"
          >
            <Flex direction="column" alignItems="flex-start" gap={1} style={{ minWidth: 0, flex: '1 1 16rem' }}>
              <Flex gap={2} wrap="wrap">
                <Badge variant={mail.status === 'failed' ? 'danger' : mail.status === 'sent' ? 'success' : 'secondary'}>
                  {mail.status === 'failed'
                    ? t('mails.status.failed', 'Failed')
                    : mail.status === 'sent'
                      ? t('mails.status.sent', 'Sent')
                      : t('mails.status.pending', 'Waiting')}
                </Badge>
                <Typography fontWeight="semiBold" style={{ overflowWrap: 'anywhere' }}>
                  {mail.subject ?? mail.kind}
                </Typography>
              </Flex>
              <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }}>
                {t('mails.details', 'To {recipient} · {attempts, plural, one {# try} other {# tries}} · {date}', {
                  recipient: mail.recipient,
                  attempts: mail.attempts,
                  date: formatDate(mail.createdAt),
                })}
              </Typography>
              {mail.lastError && (
                <Typography variant="pi" textColor="danger600" style={{ overflowWrap: 'anywhere' }}>
                  {mail.lastError}
                </Typography>
              )}
            </Flex>
            {canModify && mail.status === 'failed' && (
              <Button variant="secondary" loading={busy === mail.id} onClick={() => resend(mail)}>
                {t('mails.resend', 'Send again')}
              </Button>
            )}
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
