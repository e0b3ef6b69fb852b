import { createPageCache, type RenderedPage } from '../src/lib/page-cache';

const request = new Request('http://localhost/');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function page(text: string): RenderedPage {
  return { status: 200, headers: [['content-type', 'text/html']], body: new TextEncoder().encode(text).buffer };
}
const text = (rendered: RenderedPage | undefined) => (rendered ? new TextDecoder().decode(rendered.body) : undefined);

/** A render that counts its calls, takes `ms`, and answers "render <n>". */
function countingRender(ms = 0) {
  let calls = 0;
  return {
    calls: () => calls,
    render: async () => {
      calls += 1;
      const n = calls;
      await sleep(ms);
      return page(`render ${n}`);
    },
  };
}

describe('createPageCache', () => {
  test('When many requests ask for one page at once, then it is rendered once and all get it', async () => {
    const { calls, render } = countingRender(30);
    const pageFor = createPageCache({ maxAgeMs: 1_000, maxEntries: 10, render });

    const pages = await Promise.all(Array.from({ length: 20 }, () => pageFor('/\nalice', request)));

    expect(calls()).toBe(1);
    expect(new Set(pages.map(text))).toEqual(new Set(['render 1']));
  });

  test('When two visitors ask for the page, then each gets a render of their own', async () => {
    const { calls, render } = countingRender();
    const pageFor = createPageCache({ maxAgeMs: 1_000, maxEntries: 10, render });

    await pageFor('/\nalice', request);
    await pageFor('/\nbob', request);

    expect(calls()).toBe(2);
  });

  test('When the page is older than maxAgeMs from the start of its render, then it is rendered again', async () => {
    // The render itself takes 60 of the 100 ms: the answer is kept for the 40 ms left, not for 100 ms more.
    const { calls, render } = countingRender(60);
    const pageFor = createPageCache({ maxAgeMs: 100, maxEntries: 10, render });

    expect(text(await pageFor('/\n', request))).toBe('render 1');
    expect(text(await pageFor('/\n', request))).toBe('render 1');
    await sleep(50);

    expect(text(await pageFor('/\n', request))).toBe('render 2');
    expect(calls()).toBe(2);
  });

  test('When the render takes longer than maxAgeMs, then the waiting requests get it and the next one renders again', async () => {
    const { calls, render } = countingRender(40);
    const pageFor = createPageCache({ maxAgeMs: 20, maxEntries: 10, render });

    const [first, second] = await Promise.all([pageFor('/\n', request), pageFor('/\n', request)]);
    await sleep(5);
    const third = await pageFor('/\n', request);

    expect([text(first), text(second), text(third)]).toEqual(['render 1', 'render 1', 'render 2']);
    expect(calls()).toBe(2);
  });

  test('When the render gives nothing to share (an error page), then nothing is kept', async () => {
    let calls = 0;
    const pageFor = createPageCache({
      maxAgeMs: 1_000,
      maxEntries: 10,
      render: async () => {
        calls += 1;
        return undefined;
      },
    });

    expect(await pageFor('/\n', request)).toBeUndefined();
    expect(await pageFor('/\n', request)).toBeUndefined();
    expect(calls).toBe(2);
  });
});
