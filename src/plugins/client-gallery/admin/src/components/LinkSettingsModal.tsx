import { Box, Field, Flex, Grid, Typography } from '@strapi/design-system';
import { LabelledCheckbox } from './LabelledCheckbox';
import { useEffect, useState } from 'react';
import { useSettingsApi } from '../utils/settings-api';
import type { AdminLink, LinkSettingsInput } from '../../../shared/contracts';
import { DEFAULT_RESOLUTIONS, RESOLUTIONS, type Resolution } from '../../../shared/public-api';
import { msg, useT, type Message } from '../utils/translations';
import { FormModal } from './FormModal';

export type LinkFormMode = { kind: 'general' } | { kind: 'share' } | { kind: 'edit'; link: AdminLink };

export interface LinkFormValues {
  email: string;
  name: string;
  settings: LinkSettingsInput;
}

export const RESOLUTION_LABELS: Record<Resolution, Message> = {
  web: msg('link.form.web', 'Web'),
  high: msg('link.form.high', 'High'),
  original: msg('link.form.original', 'Original'),
};

/** What the visitor gets, by `<views watermarked>/<downloads watermarked>`. */
const DOWNLOAD_WATERMARK_HINTS: Record<string, Message> = {
  'true/true': msg('link.form.downloadsWatermarked.hint.markedBoth', 'Downloads carry the watermark too.'),
  'true/false': msg('link.form.downloadsWatermarked.hint.cleanDownloads', 'Views stay watermarked; downloads are the clean photos.'),
  'false/true': msg('link.form.downloadsWatermarked.hint.markedDownloads', 'Views are clean; downloads carry the watermark.'),
  'false/false': msg('link.form.downloadsWatermarked.hint.cleanBoth', 'Views and downloads are the clean photos.'),
};

/** `<input type="datetime-local">` wants local time without a zone. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/**
 * Create a general link, share with a client (email + name), or edit a link's settings.
 * Only changed fields are sent on edit; an empty password field keeps the current password.
 */
export const LinkSettingsModal = ({
  mode,
  galleryTitle,
  onClose,
  onSubmit,
}: {
  mode: LinkFormMode | null;
  galleryTitle: string;
  onClose(): void;
  onSubmit(values: LinkFormValues): Promise<void>;
}) =>
  mode ? (
    <LinkSettingsForm
      key={mode.kind === 'edit' ? mode.link.documentId : mode.kind}
      mode={mode}
      galleryTitle={galleryTitle}
      onClose={onClose}
      onSubmit={onSubmit}
    />
  ) : null;

const LinkSettingsForm = ({
  mode,
  galleryTitle,
  onClose,
  onSubmit,
}: {
  mode: LinkFormMode;
  galleryTitle: string;
  onClose(): void;
  onSubmit(values: LinkFormValues): Promise<void>;
}) => {
  const t = useT();
  const link = mode.kind === 'edit' ? mode.link : null;
  const s = link?.settings;
  const [email, setEmail] = useState('');
  const [name, setName] = useState(link?.recipientName ?? '');
  const [watermark, setWatermark] = useState(s ? s.watermark : true);
  const [downloadsEnabled, setDownloadsEnabled] = useState(s ? s.downloadsEnabled : false);
  const [limit, setLimit] = useState(s?.downloadLimit != null ? String(s.downloadLimit) : '');
  const [resolutions, setResolutions] = useState<Resolution[]>(s ? s.resolutions : [...DEFAULT_RESOLUTIONS]);
  const [downloadsWatermarked, setDownloadsWatermarked] = useState(s ? s.downloadsWatermarked : true);
  const [keepMetadata, setKeepMetadata] = useState(s ? s.keepMetadata : false);
  const [expiresAt, setExpiresAt] = useState(toLocalInput(s?.expiresAt ?? null));
  const [password, setPassword] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const { linkDefaults } = useSettingsApi();

  // A new link starts from the studio's link defaults (Settings › Client gallery); without them, from the form's own.
  useEffect(() => {
    if (s) return;
    let current = true;
    linkDefaults().then(
      (d) => {
        if (!current) return;
        setWatermark(d.watermark);
        setDownloadsWatermarked(d.watermark);
        setDownloadsEnabled(d.downloadsEnabled);
        setResolutions([...d.resolutions]);
        setLimit(d.downloadLimit === null ? '' : String(d.downloadLimit));
        setExpiresAt(d.expiryDays === null ? '' : toLocalInput(new Date(Date.now() + d.expiryDays * 86_400_000).toISOString()));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [s, linkDefaults]);

  const title =
    mode.kind === 'general'
      ? t('link.createGeneral', 'Create general link')
      : mode.kind === 'share'
        ? t('link.share', 'Share with client')
        : t('link.form.title', 'Link settings');

  const submit = async () => {
    const downloadLimit = limit.trim() === '' ? null : Number(limit);
    if (downloadLimit !== null && (!Number.isInteger(downloadLimit) || downloadLimit < 0))
      return t('link.form.badLimit', 'The download limit is a whole number (empty means unlimited).');
    if (downloadsEnabled && resolutions.length === 0) return t('link.form.noResolution', 'Choose at least one download resolution.');
    if (password && password.length < 4) return t('link.form.shortPassword', 'A password has at least 4 characters.');
    const settings: LinkSettingsInput = {
      watermark,
      downloadsEnabled,
      downloadLimit,
      resolutions: resolutions.length ? resolutions : [...DEFAULT_RESOLUTIONS],
      downloadsWatermarked,
      keepMetadata,
      expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
    };
    if (password) settings.password = password;
    else if (removePassword) settings.password = null;
    if (mode.kind === 'edit' && link?.kind === 'private') settings.recipientName = name.trim() || null;
    await onSubmit({ email: email.trim(), name: name.trim(), settings });
  };

  // Watermarking the views also watermarks the downloads, as a new watermarked link starts (the
  // server's safe default); the studio may then uncheck the downloads to deliver clean photos.
  const switchWatermark = (on: boolean) => {
    setWatermark(on);
    if (on && !watermark) setDownloadsWatermarked(true);
  };

  const toggleResolution = (value: Resolution, on: boolean) =>
    setResolutions((current) => (on ? [...new Set([...current, value])] : current.filter((r) => r !== value)));

  return (
    <FormModal
      title={title}
      submitLabel={
        mode.kind === 'general' ? t('link.form.create', 'Create link') : mode.kind === 'share' ? t('link.form.share', 'Share') : t('common.save', 'Save')
      }
      submitDisabled={mode.kind === 'share' && !email.trim()}
      onClose={onClose}
      onSubmit={submit}
    >
      <Typography variant="omega" textColor="neutral600">
        {mode.kind === 'general'
          ? t(
              'link.form.general',
              'Anyone with this link can open “{title}”. Visitors who want to favourite or download claim a private link with their email.',
              { title: galleryTitle },
            )
          : mode.kind === 'share'
            ? t('link.form.private', 'Creates a private link to “{title}” for one person and emails it to them.', { title: galleryTitle })
            : link?.kind === 'general'
              ? t('link.form.editGeneral', 'General link to “{title}”.', { title: galleryTitle })
              : t('link.form.editPrivate', 'Private link for {email} to “{title}”.', { email: link?.recipientEmail, title: galleryTitle })}
      </Typography>
      {mode.kind === 'share' && (
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="email" required>
              <Field.Label>{t('link.form.email', 'Client email')}</Field.Label>
              <Field.Input type="email" value={email} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEmail(e.target.value)} />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="name">
              <Field.Label>{t('link.form.name', 'Client name')}</Field.Label>
              <Field.Input value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
      )}
      {mode.kind === 'edit' && link?.kind === 'private' && (
        <Field.Root name="recipientName">
          <Field.Label>{t('link.form.recipientName', 'Recipient name')}</Field.Label>
          <Field.Input value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
        </Field.Root>
      )}

      <Box>
        <Typography variant="sigma" textColor="neutral600">
          {t('link.form.viewing', 'Viewing')}
        </Typography>
        <Flex direction="column" alignItems="flex-start" gap={2} paddingTop={2}>
          <LabelledCheckbox checked={watermark} onCheckedChange={(v: boolean | 'indeterminate') => switchWatermark(v === true)}>
            {t('link.form.watermark', 'Watermark photos when viewed')}
          </LabelledCheckbox>
        </Flex>
      </Box>

      <Box>
        <Typography variant="sigma" textColor="neutral600">
          {t('link.column.downloads', 'Downloads')}
        </Typography>
        <Flex direction="column" alignItems="stretch" gap={3} paddingTop={2}>
          <LabelledCheckbox checked={downloadsEnabled} onCheckedChange={(v: boolean | 'indeterminate') => setDownloadsEnabled(v === true)}>
            {t('link.form.downloads', 'Downloads enabled (when the gallery is ready)')}
          </LabelledCheckbox>
          {downloadsEnabled && (
            <>
              <Flex gap={4} wrap="wrap">
                {RESOLUTIONS.map((value) => (
                  <LabelledCheckbox
                    key={value}
                    checked={resolutions.includes(value)}
                    onCheckedChange={(v: boolean | 'indeterminate') => toggleResolution(value, v === true)}
                  >
                    {t(RESOLUTION_LABELS[value])}
                  </LabelledCheckbox>
                ))}
              </Flex>
              <Field.Root name="downloadLimit" hint={t('link.form.limit.hint', 'How many different photos may be downloaded. Empty means unlimited.')}>
                <Field.Label>{t('link.form.limit', 'Download limit')}</Field.Label>
                <Field.Input type="number" min={0} value={limit} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLimit(e.target.value)} />
                <Field.Hint />
              </Field.Root>
              <Box>
                <LabelledCheckbox checked={downloadsWatermarked} onCheckedChange={(v: boolean | 'indeterminate') => setDownloadsWatermarked(v === true)}>
                  {t('link.form.downloadsWatermarked', 'Downloaded images have watermarks')}
                </LabelledCheckbox>
                <Typography id="link-downloads-watermark-hint" variant="pi" textColor="neutral600">
                  {t(DOWNLOAD_WATERMARK_HINTS[`${watermark}/${downloadsWatermarked}`])}
                </Typography>
              </Box>
              <LabelledCheckbox checked={keepMetadata} onCheckedChange={(v: boolean | 'indeterminate') => setKeepMetadata(v === true)}>
                {t('link.form.keepMetadata', 'Keep metadata (GPS, camera serials)')}
              </LabelledCheckbox>
            </>
          )}
        </Flex>
      </Box>

      <Box>
        <Typography variant="sigma" textColor="neutral600">
          {t('link.form.access', 'Access')}
        </Typography>
        <Grid.Root gap={4} paddingTop={2}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="expiresAt" hint={t('link.form.expires.hint', 'Empty means the link never expires.')}>
              <Field.Label>{t('link.form.expires', 'Expires')}</Field.Label>
              <Field.Input type="datetime-local" value={expiresAt} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setExpiresAt(e.target.value)} />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              name="password"
              hint={
                link?.settings.passwordProtected
                  ? t('link.form.password.protected', 'Protected. Type a new password to change it.')
                  : t('link.form.password.hint', 'Optional, at least 4 characters.')
              }
            >
              <Field.Label>{t('link.summary.password', 'Password')}</Field.Label>
              <Field.Input
                type="password"
                autoComplete="new-password"
                value={password}
                disabled={removePassword}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPassword(e.target.value)}
              />
              <Field.Hint />
            </Field.Root>
            {link?.settings.passwordProtected && (
              <Box paddingTop={2}>
                <LabelledCheckbox checked={removePassword} onCheckedChange={(v: boolean | 'indeterminate') => setRemovePassword(v === true)}>
                  {t('link.form.removePassword', 'Remove password')}
                </LabelledCheckbox>
              </Box>
            )}
          </Grid.Item>
        </Grid.Root>
      </Box>
    </FormModal>
  );
};
