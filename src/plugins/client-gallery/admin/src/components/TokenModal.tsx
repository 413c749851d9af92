import { Box, Button, Field, Flex, Modal, Typography } from '@strapi/design-system';
import { useState } from 'react';
import type { IssuedLinkResponse } from '../../../shared/contracts';
import { galleryUrl } from '../utils/api';
import { useT } from '../utils/translations';

/**
 * A new or regenerated link's URL, shown exactly once: the server keeps only the token's hash,
 * so closing this modal is the last chance to copy it.
 */
export const TokenModal = ({ issued, title, onClose }: { issued: IssuedLinkResponse | null; title: string; onClose(): void }) => {
  const t = useT();
  const [copied, setCopied] = useState(false);
  if (!issued) return null;
  const url = galleryUrl(issued.meta.token);
  const invitation = issued.meta.invitation;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Clipboard API needs a secure context; fall back to selecting the text for Ctrl+C.
      (document.getElementById('issued-link-url') as HTMLInputElement | null)?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  };

  return (
    <Modal.Root open onOpenChange={(isOpen: boolean) => !isOpen && (setCopied(false), onClose())}>
      <Modal.Content data-testid="token-modal">
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Box padding={4} hasRadius background="warning100" borderColor="warning200" borderStyle="solid" borderWidth="1px">
              <Typography fontWeight="bold" textColor="warning700">
                {t('token.copyNow', 'Copy it now.')}{' '}
              </Typography>
              <Typography textColor="warning700">
                {t(
                  'token.once',
                  'This link is shown only once: only a fingerprint of it is stored. If it is lost, regenerate it (the old one then stops working).',
                )}
              </Typography>
            </Box>
            <Field.Root name="issued-link-url" id="issued-link-url">
              <Field.Label>
                {issued.data.recipientEmail
                  ? t('token.urlFor', 'Gallery link for {email}', { email: issued.data.recipientEmail })
                  : t('token.url', 'Gallery link')}
              </Field.Label>
              <Field.Input readOnly value={url} data-testid="issued-url" onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()} />
            </Field.Root>
            {invitation && (
              <Typography textColor={invitation.sent ? 'success600' : 'danger600'} data-testid="invitation-result">
                {invitation.sent
                  ? t('token.invitationSent', 'Invitation emailed to {email}.', { email: issued.data.recipientEmail })
                  : t('token.invitationFailed', 'The invitation email failed: {error}. Send the link yourself or retry later.', {
                      error: invitation.error ?? t('token.unknownError', 'unknown error'),
                    })}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('token.done', 'Done')}</Button>
          </Modal.Close>
          <Button onClick={copy}>{copied ? t('token.copied', 'Copied') : t('token.copy', 'Copy link')}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
