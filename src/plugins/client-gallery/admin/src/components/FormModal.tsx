import { Button, Flex, Modal, Typography } from '@strapi/design-system';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../utils/api';
import { useT } from '../utils/translations';

/**
 * The plugin's modal form: a title, the fields, an inline error, Cancel, and a submit button that
 * spins while `onSubmit` runs. `onSubmit` returns a message for a problem found before sending,
 * or throws (the server's refusal): either is shown inline and the modal stays open. While it
 * runs the modal cannot be closed, so a request is never orphaned by a stray Escape.
 */
export const FormModal = ({
  title,
  submitLabel,
  submitDisabled = false,
  testId,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  submitDisabled?: boolean;
  testId?: string;
  onClose(): void;
  onSubmit(): Promise<string | void>;
  children: ReactNode;
}) => {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const problem = await onSubmit();
      if (problem) setError(problem);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(isOpen: boolean) => !isOpen && !busy && onClose()}>
      <Modal.Content>
        <form onSubmit={submit} noValidate data-testid={testId}>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              {children}
              {error && (
                <Typography textColor="danger600" role="alert">
                  {error}
                </Typography>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={busy}>
                {t('common.cancel', 'Cancel')}
              </Button>
            </Modal.Close>
            <Button type="submit" loading={busy} disabled={submitDisabled}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
