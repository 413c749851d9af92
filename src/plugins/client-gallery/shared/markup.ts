/**
 * A markup's layers: vectors in image-relative coordinates (0..1 of the photo's oriented width and
 * height), so one markup draws the same at any size. Shared by the editor (admin) and the renderer
 * (server). Stroke widths and text sizes are fractions of the photo's width.
 */
export const MARKUP_TOOLS = ['pen', 'arrow', 'line', 'rect', 'ellipse', 'text'] as const;
export type MarkupTool = (typeof MARKUP_TOOLS)[number];

/** [x, y], each 0..1 of the photo's width and height. */
export type MarkupPoint = [number, number];

interface Styled {
  /** #rrggbb */
  colour: string;
  /** Stroke width, or text size, as a fraction of the photo's width. */
  width: number;
}

export type MarkupLayer =
  | (Styled & { tool: 'pen'; points: MarkupPoint[] })
  | (Styled & { tool: 'arrow' | 'line' | 'rect' | 'ellipse'; from: MarkupPoint; to: MarkupPoint })
  | (Styled & { tool: 'text'; at: MarkupPoint; text: string });

export const MARKUP_LIMITS = {
  layers: 500,
  penPoints: 5000,
  textLength: 200,
  /** Stroke width or text size, as a fraction of the photo's width. */
  minWidth: 0.0005,
  maxWidth: 0.2,
} as const;

/** GET /images/:documentId/markup: where the editor starts. */
export interface MarkupState {
  /** The photo drawn over (the original, also when editing one of its markups). */
  original: string;
  /** The submitted markup being edited, if any. */
  base: string | null;
  layers: MarkupLayer[];
  /** True when the layers are a saved draft (else: empty, or a submitted markup's layers). */
  draft: boolean;
  updatedAt: string | null;
}
