import { Box, Button, Flex, IconButton, TextInput, Typography } from '@strapi/design-system';
import { ArrowClockwise, ArrowsCounterClockwise } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { AdminImage } from '../../../shared/contracts';
import { PLUGIN_ID } from '../../../shared/permissions';
import { MARKUP_TOOLS, type MarkupLayer, type MarkupPoint, type MarkupTool } from '../../../shared/markup';
import { errorMessage, useGalleryApi } from '../utils/api';
import { msg, useT, type Message } from '../utils/translations';

const TOOL_NAMES: Record<MarkupTool, Message> = {
  pen: msg('markup.tool.pen', 'Pen'),
  arrow: msg('markup.tool.arrow', 'Arrow'),
  line: msg('markup.tool.line', 'Line'),
  rect: msg('markup.tool.rect', 'Rectangle'),
  ellipse: msg('markup.tool.ellipse', 'Ellipse'),
  text: msg('markup.tool.text', 'Text'),
};
const COLOURS = ['#e02020', '#ffcc00', '#20c040', '#2080ff', '#ffffff', '#000000'];
const WIDTHS = { Thin: 0.003, Medium: 0.006, Thick: 0.012 };
const WIDTH_NAMES: Record<string, Message> = {
  Thin: msg('markup.width.thin', 'Thin'),
  Medium: msg('markup.width.medium', 'Medium'),
  Thick: msg('markup.width.thick', 'Thick'),
};

/** The layers as SVG in a 0..1 coordinate space the size of the photo (the server draws the same shapes at full size). */
function LayerShapes({ layers, aspect }: { layers: MarkupLayer[]; aspect: number }) {
  // Units: x in 0..1, y in 0..1/aspect, so strokes are not stretched; widths are fractions of the width.
  const p = ([x, y]: MarkupPoint) => [x, y / aspect] as const;
  return (
    <>
      {layers.map((l, i) => {
        const paint = { stroke: l.colour, strokeWidth: l.width, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const, fill: 'none' };
        if (l.tool === 'pen') return <polyline key={i} points={l.points.map((pt) => p(pt).join(',')).join(' ')} {...paint} />;
        if (l.tool === 'text') {
          const [x, y] = p(l.at);
          return (
            <text key={i} x={x} y={y} fontSize={l.width} fill={l.colour} dominantBaseline="hanging" fontFamily="sans-serif">
              {l.text}
            </text>
          );
        }
        const [[x1, y1], [x2, y2]] = [p(l.from), p(l.to)];
        if (l.tool === 'rect')
          return <rect key={i} x={Math.min(x1, x2)} y={Math.min(y1, y2)} width={Math.abs(x2 - x1)} height={Math.abs(y2 - y1)} {...paint} />;
        if (l.tool === 'ellipse')
          return <ellipse key={i} cx={(x1 + x2) / 2} cy={(y1 + y2) / 2} rx={Math.abs(x2 - x1) / 2} ry={Math.abs(y2 - y1) / 2} {...paint} />;
        const angle = Math.atan2(y2 - y1, x2 - x1);
        const head = l.width * 4;
        const wing = (side: number) => `${x2 - head * Math.cos(angle + side * 0.5)},${y2 - head * Math.sin(angle + side * 0.5)}`;
        return (
          <g key={i} {...paint}>
            <line x1={x1} y1={y1} x2={x2} y2={y2} />
            {l.tool === 'arrow' && <polyline points={`${wing(1)} ${x2},${y2} ${wing(-1)}`} />}
          </g>
        );
      })}
    </>
  );
}

/**
 * The markup editor (Modify): draw over a photo with pen, arrow, line, rectangle, ellipse and
 * text, in a colour and width; undo and redo; save a draft (never a photo) or submit the final
 * image, which the server renders at full resolution beside its original.
 */
export const MarkupPage = () => {
  const { documentId = '', imageId = '' } = useParams();
  const navigate = useNavigate();
  const { listAllImages, markupState, saveMarkupDraft, submitMarkup } = useGalleryApi();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [image, setImage] = useState<AdminImage | null>(null);
  const [layers, setLayers] = useState<MarkupLayer[]>([]);
  const [redo, setRedo] = useState<MarkupLayer[]>([]);
  const [status, setStatus] = useState('');
  const [tool, setTool] = useState<MarkupTool>('rect');
  const [colour, setColour] = useState(COLOURS[0]);
  const [width, setWidth] = useState(WIDTHS.Medium);
  const [text, setText] = useState(() => t('markup.defaultText', 'Note'));
  const [drawing, setDrawing] = useState<MarkupLayer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const surface = useRef<SVGSVGElement | null>(null);

  useEffect(() => {
    markupState(imageId).then(
      (state) => {
        setLayers(state.layers);
        setStatus(
          state.draft
            ? t('markup.restored', 'Draft restored')
            : state.base
              ? t('markup.editing', 'Editing a submitted markup: submitting makes a new version')
              : '',
        );
        return listAllImages(documentId).then((all) => setImage(all.find((i) => i.documentId === state.original) ?? null));
      },
      () => setError(true),
    );
  }, [documentId, imageId, listAllImages, markupState]);

  const aspect = image?.width && image?.height ? image.width / image.height : 4 / 3;
  const at = (event: React.PointerEvent): MarkupPoint => {
    const rect = surface.current!.getBoundingClientRect();
    const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
    return [clamp((event.clientX - rect.left) / rect.width), clamp((event.clientY - rect.top) / rect.height)];
  };
  const commit = (layer: MarkupLayer) => {
    setLayers((current) => [...current, layer]);
    setRedo([]);
  };
  const undo = useCallback(
    () => setLayers((current) => (current.length ? (setRedo((r) => [current[current.length - 1], ...r]), current.slice(0, -1)) : current)),
    [],
  );
  const redoOne = useCallback(() => setRedo((r) => (r.length ? (setLayers((current) => [...current, r[0]]), r.slice(1)) : r)), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.target instanceof HTMLInputElement) return;
      if (event.key === 'z' && !event.shiftKey) undo();
      else if (event.key === 'y' || (event.key === 'z' && event.shiftKey)) redoOne();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [redoOne, undo]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Page.Error />;
  const style = { colour, width };

  return (
    <Layouts.Root>
      <Page.Title>{t('markup.pageTitle', 'Mark up a photo')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={`/plugins/${PLUGIN_ID}/clients/${documentId}`} />}
        title={t('viewer.markup', 'Mark up')}
        subtitle={status || t('markup.hint', 'Draw over the photo. Ctrl+Z undoes, Ctrl+Y redoes.')}
        primaryAction={
          <Flex gap={2}>
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  await saveMarkupDraft(imageId, layers);
                  setStatus(t('markup.saved', 'Draft saved'));
                  toggleNotification({ type: 'success', message: t('markup.saved', 'Draft saved') });
                })
              }
            >
              {t('markup.saveDraft', 'Save draft')}
            </Button>
            <Button
              disabled={busy || layers.length === 0}
              onClick={() =>
                run(async () => {
                  await submitMarkup(imageId, layers);
                  toggleNotification({ type: 'success', message: t('markup.submitted', 'Markup saved beside the original') });
                  navigate(`/plugins/${PLUGIN_ID}/clients/${documentId}`);
                })
              }
            >
              {t('markup.submit', 'Submit')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex gap={2} paddingBottom={3} wrap="wrap" role="toolbar" aria-label={t('markup.tools', 'Markup tools')}>
          {MARKUP_TOOLS.map((name) => (
            <Button key={name} size="S" variant={tool === name ? 'default' : 'tertiary'} aria-pressed={tool === name} onClick={() => setTool(name)}>
              {t(TOOL_NAMES[name])}
            </Button>
          ))}
          {COLOURS.map((c) => (
            <button
              key={c}
              type="button"
              aria-label={t('markup.colour', 'Colour {colour}', { colour: c })}
              aria-pressed={colour === c}
              onClick={() => setColour(c)}
              style={{
                width: 28,
                height: 28,
                borderRadius: 14,
                background: c,
                border: colour === c ? '3px solid #4945ff' : '1px solid #aaa',
                cursor: 'pointer',
              }}
            />
          ))}
          {Object.entries(WIDTHS).map(([name, w]) => (
            <Button key={name} size="S" variant={width === w ? 'secondary' : 'tertiary'} aria-pressed={width === w} onClick={() => setWidth(w)}>
              {t(WIDTH_NAMES[name])}
            </Button>
          ))}
          {tool === 'text' && (
            <Box minWidth="200px">
              <TextInput
                aria-label={t('markup.text', 'Text to place')}
                size="S"
                value={text}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
              />
            </Box>
          )}
          <IconButton label={t('markup.undo', 'Undo')} onClick={undo} disabled={layers.length === 0}>
            <ArrowsCounterClockwise />
          </IconButton>
          <IconButton label={t('markup.redo', 'Redo')} onClick={redoOne} disabled={redo.length === 0}>
            <ArrowClockwise />
          </IconButton>
          <Typography variant="pi" textColor="neutral600" data-testid="layer-count">
            {t('markup.layers', '{count, plural, one {# layer} other {# layers}}', { count: layers.length })}
          </Typography>
        </Flex>
        {!image ? (
          <Page.Loading />
        ) : (
          <Box position="relative" style={{ width: '100%', maxWidth: `min(100%, calc((100vh - 300px) * ${aspect}))`, aspectRatio: `${aspect}` }}>
            {image.previewUrl && (
              <img
                src={image.previewUrl}
                alt={t('markup.alt', 'Photo being marked up')}
                style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
                draggable={false}
              />
            )}
            <svg
              ref={surface}
              data-testid="markup-surface"
              viewBox={`0 0 1 ${1 / aspect}`}
              preserveAspectRatio="none"
              style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', cursor: 'crosshair', touchAction: 'none' }}
              onPointerDown={(event) => {
                const point = at(event);
                if (tool === 'text') {
                  if (text.trim()) commit({ tool: 'text', at: point, text: text.trim(), colour, width: Math.max(0.02, width * 5) });
                  return;
                }
                event.currentTarget.setPointerCapture(event.pointerId);
                setDrawing(tool === 'pen' ? { tool, points: [point], ...style } : { tool, from: point, to: point, ...style });
              }}
              onPointerMove={(event) => {
                if (!drawing) return;
                const point = at(event);
                setDrawing(
                  drawing.tool === 'pen'
                    ? { ...drawing, points: [...drawing.points, point].slice(0, 5000) }
                    : drawing.tool === 'text'
                      ? drawing
                      : { ...drawing, to: point },
                );
              }}
              onPointerUp={() => {
                if (drawing) commit(drawing);
                setDrawing(null);
              }}
            >
              <LayerShapes layers={drawing ? [...layers, drawing] : layers} aspect={aspect} />
            </svg>
          </Box>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};
