/**
 * The HTML shell of a public page. It is static: no token, no gallery data, nothing inline to
 * execute (the CSP has no 'unsafe-inline'); the page's script reads the token from location and
 * the page kind from `data-page`.
 */
export type PageName = 'gallery' | 'portal';

const TITLES: Record<PageName, string> = { gallery: 'Your gallery', portal: 'Your galleries' };

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function renderShell(page: PageName, files: { js: string; css: string }, assetPrefix: string): string {
  const css = escapeAttr(assetPrefix + files.css);
  const js = escapeAttr(assetPrefix + files.js);
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
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body data-page="${page}">
<div id="app" class="app"><div class="boot" role="status"><span class="spinner" aria-hidden="true"></span><span class="visually-hidden">Loading</span></div></div>
<noscript><p class="noscript">This gallery needs JavaScript turned on.</p></noscript>
</body>
</html>
`;
}
