/**
 * The HTML shell of a public page. It holds no token and no gallery data, and nothing inline to
 * execute or style (the CSP has no 'unsafe-inline'); the page's script reads the token from
 * location and the page kind from `data-page`. It is the same for every token: only the studio's
 * brand is in it (its name and logo as data attributes the script shows, its colour as a
 * stylesheet from this origin, http/brand.ts).
 */
export type PageName = 'gallery' | 'portal';

const TITLES: Record<PageName, string> = { gallery: 'Your gallery', portal: 'Your galleries' };

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The studio's brand as the shell carries it: paths on this origin (the CSP allows 'self' only). */
export interface ShellBrand {
  name: string;
  /** `/assets/brand/<digest>.png`, or '' for none. */
  logoPath: string;
  /** `/assets/brand/accent-<rrggbb>.css`, or '' for the pages' own colour. */
  accentPath: string;
}

export function renderShell(page: PageName, files: { js: string; css: string }, assetPrefix: string, brand?: ShellBrand): string {
  const css = escapeAttr(assetPrefix + files.css);
  const js = escapeAttr(assetPrefix + files.js);
  const accent = brand?.accentPath ? `\n<link rel="stylesheet" href="${escapeAttr(brand.accentPath)}">` : '';
  const brandData = brand ? ` data-studio-name="${escapeAttr(brand.name)}"${brand.logoPath ? ` data-studio-logo="${escapeAttr(brand.logoPath)}"` : ''}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="dark">
<meta name="theme-color" content="#111110">
<title>${TITLES[page]}</title>
<link rel="stylesheet" href="${css}">${accent}
<script type="module" src="${js}"></script>
</head>
<body data-page="${page}"${brandData}>
<div id="app" class="app"><div class="boot" role="status"><span class="spinner" aria-hidden="true"></span><span class="visually-hidden">Loading</span></div></div>
<noscript><p class="noscript">This gallery needs JavaScript turned on.</p></noscript>
</body>
</html>
`;
}
