import { z } from '@strapi/utils';
import { MARKUP_LIMITS, type MarkupLayer, type MarkupPoint } from '../../../shared/markup';
import { escapeXml } from './comparison-layout';

/**
 * Markup layers in, checked; and out as one SVG the size of the photo, to composite over it with
 * sharp. Pure: no sharp, no I/O.
 */
const unit = z.number().finite().min(-0.5).max(1.5);
const point = z.tuple([unit, unit]);
const styled = {
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb'),
  width: z.number().finite().min(MARKUP_LIMITS.minWidth).max(MARKUP_LIMITS.maxWidth),
};
const layer = z.discriminatedUnion('tool', [
  z.object({ tool: z.literal('pen'), points: z.array(point).min(1).max(MARKUP_LIMITS.penPoints), ...styled }).strict(),
  z.object({ tool: z.literal('arrow'), from: point, to: point, ...styled }).strict(),
  z.object({ tool: z.literal('line'), from: point, to: point, ...styled }).strict(),
  z.object({ tool: z.literal('rect'), from: point, to: point, ...styled }).strict(),
  z.object({ tool: z.literal('ellipse'), from: point, to: point, ...styled }).strict(),
  z.object({ tool: z.literal('text'), at: point, text: z.string().trim().min(1).max(MARKUP_LIMITS.textLength), ...styled }).strict(),
]);
export const markupLayersSchema = z.array(layer).max(MARKUP_LIMITS.layers);

const round = (n: number) => Math.round(n * 100) / 100;

/** The layers drawn on a `width` × `height` canvas (the photo's oriented size), first layer at the bottom. */
export function markupSvg(layers: MarkupLayer[], width: number, height: number): string {
  const at = ([x, y]: MarkupPoint) => [round(x * width), round(y * height)] as const;
  const shapes = layers.map((l) => {
    const stroke = round(Math.max(1, l.width * width));
    const paint = `stroke="${l.colour}" stroke-width="${stroke}" stroke-linecap="round" stroke-linejoin="round" fill="none"`;
    switch (l.tool) {
      case 'pen': {
        const [first, ...rest] = l.points.map(at);
        if (rest.length === 0) return `<circle cx="${first[0]}" cy="${first[1]}" r="${round(stroke / 2)}" fill="${l.colour}"/>`;
        return `<path d="M${first[0]} ${first[1]}${rest.map(([x, y]) => `L${x} ${y}`).join('')}" ${paint}/>`;
      }
      case 'line':
        return `<line x1="${at(l.from)[0]}" y1="${at(l.from)[1]}" x2="${at(l.to)[0]}" y2="${at(l.to)[1]}" ${paint}/>`;
      case 'arrow': {
        const [[x1, y1], [x2, y2]] = [at(l.from), at(l.to)];
        const angle = Math.atan2(y2 - y1, x2 - x1);
        const head = stroke * 4;
        const wing = (side: number) => [round(x2 - head * Math.cos(angle + side * 0.5)), round(y2 - head * Math.sin(angle + side * 0.5))];
        const [a, b] = [wing(1), wing(-1)];
        return `<g ${paint}><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/><path d="M${a[0]} ${a[1]}L${x2} ${y2}L${b[0]} ${b[1]}"/></g>`;
      }
      case 'rect': {
        const [[x1, y1], [x2, y2]] = [at(l.from), at(l.to)];
        return `<rect x="${Math.min(x1, x2)}" y="${Math.min(y1, y2)}" width="${round(Math.abs(x2 - x1))}" height="${round(Math.abs(y2 - y1))}" ${paint}/>`;
      }
      case 'ellipse': {
        const [[x1, y1], [x2, y2]] = [at(l.from), at(l.to)];
        return `<ellipse cx="${round((x1 + x2) / 2)}" cy="${round((y1 + y2) / 2)}" rx="${round(Math.abs(x2 - x1) / 2)}" ry="${round(Math.abs(y2 - y1) / 2)}" ${paint}/>`;
      }
      case 'text': {
        const [x, y] = at(l.at);
        const size = round(Math.max(6, l.width * width));
        return `<text x="${x}" y="${y}" font-size="${size}" font-family="sans-serif" fill="${l.colour}" dominant-baseline="hanging">${escapeXml(l.text)}</text>`;
      }
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${shapes.join('')}</svg>`;
}
