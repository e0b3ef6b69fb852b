import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules (axe-core's tags); best-practice rules are not part of the promise. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now (frames included) and fails with every violation, its rule, its help text
 * and the elements it found, so that the message alone says what to fix.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  throw new Error(`${what}: ${violations.length} WCAG 2.1 A/AA violation(s) at ${page.url()}\n${lines.join('\n')}`);
}
