import { Badge, Box, Button, Field, Flex, Grid, Loader, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';
import type { MailPreview, MailTemplateInfo, MailTemplateKind } from '../../../../shared/mail-texts';
import { MAIL_INTRO_MAX, MAIL_SUBJECT_MAX } from '../../../../shared/mail-texts';
import { ACTIONS } from '../../../../shared/permissions';
import { useNarrow } from '../../hooks/useNarrow';
import { errorMessage } from '../../utils/api';
import { useMailTemplatesApi } from '../../utils/mail-templates-api';
import { msg, useT, type Message } from '../../utils/translations';

/** Each mail's name on the page. */
const KIND_LABELS: Record<MailTemplateKind, Message> = {
  invitation: msg('mailTemplates.kind.invitation', 'Invitation to a gallery'),
  claim: msg('mailTemplates.kind.claim', 'Private link after a claim'),
  'sign-in': msg('mailTemplates.kind.sign-in', 'Sign-in link'),
  'package-preparing': msg('mailTemplates.kind.package-preparing', 'Download being prepared'),
  'package-ready': msg('mailTemplates.kind.package-ready', 'Download ready'),
  reminder: msg('mailTemplates.kind.reminder', 'Selection deadline reminder'),
  'deadline-passed': msg('mailTemplates.kind.deadline-passed', 'Deadline passed (to the studio)'),
  'selection-confirmed': msg('mailTemplates.kind.selection-confirmed', 'Selection confirmed (to the studio)'),
  'comment-digest': msg('mailTemplates.kind.comment-digest', 'New comments digest (to the studio)'),
  milestone: msg('mailTemplates.kind.milestone', 'Gallery activity (to the studio)'),
  'portal-confirmation': msg('mailTemplates.kind.portal-confirmation', 'Portal account confirmation'),
  'portal-reset-password': msg('mailTemplates.kind.portal-reset-password', 'Portal password reset'),
};

/** How long typing pauses before the preview is built again. */
const PREVIEW_DELAY_MS = 350;

/** Settings → Client galleries → Mails: the studio rewords each mail's subject and intro, with a live preview. */
const MailsSettingsPage = () => {
  const api = useMailTemplatesApi();
  const t = useT();
  const { toggleNotification } = useNotification();
  const [templates, setTemplates] = useState<MailTemplateInfo[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [kind, setKind] = useState<MailTemplateKind>('invitation');
  const [subject, setSubject] = useState('');
  const [intro, setIntro] = useState('');
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const narrow = useNarrow();

  useEffect(() => {
    api.list().then(setTemplates, () => setFailed(true));
  }, [api]);

  const current = useMemo(() => templates?.find((template) => template.kind === kind) ?? null, [templates, kind]);

  // The fields show the saved wording, else the default, whenever another mail is chosen or saved.
  useEffect(() => {
    if (!current) return;
    setSubject(current.saved.subject ?? current.defaults.subject);
    setIntro(current.saved.intro ?? current.defaults.intro);
  }, [current]);

  useEffect(() => {
    if (!current) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      api.preview(kind, { subject, intro }).then(
        (built) => {
          if (cancelled) return;
          setPreview(built);
          setProblem(null);
        },
        (error) => !cancelled && setProblem(errorMessage(error)),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [api, current, kind, subject, intro]);

  const replace = (updated: MailTemplateInfo) => setTemplates((list) => (list ?? []).map((template) => (template.kind === updated.kind ? updated : template)));

  const run = async (action: () => Promise<MailTemplateInfo>, done: Message) => {
    setBusy(true);
    try {
      replace(await action());
      toggleNotification({ type: 'success', message: t(done) });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(
      // The default's own text is stored as "no wording": a later change of the default reaches this studio too.
      () => api.save(kind, { subject: subject === current?.defaults.subject ? null : subject, intro: intro === current?.defaults.intro ? null : intro }),
      msg('mailTemplates.saved', 'Mail text saved'),
    );
  const reset = () => run(() => api.reset(kind), msg('mailTemplates.resetDone', 'Mail text back to the default'));

  if (failed) return <Page.Error />;
  if (!templates || !current) return <Page.Loading />;
  const placeholders = current.placeholders.map((name) => `{${name}}`).join(' ');
  const customised = current.saved.subject !== null || current.saved.intro !== null;

  return (
    <Layouts.Root>
      <Page.Title>{t('mailTemplates.pageTitle', 'Mails · Client galleries')}</Page.Title>
      <Layouts.Header
        title={t('mailTemplates.title', 'Mails')}
        subtitle={t('mailTemplates.subtitle', "Each mail the plugin sends, in your studio's name, logo and colour. Reword a mail's subject and its opening paragraph; the rest is fixed.")}
      />
      <Layouts.Content>
        <Grid.Root gap={4} data-testid="mails-settings">
          <Grid.Item col={narrow ? 12 : 4} direction="column" alignItems="stretch">
            {narrow ? (
              // On a phone the twelve mails are a menu, so the editor and its preview stay in view.
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} width="100%">
                <Field.Root name="kind">
                  <Field.Label>{t('mailTemplates.choose', 'Mail')}</Field.Label>
                  <SingleSelect value={kind} onChange={(value: string | number) => setKind(value as MailTemplateKind)} data-testid="mail-kind-select">
                    {templates.map((template) => (
                      <SingleSelectOption key={template.kind} value={template.kind}>
                        {t(KIND_LABELS[template.kind])}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
            ) : (
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={2} width="100%">
                <nav aria-label={t('mailTemplates.listLabel', 'Mails')}>
                  <Flex direction="column" alignItems="stretch" gap={1}>
                    {templates.map((template) => (
                      <Button
                        key={template.kind}
                        variant={template.kind === kind ? 'secondary' : 'ghost'}
                        aria-current={template.kind === kind ? 'true' : undefined}
                        onClick={() => setKind(template.kind)}
                        fullWidth
                        size="L"
                        data-testid={`mail-kind-${template.kind}`}
                        style={{ justifyContent: 'flex-start', textAlign: 'left', whiteSpace: 'normal', height: 'auto', minHeight: 40 }}
                      >
                        {t(KIND_LABELS[template.kind])}
                        {template.saved.subject !== null || template.saved.intro !== null ? (
                          <Badge marginLeft={2}>{t('mailTemplates.customised', 'Edited')}</Badge>
                        ) : null}
                      </Button>
                    ))}
                  </Flex>
                </nav>
              </Box>
            )}
          </Grid.Item>
          <Grid.Item col={narrow ? 12 : 8} direction="column" alignItems="stretch">
            <Flex direction="column" alignItems="stretch" gap={4} width="100%">
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
                <Flex direction="column" alignItems="stretch" gap={4}>
                  <Typography variant="delta" tag="h2">
                    {t(KIND_LABELS[kind])}
                  </Typography>
                  <Field.Root name="subject" error={problem && /subject/i.test(problem) ? problem : undefined} required>
                    <Field.Label>{t('mailTemplates.subject', 'Subject')}</Field.Label>
                    <TextInput value={subject} maxLength={MAIL_SUBJECT_MAX} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSubject(e.target.value)} />
                    <Field.Error />
                  </Field.Root>
                  <Field.Root name="intro" hint={t('mailTemplates.placeholders', 'Plain text. You may use: {list}', { list: placeholders })} error={problem && !/subject/i.test(problem) ? problem : undefined}>
                    <Field.Label>{t('mailTemplates.intro', 'Opening paragraph')}</Field.Label>
                    <Textarea value={intro} maxLength={MAIL_INTRO_MAX} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setIntro(e.target.value)} />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                  <Flex gap={2} wrap="wrap">
                    <Button size="L" onClick={save} loading={busy} disabled={Boolean(problem)}>
                      {t('mailTemplates.save', 'Save')}
                    </Button>
                    <Button size="L" variant="tertiary" onClick={reset} disabled={busy || !customised}>
                      {t('mailTemplates.reset', 'Reset to default')}
                    </Button>
                  </Flex>
                </Flex>
              </Box>
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
                <Flex direction="column" alignItems="stretch" gap={3}>
                  <Typography variant="delta" tag="h2">
                    {t('mailTemplates.preview', 'Preview (sample data)')}
                  </Typography>
                  {!preview ? (
                    <Loader small>{t('mailTemplates.previewLoading', 'Building the preview')}</Loader>
                  ) : (
                    <>
                      <Typography data-testid="mail-preview-subject">
                        <Typography fontWeight="bold">{t('mailTemplates.previewSubject', 'Subject:')}</Typography> {preview.subject}
                      </Typography>
                      {/* The mail's own HTML, with no scripts, forms or same-origin access (sandbox=""). */}
                      <iframe
                        title={t('mailTemplates.previewHtml', 'HTML part of the mail')}
                        sandbox=""
                        srcDoc={preview.html}
                        data-testid="mail-preview-html"
                        style={{ width: '100%', height: 560, border: '1px solid #dcdce4', borderRadius: 4, background: '#fff' }}
                      />
                      <Typography variant="sigma" tag="h3">
                        {t('mailTemplates.previewText', 'Text part')}
                      </Typography>
                      <Box tag="pre" padding={3} background="neutral100" hasRadius style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }} data-testid="mail-preview-text">
                        {preview.text}
                      </Box>
                    </>
                  )}
                </Flex>
              </Box>
            </Flex>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Layouts.Root>
  );
};

const ProtectedMailsSettingsPage = () => (
  <Page.Protect permissions={[{ action: ACTIONS.settings, subject: null }]}>
    <MailsSettingsPage />
  </Page.Protect>
);

export default ProtectedMailsSettingsPage;
