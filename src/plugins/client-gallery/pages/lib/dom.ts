/** A tiny DOM toolkit: element builder, SVG icons, formatting. No framework, no inline anything. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener | ((event: any) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else if (key === 'class') element.className = String(value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element) {
  while (element.firstChild) element.removeChild(element.firstChild);
}

const SVG = 'http://www.w3.org/2000/svg';
const PATHS: Record<string, string> = {
  heart: 'M12 20.5s-7.5-4.6-9.6-9.3C1 8 2.9 4.5 6.5 4.5c2.1 0 3.6 1.2 4.5 2.6.9-1.4 2.4-2.6 4.5-2.6 3.6 0 5.5 3.5 4.1 6.7-2.1 4.7-9.6 9.3-9.6 9.3z',
  download: 'M12 3.5v11.5m0 0l-4.5-4.5M12 15l4.5-4.5M4.5 19.5h15',
  close: 'M6 6l12 12M18 6L6 18',
  left: 'M15 5l-7 7 7 7',
  right: 'M9 5l7 7-7 7',
  plus: 'M12 5v14M5 12h14',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  lock: 'M7 10.5V8a5 5 0 0110 0v2.5M5.5 10.5h13v10h-13z',
  grid: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  list: 'M4 6h16M4 12h16M4 18h16',
  mail: 'M3.5 6.5h17v11h-17zM3.5 7l8.5 6.5L20.5 7',
  trash: 'M5 7h14M10 7V4.5h4V7M7 7l1 13h8l1-13',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4',
  alert: 'M12 4l9 16H3zM12 10v4.5M12 17.2v.3',
  calendar: 'M4.5 6h15v14h-15zM4.5 10h15M8.5 3.5v4M15.5 3.5v4',
};

export function icon(name: keyof typeof PATHS | string, options: { filled?: boolean; size?: number } = {}): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const size = String(options.size ?? 20);
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', size);
  svg.setAttribute('height', size);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name] ?? '');
  path.setAttribute('fill', options.filled ? 'currentColor' : 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.6');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.appendChild(path);
  return svg;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** "15 July 2026". Date-only values (YYYY-MM-DD) are calendar days, not instants: no time-zone shift. */
export function formatDate(value: string | null | undefined, short = false): string {
  if (!value) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = dateOnly ? new Date(`${value}T12:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return (short ? shortDateFormat : dateFormat).format(date);
}

/** Calendar days from today to `value` (0 = today, negative = passed), in the visitor's own time zone. */
export function daysUntil(value: string): number {
  const target = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  const today = new Date();
  const startOf = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((startOf(target) - startOf(today)) / 86_400_000);
}

export function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** Announce a short message to screen readers and show it as a toast. */
let toastRegion: HTMLElement | null = null;
export function toast(message: string, kind: 'info' | 'error' | 'success' = 'info', timeoutMs = 5000) {
  if (!toastRegion) {
    toastRegion = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(toastRegion);
  }
  const item = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, kind === 'error' ? icon('alert', { size: 18 }) : kind === 'success' ? icon('check', { size: 18 }) : null, h('span', {}, message));
  toastRegion.appendChild(item);
  window.setTimeout(() => {
    item.classList.add('toast-leaving');
    window.setTimeout(() => item.remove(), 300);
  }, timeoutMs);
}

/** Elements inside `root` that can take keyboard focus, in tab order. */
export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(
    root.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'),
  ).filter((element) => element.offsetParent !== null || element === document.activeElement);
}

/** Keep Tab and Shift+Tab inside `root` (a modal dialog). */
export function trapFocus(root: HTMLElement, event: KeyboardEvent) {
  if (event.key !== 'Tab') return;
  const items = focusables(root);
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
