import { Box, Button, Field, Flex, Modal, Typography } from '@strapi/design-system';
import { useState } from 'react';
import type { IssuedLinkResponse } from '../../../shared/contracts';
import { galleryUrl } from '../utils/api';

/**
 * A new or regenerated link's URL, shown exactly once: the server keeps only the token's hash,
 * so closing this modal is the last chance to copy it.
 */
export const TokenModal = ({ issued, title, onClose }: { issued: IssuedLinkResponse | null; title: string; onClose(): void }) => {
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
              <Typography fontWeight="bold" textColor="warning700">Copy it now. </Typography>
              <Typography textColor="warning700">
                This link is shown only once: only a fingerprint of it is stored. If it is lost, regenerate it (the old one then stops working).
              </Typography>
            </Box>
            <Field.Root name="issued-link-url" id="issued-link-url">
              <Field.Label>Gallery link{issued.data.recipientEmail ? ` for ${issued.data.recipientEmail}` : ''}</Field.Label>
              <Field.Input readOnly value={url} data-testid="issued-url" onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()} />
            </Field.Root>
            {invitation && (
              <Typography textColor={invitation.sent ? 'success600' : 'danger600'} data-testid="invitation-result">
                {invitation.sent ? `Invitation emailed to ${issued.data.recipientEmail}.` : `The invitation email failed: ${invitation.error ?? 'unknown error'}. Send the link yourself or retry later.`}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Done</Button>
          </Modal.Close>
          <Button onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
