import { Badge, Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { ACTIONS } from '../../../../shared/permissions';
import type { AdminWatermarkDesign, ListWatermarkDesignsResponse, WatermarkDesignInput } from '../../../../shared/watermarks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNarrow } from '../../hooks/useNarrow';
import { emptyDesign, inputOf, WatermarkDesignForm } from '../../components/watermarks/WatermarkDesignForm';
import { errorMessage } from '../../utils/api';
import { useT } from '../../utils/translations';
import { useWatermarkApi } from '../../utils/watermark-api';

type Editing = { kind: 'new' } | { kind: 'edit'; design: AdminWatermarkDesign } | null;

/** Targets of 40 px on a phone; the list and the editor stack below 768 px. */
const TAP = { minHeight: 40 } as const;

/**
 * Settings › Client galleries › Watermarks: the studio's watermark designs. One is the default
 * (galleries without their own draw it; with none, the studio's text mark applies). Saving a
 * change gives every watermarked photo a new storage key; the galleries using it are drawn again
 * in the background.
 */
const WatermarksPage = () => {
  const t = useT();
  const api = useWatermarkApi();
  const { toggleNotification } = useNotification();
  const [data, setData] = useState<ListWatermarkDesignsResponse | null>(null);
  const [error, setError] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AdminWatermarkDesign | null>(null);
  const narrow = useNarrow();

  const refresh = useCallback(() => api.list().then(setData, () => setError(true)), [api]);
  useEffect(() => void refresh(), [refresh]);

  const save = async (values: WatermarkDesignInput) => {
    if (editing?.kind === 'edit') await api.update(editing.design.documentId, values);
    else await api.create(values);
    toggleNotification({ type: 'success', message: t('watermarks.saved', 'Design saved. Galleries using it are being redrawn.') });
    setEditing(null);
    await refresh();
  };

  const makeDefault = async (design: AdminWatermarkDesign) => {
    try {
      await api.setDefault(design.documentId);
      await refresh();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  };

  const remove = async () => {
    try {
      await api.remove(deleting!.documentId);
      if (editing?.kind === 'edit' && editing.design.documentId === deleting!.documentId) setEditing(null);
      await refresh();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setDeleting(null);
    }
  };

  if (error) return <Page.Error />;
  return (
    <Layouts.Root>
      <Page.Title>{t('watermarks.pageTitle', 'Watermarks · Client galleries')}</Page.Title>
      <Layouts.Header
        title={t('watermarks.title', 'Watermarks')}
        subtitle={t('watermarks.subtitle', 'Designs drawn on the photos visitors see. Galleries use the default unless their details name another.')}
        primaryAction={
          <Button onClick={() => setEditing({ kind: 'new' })} style={TAP}>
            {t('watermarks.new', 'New design')}
          </Button>
        }
      />
      <Layouts.Content>
        {!data ? (
          <Loader>{t('common.loading', 'Loading…')}</Loader>
        ) : (
          <Flex direction={narrow ? 'column' : 'row'} alignItems={narrow ? 'stretch' : 'flex-start'} gap={6}>
            <Box style={narrow ? undefined : { flex: '0 0 38%' }}>
              <Flex direction="column" alignItems="stretch" gap={3} data-testid="watermark-list">
                {data.results.length === 0 && (
                  <Typography textColor="neutral600">
                    {t('watermarks.none', 'No designs yet: photos carry the studio mark "{text}".', { text: data.studioMark.text })}
                  </Typography>
                )}
                {data.results.map((design) => (
                  <Box key={design.documentId} background="neutral0" padding={4} hasRadius shadow="tableShadow" data-testid="watermark-design">
                    <Flex direction="column" alignItems="stretch" gap={2}>
                      <Flex gap={2} wrap="wrap" alignItems="center">
                        <Typography fontWeight="bold" ellipsis>
                          {design.name}
                        </Typography>
                        {design.isDefault && <Badge active>{t('watermarks.default', 'Default')}</Badge>}
                      </Flex>
                      <Typography variant="pi" textColor="neutral600">
                        {t('watermarks.usage', '{count, plural, =0 {No gallery names it} one {# gallery} other {# galleries}}', { count: design.galleryCount })}
                      </Typography>
                      <Flex gap={2} wrap="wrap">
                        <Button variant="secondary" style={TAP} onClick={() => setEditing({ kind: 'edit', design })}>
                          {t('common.edit', 'Edit')}
                        </Button>
                        {!design.isDefault && (
                          <Button variant="tertiary" style={TAP} onClick={() => makeDefault(design)}>
                            {t('watermarks.makeDefault', 'Make default')}
                          </Button>
                        )}
                        <Button variant="danger-light" style={TAP} onClick={() => setDeleting(design)}>
                          {t('common.delete', 'Delete')}
                        </Button>
                      </Flex>
                    </Flex>
                  </Box>
                ))}
              </Flex>
            </Box>
            <Box style={narrow ? undefined : { flex: '1 1 auto', minWidth: 0 }}>
              {editing ? (
                <Box background="neutral0" padding={4} hasRadius shadow="tableShadow">
                  <WatermarkDesignForm
                    key={editing.kind === 'edit' ? editing.design.documentId : 'new'}
                    initial={editing.kind === 'edit' ? inputOf(editing.design) : emptyDesign()}
                    onSave={save}
                    onCancel={() => setEditing(null)}
                  />
                </Box>
              ) : (
                <Typography textColor="neutral600">{t('watermarks.pick', 'Pick a design to edit it, or make a new one.')}</Typography>
              )}
            </Box>
          </Flex>
        )}
      </Layouts.Content>
      <ConfirmDialog
        open={deleting !== null}
        title={t('watermarks.delete.title', 'Delete this design?')}
        body={t('watermarks.delete.body', 'A design that galleries use, or the default while others exist, cannot be deleted.')}
        confirmLabel={t('common.delete', 'Delete')}
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </Layouts.Root>
  );
};

const WatermarksSettingsPage = () => (
  <Page.Protect permissions={[{ action: ACTIONS.settings, subject: null }]}>
    <div data-testid="client-gallery-admin">
      <WatermarksPage />
    </div>
  </Page.Protect>
);

export default WatermarksSettingsPage;
