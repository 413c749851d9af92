import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useState } from 'react';
import { useT } from '../utils/translations';

/** A destructive action's confirmation (delete, revoke, regenerate). Stays open with a spinner until done. */
export const ConfirmDialog = ({
  open,
  title,
  body,
  confirmLabel,
  variant = 'danger',
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  variant?: 'danger' | 'default';
  onConfirm(): Promise<void>;
  onClose(): void;
}) => {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && !busy && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" gap={2}>
            <Typography textAlign="center">{body}</Typography>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={busy}>
              {t('common.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant={variant === 'danger' ? 'danger-light' : 'default'}
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
