import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './a11y';
import { newUserPage } from './browser';

/** A page that records what the browser threw or logged as an error, so that a test can say there was none. */
export async function watchedPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const page = await newUserPage(browser, baseURL, viewport);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

/**
 * The header's items (the brand, each link, the e-mail) must not overlap each other and must lie within the
 * viewport, and the page must not scroll sideways: what went wrong at 390 px before.
 */
export async function expectHeaderFits(page: Page, what: string): Promise<void> {
  const problems = (await page.evaluate(`(() => {
    const items = [...document.querySelectorAll('header .brand, header .nav-links > li')];
    const boxes = items.map((el) => ({ text: el.textContent.trim(), box: el.getBoundingClientRect() }));
    const problems = [];
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i].box;
      if (a.left < 0 || a.right > window.innerWidth + 0.5) problems.push(boxes[i].text + ' leaves the screen');
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j].box;
        const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        if (overlap) problems.push(boxes[i].text + ' overlaps ' + boxes[j].text);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
    }
    return problems;
  })()`)) as string[];
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

/** The checks every page gets, and its screenshot: it fits, axe finds nothing, and the page threw nothing. */
export async function checkPage(
  page: Page,
  errors: string[],
  step: string,
  shot: (p: Page, s: string) => Promise<void>,
): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await shot(page, step);
  await expectHeaderFits(page, step);
  await expectAccessible(page, step);
  expect({ step, errors }).toEqual({ step, errors: [] });
}
