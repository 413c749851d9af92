import { Button, Field, Flex, Modal, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import type { AdminImage } from '../../../shared/contracts';
import { errorMessage } from '../utils/api';

/** Set or clear one photo's label: labels group a client's photos, and visitors filter by them. */
export const LabelDialog = ({ image, onClose, onSave }: { image: AdminImage | null; onClose(): void; onSave(label: string): Promise<void> }) => {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setLabel(image?.label ?? '');
    setError(null);
  }, [image]);

  if (!image) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (label.trim().length > 120) return setError('A label has at most 120 characters.');
    setBusy(true);
    try {
      await onSave(label.trim());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(isOpen: boolean) => !isOpen && !busy && onClose()}>
      <Modal.Content>
        <form onSubmit={submit} noValidate data-testid="label-form">
          <Modal.Header>
            <Modal.Title>Photo label</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Field.Root name="label" hint="For example Ceremony or Portraits. Empty removes the label.">
                <Field.Label>Label</Field.Label>
                <Field.Input value={label} autoFocus onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLabel(e.target.value)} />
                <Field.Hint />
              </Field.Root>
              {error && (
                <Typography textColor="danger600" role="alert">
                  {error}
                </Typography>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={busy}>Cancel</Button>
            </Modal.Close>
            <Button type="submit" loading={busy}>Save</Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
