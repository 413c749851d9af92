import { Box, Flex, IconButton, Status, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, Clock, Cross, Mail, Pencil } from '@strapi/icons';
import type { ReactNode } from 'react';
import type { AdminLink } from '../../../shared/contracts';
import { useNarrow } from '../hooks/useNarrow';
import { formatDate, linkRecipient, settingsSummary } from '../utils/format';
import { msg, useT, type Message, type Translate } from '../utils/translations';

const STATE_VARIANT = { active: 'success', revoked: 'danger', expired: 'neutral' } as const;
const STATE_TEXT: Record<string, Message> = {
  active: msg('link.state.active', 'Active'),
  revoked: msg('link.state.revoked', 'Revoked'),
  expired: msg('link.state.expired', 'Expired'),
};
const INVITATION_TEXT: Record<string, Message> = {
  pending: msg('link.invitation.pending', 'Sending…'),
  sent: msg('link.invitation.sent', 'Sent'),
  failed: msg('link.invitation.failed', 'Failed'),
};

export interface LinkActions {
  onActivity(link: AdminLink): void;
  onEdit(link: AdminLink): void;
  onRegenerate(link: AdminLink): void;
  onRetry(link: AdminLink): void;
  onRevoke(link: AdminLink): void;
}

interface Props extends LinkActions {
  links: AdminLink[];
  canModify: boolean;
}

/**
 * A gallery's share links: a table on a wide screen, and on a phone one card per link (the six
 * columns would scroll sideways), each with the same facts and the same actions.
 */
export const LinkTable = ({ links, canModify, ...actions }: Props) => {
  const t = useT();
  const narrow = useNarrow();
  const cell = (link: AdminLink) => linkCells(link, canModify, actions, t);

  if (narrow) {
    return (
      <Flex direction="column" alignItems="stretch" gap={3} paddingLeft={4} paddingRight={4} paddingBottom={4} tag="ul" data-testid="link-cards">
        {links.map((link) => {
          const c = cell(link);
          return (
            <Box
              tag="li"
              key={link.documentId}
              padding={3}
              hasRadius
              borderColor="neutral200"
              borderStyle="solid"
              borderWidth="1px"
              data-testid="link-row"
              data-kind={link.kind}
              data-state={link.state}
              style={{ listStyle: 'none' }}
            >
              <Flex direction="column" alignItems="stretch" gap={2}>
                <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
                  {c.recipient}
                  {c.state}
                </Flex>
                <Typography variant="pi" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                  {settingsSummary(link, t).join(' · ')}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {t('link.card.downloads', 'Downloads: {used}', { used: c.downloads })} ·{' '}
                  {t('link.card.invitation', 'Invitation: {status}', { status: c.invitationText })}
                </Typography>
                {c.actions}
              </Flex>
            </Box>
          );
        })}
      </Flex>
    );
  }

  return (
    <Table colCount={6} rowCount={links.length + 1}>
      <Thead>
        <Tr>
          <Th>
            <Typography variant="sigma">{t('link.column.recipient', 'Recipient')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('link.column.state', 'State')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('link.column.settings', 'Settings')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('link.column.downloads', 'Downloads')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('link.column.invitation', 'Invitation')}</Typography>
          </Th>
          <Th>
            <Typography variant="sigma">{t('link.column.actions', 'Actions')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {links.map((link) => {
          const c = cell(link);
          return (
            <Tr key={link.documentId} data-testid="link-row" data-kind={link.kind} data-state={link.state}>
              <Td>{c.recipient}</Td>
              <Td>{c.state}</Td>
              <Td>
                <Typography variant="pi" style={{ whiteSpace: 'normal' }}>
                  {settingsSummary(link, t).join(' · ')}
                </Typography>
              </Td>
              <Td>
                <Typography>{c.downloads}</Typography>
              </Td>
              <Td>
                <Typography textColor={link.invitationStatus === 'failed' ? 'danger600' : 'neutral800'} title={link.invitationError ?? undefined}>
                  {c.invitationText}
                </Typography>
              </Td>
              <Td>{c.actions}</Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};

/** The parts both layouts show. */
function linkCells(
  link: AdminLink,
  canModify: boolean,
  actions: LinkActions,
  t: Translate,
): Record<'recipient' | 'state' | 'actions', ReactNode> & { downloads: string; invitationText: string } {
  const invitation = INVITATION_TEXT[link.invitationStatus];
  const kind =
    link.kind === 'general'
      ? t('link.kind.general', 'General link')
      : link.createdFrom
        ? t('link.kind.claimed', 'Private (claimed)')
        : t('link.kind.private', 'Private link');
  return {
    recipient: (
      <Flex direction="column" alignItems="flex-start" style={{ minWidth: 0 }}>
        <Typography fontWeight="semiBold" style={{ overflowWrap: 'anywhere' }}>
          {linkRecipient(link, t)}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {kind} · {formatDate(link.createdAt, false)}
        </Typography>
      </Flex>
    ),
    state: (
      <Status variant={STATE_VARIANT[link.state]} size="S" data-testid="link-state">
        <Typography fontWeight="bold" textColor={`${STATE_VARIANT[link.state]}700`}>
          {STATE_TEXT[link.state] ? t(STATE_TEXT[link.state]) : link.state}
        </Typography>
      </Status>
    ),
    downloads: link.settings.downloadsEnabled ? `${link.downloadsUsed} / ${link.settings.downloadLimit ?? '∞'}` : '—',
    invitationText: link.invitationStatus === 'none' ? '—' : invitation ? t(invitation) : link.invitationStatus,
    actions: (
      <Flex gap={1} wrap="wrap">
        <IconButton label={t('link.activity', 'Activity')} variant="ghost" onClick={() => actions.onActivity(link)}>
          <Clock />
        </IconButton>
        {canModify && link.state !== 'revoked' && (
          <>
            <IconButton label={t('link.edit', 'Edit settings')} variant="ghost" onClick={() => actions.onEdit(link)}>
              <Pencil />
            </IconButton>
            <IconButton label={t('link.regenerate', 'Regenerate link')} variant="ghost" onClick={() => actions.onRegenerate(link)}>
              <ArrowClockwise />
            </IconButton>
            {link.kind === 'private' && link.invitationStatus === 'failed' && (
              <IconButton label={t('link.retryInvitation', 'Retry invitation')} variant="ghost" onClick={() => actions.onRetry(link)}>
                <Mail />
              </IconButton>
            )}
            <IconButton label={t('link.revoke', 'Revoke link')} variant="ghost" onClick={() => actions.onRevoke(link)}>
              <Cross />
            </IconButton>
          </>
        )}
      </Flex>
    ),
  };
}
