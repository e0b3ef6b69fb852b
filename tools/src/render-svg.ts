import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Debian's Chromium, or `CHROMIUM_PATH`; the same browser the e2e tests drive. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Chromium flags for a headless run that talks to nobody (no updates, no sync, no QUIC probes). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Renders a Mermaid diagram to SVG in headless Chromium, with the `mermaid` package's browser bundle from
 * node_modules (every request the page would make is aborted: nothing is fetched at run time). Labels are plain SVG
 * text rather than HTML in `<foreignObject>`, so the file reads the same in any SVG viewer.
 * @throws when Chromium cannot start or Mermaid rejects the source (its message says where).
 */
export async function renderMermaidSvg(source: string, options: { executablePath?: string } = {}): Promise<string> {
  const bundle = require.resolve('mermaid/dist/mermaid.min.js');
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'ticketing-flow-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    await context.route('**/*', (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: bundle });
    return await page.evaluate(async (text) => {
      const { mermaid, document, XMLSerializer } = globalThis as unknown as PageGlobals;
      // A fixed seed for the shapes Mermaid draws with rough.js, so that the same source gives the same file.
      mermaid.initialize({
        startOnLoad: false,
        theme: 'default',
        securityLevel: 'strict',
        htmlLabels: false,
        handDrawnSeed: 1,
      });
      const { svg } = await mermaid.render('event-flow', text);
      // Mermaid returns HTML-serialized markup (`<br>`); re-serialize the element as XML so the file is valid SVG.
      const holder = document.createElement('div');
      holder.innerHTML = svg;
      const element = holder.querySelector('svg');
      if (!element) throw new Error('Mermaid returned no <svg> element');
      // A fixed size and a white background instead of Mermaid's `width="100%"` on a transparent page: the file is
      // opened on its own, in viewers with dark themes too.
      const [, , width = '0', height = '0'] = (element.getAttribute('viewBox') ?? '').split(' ');
      element.setAttribute('width', String(Math.ceil(Number(width))));
      element.setAttribute('height', String(Math.ceil(Number(height))));
      element.setAttribute('style', 'background-color: white');
      return new XMLSerializer().serializeToString(element);
    }, source);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

interface SvgElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/** What the page code uses of the browser (tools compile without the DOM library: they run in Node). */
interface PageGlobals {
  mermaid: {
    initialize(config: Record<string, unknown>): void;
    render(id: string, text: string): Promise<{ svg: string }>;
  };
  document: { createElement(tag: 'div'): { innerHTML: string; querySelector(selector: string): SvgElement | null } };
  XMLSerializer: new () => { serializeToString(node: SvgElement): string };
}
