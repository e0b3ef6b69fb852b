// The fake's few hosted pages (the 3-D Secure challenge, Connect onboarding): plain, accessible HTML without scripts
// of their own beyond what a page needs to report back.

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A whole page: `title` is escaped, `body` is HTML the caller has escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1f2933}button{font:inherit;padding:.5rem 1rem;margin:0 .5rem .5rem 0}</style>
</head><body><main>${body}</main></body></html>`;
}
