import { Box, Button, Field, Flex, Typography } from '@strapi/design-system';
import { useRef, useState } from 'react';
import { accentVariables, accentWarnings, BRAND_ASSET_PREFIX, HEX_COLOUR, LOGO_MAX_BYTES } from '../../../../shared/brand';
import type { SettingsResponse } from '../../../../shared/settings';
import { adminUrl, errorMessage } from '../../utils/api';
import { useSettingsApi } from '../../utils/settings-api';
import { useT } from '../../utils/translations';

const TAP = { minHeight: 40 };

/**
 * The studio's brand: its logo (uploaded and removed at once, shown as the plugin serves it) and
 * its colour (a picker and the hex text, with what the dark client pages will show and a warning
 * when text on it would be hard to read).
 */
export const BrandSection = ({
  logo,
  accentColor,
  accentError,
  onAccentChange,
  onSettings,
}: {
  logo: string;
  accentColor: string;
  accentError?: string;
  onAccentChange(colour: string): void;
  onSettings(answer: SettingsResponse): void;
}) => {
  const t = useT();
  const api = useSettingsApi();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [logoError, setLogoError] = useState<string | null>(null);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setLogoError(null);
    if (file.size > LOGO_MAX_BYTES) return setLogoError(t('settings.logo.tooBig', 'The logo file is over 2 MB.'));
    setBusy(true);
    try {
      onSettings(await api.uploadLogo(file));
    } catch (e) {
      setLogoError(errorMessage(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async () => {
    setBusy(true);
    setLogoError(null);
    try {
      onSettings(await api.removeLogo());
    } catch (e) {
      setLogoError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const valid = HEX_COLOUR.test(accentColor);
  const warnings = valid ? accentWarnings(accentColor) : null;
  const sample = valid ? accentVariables(accentColor) : null;

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Field.Root name="logo" error={logoError ?? undefined} hint={t('settings.logo.hint', 'PNG, JPEG or WebP, up to 2 MB. Shown on the client pages and in mails.')}>
        <Field.Label>{t('settings.logo', 'Logo')}</Field.Label>
        <Flex gap={3} wrap="wrap" alignItems="center">
          <Box
            padding={2}
            hasRadius
            data-testid="settings-logo-preview"
            style={{ background: '#111110', minWidth: 120, minHeight: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', maxWidth: '100%' }}
          >
            {logo ? (
              <img src={adminUrl(`${BRAND_ASSET_PREFIX}${logo}`)} alt={t('settings.logo.alt', 'The studio logo')} style={{ maxHeight: 48, maxWidth: '100%' }} />
            ) : (
              <Typography variant="pi" style={{ color: '#a8a399' }}>
                {t('settings.logo.none', 'No logo')}
              </Typography>
            )}
          </Box>
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            hidden
            data-testid="settings-logo-input"
            onChange={(e) => void upload(e.target.files?.[0])}
          />
          <Button variant="secondary" loading={busy} style={TAP} onClick={() => input.current?.click()}>
            {logo ? t('settings.logo.replace', 'Replace logo') : t('settings.logo.upload', 'Upload logo')}
          </Button>
          {logo && (
            <Button variant="danger-light" disabled={busy} style={TAP} onClick={() => void remove()}>
              {t('settings.logo.remove', 'Remove')}
            </Button>
          )}
        </Flex>
        <Field.Hint />
        <Field.Error />
      </Field.Root>

      <Field.Root name="accentColor" error={accentError} hint={t('settings.accent.hint', 'Buttons and links on the client pages, and mails. As #rrggbb.')}>
        <Field.Label>{t('settings.accent', 'Accent colour')}</Field.Label>
        <Flex gap={2} alignItems="center">
          <input
            type="color"
            aria-label={t('settings.accent.picker', 'Pick the accent colour')}
            value={valid ? accentColor.toLowerCase() : '#000000'}
            onChange={(e) => onAccentChange(e.target.value)}
            style={{ width: 44, height: 40, padding: 0, border: 'none', background: 'none', cursor: 'pointer', flex: 'none' }}
          />
          <Box style={{ flex: 1, minWidth: 0, maxWidth: 200 }}>
            <Field.Input value={accentColor} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onAccentChange(e.target.value)} />
          </Box>
        </Flex>
        <Field.Hint />
        <Field.Error />
      </Field.Root>

      {sample && warnings && (
        <Flex direction="column" alignItems="stretch" gap={2} data-testid="settings-accent-preview">
          <Flex gap={3} wrap="wrap" alignItems="center" padding={3} hasRadius style={{ background: '#111110' }}>
            <span style={{ background: sample.accent, color: sample.contrast, padding: '10px 16px', borderRadius: 8, fontWeight: 600 }}>
              {t('settings.accent.sampleButton', 'View photos')}
            </span>
            <span style={{ color: sample.accent }}>{t('settings.accent.sampleLink', 'A link on the page')}</span>
          </Flex>
          {!warnings.readable && (
            <Typography variant="pi" textColor="danger600" data-testid="settings-contrast-warning">
              {t('settings.accent.unreadable', 'Text on this colour is hard to read ({ratio}:1, at least 4.5:1 is needed). Choose a lighter or a darker colour.', {
                ratio: warnings.textOnAccent.toFixed(1),
              })}
            </Typography>
          )}
          {warnings.lightened && (
            <Typography variant="pi" textColor="warning600" data-testid="settings-lightened-note">
              {t('settings.accent.lightened', 'This colour is too dark to read on the dark client pages, so they show it lighter ({shown}). Mails use it as it is.', {
                shown: warnings.onPages,
              })}
            </Typography>
          )}
        </Flex>
      )}
    </Flex>
  );
};
