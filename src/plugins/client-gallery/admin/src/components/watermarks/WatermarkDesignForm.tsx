import { Box, Button, Field, Flex, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useRef, useState } from 'react';
import { WATERMARK_LIMITS, WATERMARK_POSITIONS, type AdminWatermarkDesign, type WatermarkDesignInput, type WatermarkPositionName } from '../../../../shared/watermarks';
import { useWatermarkPreview } from '../../hooks/useWatermarkPreview';
import { errorMessage } from '../../utils/api';
import { msg, useT, type Message } from '../../utils/translations';
import { useWatermarkApi } from '../../utils/watermark-api';

const POSITION_TEXT: Record<WatermarkPositionName, Message> = {
  center: msg('watermarks.position.center', 'Centre'),
  'top-left': msg('watermarks.position.topLeft', 'Top left'),
  'top-right': msg('watermarks.position.topRight', 'Top right'),
  'bottom-left': msg('watermarks.position.bottomLeft', 'Bottom left'),
  'bottom-right': msg('watermarks.position.bottomRight', 'Bottom right'),
  tiled: msg('watermarks.position.tiled', 'Tiled over the whole photo'),
};

/** Sliders and file buttons get a 40 px tap target on every screen. */
const TAP = { minHeight: 40, width: '100%' } as const;

export const emptyDesign = (): WatermarkDesignInput => ({ name: '', mode: 'text', text: '', logo: null, position: 'bottom-right', opacity: 0.4, scale: 0.3 });

export const inputOf = (design: AdminWatermarkDesign): WatermarkDesignInput => ({
  name: design.name,
  mode: design.mode,
  text: design.text ?? '',
  logo: design.logo?.id ?? null,
  position: design.position,
  opacity: design.opacity,
  scale: design.scale,
});

/** A percentage slider (5–100 %) over a 0.05–1 value. */
const Percent = ({ name, label, value, onChange }: { name: string; label: string; value: number; onChange(value: number): void }) => (
  <Field.Root name={name}>
    <Field.Label>{`${label}: ${Math.round(value * 100)} %`}</Field.Label>
    <input
      type="range"
      name={name}
      aria-label={label}
      min={5}
      max={100}
      step={1}
      value={Math.round(value * 100)}
      onChange={(e) => onChange(Number(e.target.value) / 100)}
      style={TAP}
    />
  </Field.Root>
);

/**
 * One design's form beside its live preview: every change is drawn again by the server on its
 * sample photo (debounced), through the same code as the variants visitors get.
 */
export const WatermarkDesignForm = ({
  initial,
  onSave,
  onCancel,
}: {
  initial: WatermarkDesignInput;
  onSave(values: WatermarkDesignInput): Promise<void>;
  onCancel(): void;
}) => {
  const t = useT();
  const { uploadLogo } = useWatermarkApi();
  const { toggleNotification } = useNotification();
  const [values, setValues] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const set = (change: Partial<WatermarkDesignInput>) => setValues((v) => ({ ...v, ...change }));

  const drawable = values.mode === 'text' ? Boolean(values.text?.trim()) : Boolean(values.logo);
  const { name: _name, ...drawn } = values;
  const preview = useWatermarkPreview(drawable ? { ...drawn, text: drawn.text?.trim() || null } : null);

  const pickLogo = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    try {
      const logo = await uploadLogo(file);
      set({ logo: logo.id, mode: 'logo' });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const save = async () => {
    if (!values.name.trim()) return setProblem(t('watermarks.form.noName', 'Give the design a name.'));
    if (!drawable)
      return setProblem(values.mode === 'text' ? t('watermarks.form.noText', 'Type the watermark text.') : t('watermarks.form.noLogo', 'Upload a logo.'));
    setProblem(null);
    setSaving(true);
    try {
      await onSave({ ...values, name: values.name.trim(), text: values.text?.trim() || null, logo: values.mode === 'logo' ? values.logo : null });
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="watermark-form">
      <Box position="relative" background="neutral150" hasRadius style={{ aspectRatio: '3 / 2', overflow: 'hidden' }}>
        {preview.url && (
          <img
            data-testid="watermark-preview"
            src={preview.url}
            alt={t('watermarks.preview.alt', 'The watermark on a sample photo')}
            style={{ display: 'block', width: '100%', height: '100%', objectFit: 'contain', opacity: preview.loading ? 0.7 : 1 }}
          />
        )}
        {preview.loading && (
          <Box position="absolute" top={2} right={2}>
            <Loader small>{t('watermarks.preview.loading', 'Drawing the preview')}</Loader>
          </Box>
        )}
      </Box>
      {preview.failed && (
        <Typography textColor="danger600" variant="omega">
          {t('watermarks.preview.failed', 'The preview could not be drawn. Check the values.')}
        </Typography>
      )}
      <Field.Root name="name" required>
        <Field.Label>{t('watermarks.form.name', 'Name')}</Field.Label>
        <Field.Input value={values.name} maxLength={WATERMARK_LIMITS.nameMax} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ name: e.target.value })} />
      </Field.Root>
      <Field.Root name="mode">
        <Field.Label>{t('watermarks.form.mode', 'Watermark')}</Field.Label>
        <SingleSelect value={values.mode} onChange={(value: string | number) => set({ mode: value as WatermarkDesignInput['mode'] })}>
          <SingleSelectOption value="text">{t('watermarks.mode.text', 'Text')}</SingleSelectOption>
          <SingleSelectOption value="logo">{t('watermarks.mode.logo', 'Logo')}</SingleSelectOption>
        </SingleSelect>
      </Field.Root>
      {values.mode === 'text' ? (
        <Field.Root name="text" required hint={t('watermarks.form.text.hint', 'Up to 80 characters, e.g. your studio name.')}>
          <Field.Label>{t('watermarks.form.text', 'Text')}</Field.Label>
          <Field.Input value={values.text ?? ''} maxLength={WATERMARK_LIMITS.textMax} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ text: e.target.value })} />
          <Field.Hint />
        </Field.Root>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Typography variant="pi" fontWeight="bold">
            {t('watermarks.form.logo', 'Logo')}
          </Typography>
          <input ref={fileInput} type="file" accept="image/png,image/jpeg,image/webp,image/gif" hidden onChange={(e) => pickLogo(e.target.files?.[0])} data-testid="watermark-logo-input" />
          <Button variant="secondary" loading={uploading} onClick={() => fileInput.current?.click()} style={TAP}>
            {values.logo ? t('watermarks.form.logo.replace', 'Replace the logo') : t('watermarks.form.logo.upload', 'Upload a logo')}
          </Button>
          <Typography variant="pi" textColor="neutral600">
            {t('watermarks.form.logo.hint', 'PNG, JPEG, WebP or GIF up to 5 MB; a transparent PNG works best.')}
          </Typography>
        </Flex>
      )}
      <Field.Root name="position">
        <Field.Label>{t('watermarks.form.position', 'Position')}</Field.Label>
        <SingleSelect value={values.position} onChange={(value: string | number) => set({ position: value as WatermarkPositionName })}>
          {WATERMARK_POSITIONS.map((position) => (
            <SingleSelectOption key={position} value={position}>
              {t(POSITION_TEXT[position])}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Percent name="opacity" label={t('watermarks.form.opacity', 'Opacity')} value={values.opacity} onChange={(opacity) => set({ opacity })} />
      <Percent name="scale" label={t('watermarks.form.scale', 'Size (share of the photo width)')} value={values.scale} onChange={(scale) => set({ scale })} />
      {problem && (
        <Typography textColor="danger600" role="alert">
          {problem}
        </Typography>
      )}
      <Flex gap={2} wrap="wrap">
        <Button onClick={save} loading={saving} style={{ minHeight: 40 }}>
          {t('common.save', 'Save')}
        </Button>
        <Button variant="tertiary" onClick={onCancel} style={{ minHeight: 40 }}>
          {t('common.cancel', 'Cancel')}
        </Button>
      </Flex>
    </Flex>
  );
};
