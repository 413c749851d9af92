import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';

/**
 * What a phone (or any screen) must never see, measured in the page: content wider than the
 * viewport, a control off-screen or covered by something else, and a tap target smaller than
 * 40×40 px (WCAG 2.2's target-size check, at the size the issue asks for). Each problem is one
 * readable line naming the element, so a failure says what to fix.
 */
export interface LayoutOptions {
  /** Only controls inside this selector are measured (the admin: the plugin's own content, not Strapi's chrome). */
  within?: string;
  /** Skip the tap-target size rule (a page whose controls belong to a design system we do not own). */
  skipTargetSize?: boolean;
}

export const TARGET_MIN = 40;

export async function layoutProblems(page: Page, options: LayoutOptions = {}): Promise<string[]> {
  return page.evaluate(
    ({ within, skipTargetSize, min }) => {
      const problems: string[] = [];
      const vw = document.documentElement.clientWidth;
      const vh = window.innerHeight;
      const name = (el: Element) => {
        const testid = el.getAttribute('data-testid');
        const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
        return `<${el.tagName.toLowerCase()}${cls}${testid ? ` testid=${testid}` : ''}> "${label}"`;
      };
      const visible = (el: Element) => {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
        const rect = el.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0;
      };
      // An element is clipped, not overflowing, when an ancestor inside the viewport cuts it off
      // (a scroller, a carousel, the visually-hidden pattern).
      const clippedBy = (el: Element) => {
        for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (style.overflowX !== 'visible' || style.clip !== 'auto' || style.clipPath !== 'none') return parent;
        }
        return null;
      };
      // With a modal open (the lightbox, a dialog, a side panel), only the topmost one can be used:
      // what is under it is measured when it is closed.
      const modals = Array.from(document.querySelectorAll('[aria-modal="true"], .dialog-backdrop, .panel-backdrop')).filter(visible);
      const root = within ? document.querySelector(within) : (modals[modals.length - 1] ?? document.body);
      if (!root) return [`no element matches ${within}`];

      if (document.documentElement.scrollWidth > vw + 1)
        problems.push(`the page scrolls sideways: scrollWidth ${document.documentElement.scrollWidth} > ${vw}`);
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (!visible(el)) continue;
        const rect = el.getBoundingClientRect();
        if (rect.right <= vw + 1 && rect.left >= -1) continue;
        const clip = clippedBy(el);
        if (clip) {
          const box = clip.getBoundingClientRect();
          if (box.right <= vw + 1 && box.left >= -1) continue;
        }
        // Report the outermost offender only: its children overflow with it.
        if (el.parentElement && problems.some((line) => line.startsWith(`overflows: ${name(el.parentElement!)}`))) continue;
        problems.push(`overflows: ${name(el)} spans ${Math.round(rect.left)}..${Math.round(rect.right)} of ${vw}`);
      }

      const controls = Array.from(
        root.querySelectorAll<HTMLElement>(
          'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [role="checkbox"]',
        ),
      );
      for (const el of controls) {
        if ((el as HTMLButtonElement).disabled && el.tagName !== 'BUTTON') continue;
        // A checkbox or radio inside its label: the label is the target (a tap on it toggles the box).
        const target = (el.matches('input[type="checkbox"], input[type="radio"], [role="checkbox"], [role="radio"]') && el.closest('label')) || el;
        if (!visible(target)) continue;
        if (target !== el && clippedBy(el) && !visible(el)) continue;
        const rect = target.getBoundingClientRect();
        const clip = clippedBy(target);
        // Visually hidden inputs (drawn by a label elsewhere) are not targets themselves.
        if (clip && rect.width <= 2 && rect.height <= 2) continue;
        if (rect.right > vw + 1 || rect.left < -1) {
          const box = clip?.getBoundingClientRect();
          const scrolledAway = box && box.right <= vw + 1 && box.left >= -1 && getComputedStyle(clip!).overflowX !== 'hidden';
          if (!scrolledAway) problems.push(`off-screen: ${name(el)} at ${Math.round(rect.left)}..${Math.round(rect.right)} of ${vw}`);
          continue;
        }
        // A link inside a sentence is exempt from the size rule (WCAG 2.5.8 "inline").
        const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline';
        if (!skipTargetSize && !inline && (rect.width < min - 0.5 || rect.height < min - 0.5)) {
          problems.push(`small target: ${name(el)} is ${Math.round(rect.width)}×${Math.round(rect.height)}`);
        }
        // Covered: whatever is on top at the control's centre must be the control or inside it.
        const x = rect.left + rect.width / 2;
        const y = rect.top + rect.height / 2;
        if (y < 0 || y > vh || x < 0 || x > vw) continue;
        // Scrolled out of its scroller's view (under a dialog's footer, say) is hidden, not covered.
        let scrolledOut = false;
        for (let parent = target.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (style.overflowY === 'visible' && style.overflowX === 'visible') continue;
          const box = parent.getBoundingClientRect();
          if (y < box.top || y > box.bottom || x < box.left || x > box.right) scrolledOut = true;
        }
        if (scrolledOut) continue;
        const top = document.elementFromPoint(x, y);
        if (top && top !== target && !target.contains(top) && !top.contains(target) && !(target !== el && top === el)) {
          const label = top.closest('label');
          if (label && (label.control === el || label.contains(el))) continue;
          problems.push(`covered: ${name(el)} under ${name(top)}`);
        }
      }
      return problems;
    },
    { within: options.within ?? null, skipTargetSize: options.skipTargetSize ?? false, min: TARGET_MIN },
  );
}

const axeSource = () => fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource() });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** The folder of a run's phone screenshots, made on first use. */
export function screenshotDir(artifactsDir: string) {
  const dir = path.join(artifactsDir, 'phone');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The widths every state is measured at: two phones, a tablet, a laptop; each with a usual height. */
export const WIDTHS = [360, 390, 768, 1280];
export const HEIGHT: Record<number, number> = { 360: 780, 390: 844, 768: 1024, 1280: 860 };

export interface MeasureOptions extends LayoutOptions {
  axe?: boolean;
  fullPage?: boolean;
  /** An admin page: Strapi's design system draws 40 px controls on a phone and 32 px ones for a
   *  mouse from 768 px on, so its tap targets are held to 40 px below 768 px, where it is touched. */
  admin?: boolean;
}

/**
 * One state measured at every width: the page is resized (layout and media queries follow, nothing
 * reloads), then checked; at 390 px its screenshot is kept (and axe runs, when asked). Problems are
 * collected, not thrown, so one run names every state that fails.
 */
export async function measureAtWidths(page: Page, name: string, options: MeasureOptions, sink: { shots: string; failures: string[] }) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT[width] });
    // From the top: a control scrolled under a sticky bar is where scrolling put it, not a fault.
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // The settled page: a lightbox still fading in (opacity 0 in its first frames on a busy
    // machine) is not yet a modal, and what is under it would be measured as covered by it.
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
          .map((animation) => animation.finished.catch(() => undefined)),
      ),
    );
    const skipTargetSize = options.skipTargetSize || (options.admin === true && width >= 768);
    for (const problem of await layoutProblems(page, { ...options, skipTargetSize })) sink.failures.push(`${name} @${width}: ${problem}`);
    if (width === 390) {
      await page.screenshot({ path: path.join(sink.shots, `${name}.png`), fullPage: options.fullPage ?? false });
      if (options.axe) for (const violation of await axeViolations(page)) sink.failures.push(`${name} (axe): ${violation}`);
    }
  }
  await page.setViewportSize({ width: 390, height: HEIGHT[390] });
}
