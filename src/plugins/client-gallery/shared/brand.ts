/**
 * The studio's brand as every half uses it: where the plugin serves the logo, the accent colour's
 * shape, and the readable foreground of text drawn on the accent. Pure, so the server (the pages'
 * shell), the admin (the settings page's contrast warning) and the pages agree; table-tested in
 * tests/unit/brand.test.ts.
 */

/**
 * Where the plugin serves the studio's logo: `/assets/brand/<hash>.<ext>`, beside the pages'
 * own hashed assets, from the pages' origin (their CSP allows images from 'self' only, and their
 * no-referrer rule holds for a same-origin image). A new logo is a new name, so it is cached for good.
 */
export const BRAND_ASSET_PREFIX = '/assets/brand/';

/** The largest logo file taken (the route's parser stops at the same size, so nothing larger is written). */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

/** A stored logo's file name: a content digest and the format it was re-encoded to. */
export const LOGO_FILE_NAME = /^[a-f0-9]{32}\.(png|webp)$/;

/** The accent colour as stored and sent: '#rrggbb'. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** WCAG 2 relative luminance of '#rrggbb'. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two '#rrggbb' colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The pages' near-black and near-white, the two candidates for text on the accent. */
export const DARK_TEXT = '#111110';
export const LIGHT_TEXT = '#ffffff';

/** Text on a button of the accent colour: whichever of dark or light reads better (the higher contrast). */
export function readableForeground(accent: string): string {
  return contrastRatio(accent, DARK_TEXT) >= contrastRatio(accent, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}

/** The pages draw on this dark background (and on --bg-raised, #1a1a18, for cards). */
export const PAGE_BACKGROUND = '#111110';
const RAISED_BACKGROUND = '#1a1a18';

const toHex = (channels: number[]) => `#${channels.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
const channelsOf = (hex: string) => [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));

/** `a` moved `t` (0..1) of the way to `b`, channel by channel. */
export function mixColours(a: string, b: string, t: number): string {
  const [x, y] = [channelsOf(a), channelsOf(b)];
  return toHex(x.map((channel, i) => channel + (y[i] - channel) * t));
}

/**
 * The accent as the dark pages can use it: the pages draw links, outlines and small text in it on
 * their dark cards, so a colour too dark for that (under 4.5:1 on the raised background) is
 * lightened, towards white in small steps, just until it reads. A light colour is kept as it is.
 */
export function accentOnDark(accent: string): string {
  const colour = accent.toLowerCase();
  for (let step = 0; step <= 20; step += 1) {
    const candidate = mixColours(colour, '#ffffff', step / 20);
    if (contrastRatio(candidate, RAISED_BACKGROUND) >= 4.5) return candidate;
  }
  return '#ffffff';
}

/** The pages' accent variables for a studio colour: the usable accent, its hover shade, and the text drawn on it. */
export function accentVariables(accent: string): { accent: string; strong: string; contrast: string } {
  const usable = accentOnDark(accent);
  return { accent: usable, strong: mixColours(usable, '#ffffff', 0.3), contrast: readableForeground(usable) };
}

/** The small stylesheet that gives the pages the studio's colour (served by the plugin, so the pages' CSP stays 'self'). */
export function accentStylesheet(accent: string): string {
  const { accent: usable, strong, contrast } = accentVariables(accent);
  return `:root{--accent:${usable};--accent-strong:${strong};--accent-contrast:${contrast};}\n`;
}

/** Where the pages' accent stylesheet for a colour is served: its name is the colour, so it never changes. */
export function accentStylesheetPath(accent: string): string {
  return `${BRAND_ASSET_PREFIX}accent-${accent.slice(1).toLowerCase()}.css`;
}

/** The colour an accent stylesheet's file name stands for, or null for any other name. */
export function accentOfStylesheet(name: string): string | null {
  const match = /^accent-([a-f0-9]{6})\.css$/.exec(name);
  return match ? `#${match[1]}` : null;
}

/**
 * What the settings page warns about: text on the accent (buttons, mails) under 4.5:1 even in the
 * better of dark or light, and an accent the dark pages must lighten to read (they show `onPages`).
 */
export function accentWarnings(accent: string): { textOnAccent: number; readable: boolean; onPages: string; lightened: boolean } {
  const colour = accent.toLowerCase();
  const textOnAccent = contrastRatio(colour, readableForeground(colour));
  const onPages = accentOnDark(colour);
  return { textOnAccent, readable: textOnAccent >= 4.5, onPages, lightened: onPages !== colour };
}
