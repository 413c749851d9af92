import { h } from './dom';

/**
 * The studio's brand on the pages: its name and logo come in the page's shell as data attributes
 * (the server's http/shell.ts; the colour comes as a stylesheet), so every state of a page, the
 * password card included, shows whose gallery it is before anything is asked of the API.
 */
export function studioBrand(): { name: string; logo: string } {
  const data = document.body.dataset;
  return { name: data.studioName ?? '', logo: data.studioLogo ?? '' };
}

/** The studio's logo (named by the studio's name), else its name; null when the shell carries neither. */
export function studioMark(place: 'bar' | 'card'): HTMLElement | null {
  const { name, logo } = studioBrand();
  if (!name && !logo) return null;
  return h(
    'span',
    { class: `studio-mark studio-mark-${place}`, 'data-testid': 'studio-mark' },
    logo ? h('img', { class: 'studio-logo', src: logo, alt: name || 'Studio logo', decoding: 'async' }) : h('span', { class: 'studio-name' }, name),
  );
}
