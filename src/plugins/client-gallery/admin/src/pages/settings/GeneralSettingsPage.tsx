import { Box, Button, Field, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ACTIONS } from '../../../../shared/permissions';
import { RESOLUTIONS } from '../../../../shared/public-api';
import type { SettingsResponse, TestMailResult } from '../../../../shared/settings';
import { BrandSection } from '../../components/settings/BrandSection';
import { LabelledCheckbox } from '../../components/LabelledCheckbox';
import { RESOLUTION_LABELS } from '../../components/LinkSettingsModal';
import { errorMessage } from '../../utils/api';
import { fieldProblems, useSettingsApi } from '../../utils/settings-api';
import { useT } from '../../utils/translations';
import { changesOf, formOf, type SettingsForm } from './settings-form';

const TAP = { minHeight: 40 };
const PERMISSIONS = [{ action: ACTIONS.settings, subject: null }];

/** One titled block of the page: a white card, full width on a phone. */
const Section = ({ title, hint, children, testId }: { title: string; hint?: string; children: ReactNode; testId?: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={{ initial: 4, medium: 6 }} data-testid={testId}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {hint && (
          <Box paddingTop={1}>
            <Typography variant="pi" textColor="neutral600">
              {hint}
            </Typography>
          </Box>
        )}
      </Box>
      {children}
    </Flex>
  </Box>
);

/**
 * Settings › Client gallery › General: the studio (name, addresses, public address), its brand
 * (logo, colour), what new share links start with, reminder timings, and a test mail. Saved with
 * one PUT; the server's 400 names each bad field, shown next to it.
 */
const GeneralSettings = () => {
  const t = useT();
  const api = useSettingsApi();
  const { toggleNotification } = useNotification();
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [logo, setLogo] = useState('');
  const [loadFailed, setLoadFailed] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [testTo, setTestTo] = useState('');
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TestMailResult | null>(null);
  const [notifyDefault, setNotifyDefault] = useState('');

  const take = useCallback((answer: SettingsResponse) => {
    setForm(formOf(answer.data, answer.meta.saved.includes('publicUrl')));
    setLogo(answer.data.logo);
    setNotifyDefault(answer.data.notifyEmail);
  }, []);

  useEffect(() => {
    api.load().then(take, () => setLoadFailed(true));
  }, [api, take]);

  if (loadFailed) return <Page.Error />;
  if (!form) return <Page.Loading />;

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((current) => (current ? { ...current, [key]: value } : current));
  const problem = (key: string) => problems[key];

  const save = async () => {
    setSaving(true);
    setProblems({});
    try {
      take(await api.save(changesOf(form)));
      toggleNotification({ type: 'success', message: t('settings.saved', 'Settings saved.') });
    } catch (e) {
      const found = fieldProblems(e);
      setProblems(found);
      toggleNotification({
        type: 'danger',
        message: Object.keys(found).length ? t('settings.invalid', 'Some settings are not valid: see the marked fields.') : errorMessage(e),
      });
    } finally {
      setSaving(false);
    }
  };

  const sendTest = async () => {
    setTesting(true);
    setTestResult(null);
    try {
      setTestResult(await api.sendTestMail(testTo.trim()));
    } catch (e) {
      setTestResult({ ok: false, to: testTo, error: fieldProblems(e).to ?? errorMessage(e) });
    } finally {
      setTesting(false);
    }
  };

  /** A text field of the form, with the server's problem for it. */
  const text = (key: keyof SettingsForm, label: string, hint?: string, type = 'text', problemKey: string = key) => (
    <Field.Root name={key} error={problem(problemKey)} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input type={type} value={form[key] as string} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value as never)} />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  const saveButton = (
    <Button loading={saving} onClick={() => void save()} style={TAP} data-testid="settings-save">
      {t('settings.save', 'Save')}
    </Button>
  );

  return (
    <Layouts.Root>
      <Page.Title>{t('settings.general.pageTitle', 'General · Client gallery settings')}</Page.Title>
      <Layouts.Header
        title={t('settings.general.title', 'Client gallery')}
        subtitle={t('settings.general.subtitle', 'Your studio as clients see it, what new links start with, and when reminders go out.')}
        primaryAction={saveButton}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6} data-testid="settings-page">
          <Section title={t('settings.studio', 'Studio')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('name', t('settings.name', 'Studio name'), t('settings.name.hint', 'On the client pages and in every mail.'))}
              </Grid.Item>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('publicUrl', t('settings.publicUrl', 'Public address'), t('settings.publicUrl.hint', 'The start of every link in mails, like https://photos.example.com. Empty: this server’s address.'), 'url')}
              </Grid.Item>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('notifyEmail', t('settings.notifyEmail', 'Notify address'), t('settings.notifyEmail.hint', 'Where milestones and comment digests are mailed. Empty: none are mailed.'), 'email')}
              </Grid.Item>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('replyTo', t('settings.replyTo', 'Reply-to address'), t('settings.replyTo.hint', 'Where clients’ answers to a mail go. Empty: the mail server’s default.'), 'email')}
              </Grid.Item>
            </Grid.Root>
          </Section>

          <Section title={t('settings.brand', 'Brand')} hint={t('settings.brand.hint', 'The logo is saved as soon as it is uploaded; the colour with Save.')} testId="settings-brand">
            <BrandSection
              logo={logo}
              accentColor={form.accentColor}
              accentError={problem('accentColor')}
              onAccentChange={(colour) => set('accentColor', colour)}
              onSettings={(answer) => setLogo(answer.data.logo)}
            />
          </Section>

          <Section title={t('settings.linkDefaults', 'New links')} hint={t('settings.linkDefaults.hint', 'What a new share link starts with. Each link can still be changed on its own.')}>
            <Flex direction="column" alignItems="stretch" gap={2}>
              <LabelledCheckbox checked={form.watermark} onCheckedChange={(v: boolean | 'indeterminate') => set('watermark', v === true)}>
                {t('settings.linkDefaults.watermark', 'Watermark the photos')}
              </LabelledCheckbox>
              <LabelledCheckbox checked={form.downloadsEnabled} onCheckedChange={(v: boolean | 'indeterminate') => set('downloadsEnabled', v === true)}>
                {t('settings.linkDefaults.downloads', 'Allow downloads')}
              </LabelledCheckbox>
            </Flex>
            <Field.Root name="resolutions" error={problem('linkDefaults.resolutions')}>
              <Field.Label>{t('settings.linkDefaults.resolutions', 'Download sizes')}</Field.Label>
              <Flex gap={4} wrap="wrap">
                {RESOLUTIONS.map((value) => (
                  <LabelledCheckbox
                    key={value}
                    checked={form.resolutions.includes(value)}
                    onCheckedChange={(v: boolean | 'indeterminate') =>
                      set('resolutions', v === true ? RESOLUTIONS.filter((r) => r === value || form.resolutions.includes(r)) : form.resolutions.filter((r) => r !== value))
                    }
                  >
                    {t(RESOLUTION_LABELS[value])}
                  </LabelledCheckbox>
                ))}
              </Flex>
              <Field.Error />
            </Field.Root>
            <Grid.Root gap={4}>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('downloadLimit', t('settings.linkDefaults.limit', 'Download limit'), t('settings.linkDefaults.limit.hint', 'Photos per link. Empty: no limit.'), 'text', 'linkDefaults.downloadLimit')}
              </Grid.Item>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('expiryDays', t('settings.linkDefaults.expiry', 'Expires after (days)'), t('settings.linkDefaults.expiry.hint', 'Counted from when the link is made. Empty: never.'), 'text', 'linkDefaults.expiryDays')}
              </Grid.Item>
            </Grid.Root>
          </Section>

          <Section title={t('settings.reminders', 'Reminders')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('reminderDays', t('settings.reminderDays', 'Deadline reminders (days before)'), t('settings.reminderDays.hint', 'Up to 5 numbers from 1 to 60, like "3, 1". Empty: no reminders. A gallery may have its own.'))}
              </Grid.Item>
              <Grid.Item col={6} xs={12} m={6} direction="column" alignItems="stretch">
                {text('commentDigestMinutes', t('settings.commentDigest', 'Comment digest (minutes)'), t('settings.commentDigest.hint', 'New comments collect this long before one mail goes to the notify address.'))}
              </Grid.Item>
            </Grid.Root>
          </Section>

          <Section title={t('settings.testMail', 'Test mail')} hint={t('settings.testMail.hint', 'Sends a short mail with the saved settings, to see that mails arrive.')} testId="settings-test-mail">
            <Flex gap={3} wrap="wrap" alignItems="flex-end">
              <Box style={{ flex: '1 1 240px', minWidth: 0 }}>
                <Field.Root name="testTo">
                  <Field.Label>{t('settings.testMail.to', 'Send to')}</Field.Label>
                  <Field.Input type="email" placeholder={notifyDefault} value={testTo} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTestTo(e.target.value)} />
                </Field.Root>
              </Box>
              <Button variant="secondary" loading={testing} onClick={() => void sendTest()} style={TAP}>
                {t('settings.testMail.send', 'Send test mail')}
              </Button>
            </Flex>
            {testResult && (
              <Typography textColor={testResult.ok ? 'success600' : 'danger600'} data-testid="settings-test-result" role="status">
                {testResult.ok
                  ? t('settings.testMail.sent', 'Sent to {to}. Check that it arrived.', { to: testResult.to })
                  : t('settings.testMail.failed', 'Not sent: {error}', { error: testResult.error ?? '' })}
              </Typography>
            )}
          </Section>

          <Flex justifyContent="flex-end">{saveButton}</Flex>
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
};

const GeneralSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS}>
    <GeneralSettings />
  </Page.Protect>
);

export default GeneralSettingsPage;
