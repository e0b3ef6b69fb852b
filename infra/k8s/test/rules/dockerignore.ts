// .dockerignore as Docker reads it (moby/patternmatcher): one pattern a line, `#` comments, a leading `/` ignored,
// `*` and `?` within one path segment, `**` across any number of segments, `!` re-includes, the last matching pattern
// wins, and a pattern that matches a folder excludes everything under it.
import { DockerfileError } from './dockerfile';

interface Pattern {
  source: string;
  negate: boolean;
  regex: RegExp;
}

function toRegex(glob: string): RegExp {
  if (/[[\]\\]/.test(glob))
    throw new DockerfileError(`.dockerignore: "${glob}": character classes and escapes are not interpreted`);
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (char === '*') {
      out += '[^/]*';
    } else if (char === '?') {
      out += '[^/]';
    } else {
      out += char.replace(/[.+^${}()|]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

function parsePatterns(text: string): Pattern[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const glob = (negate ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { source: line, negate, regex: toRegex(glob) };
    });
}

export interface IgnoreMatcher {
  /** True when the path (relative to the context, `/`-separated) is left out of the build context. */
  ignores(relativePath: string): boolean;
  /** True when some pattern re-includes (`!`): then an excluded folder must still be walked. */
  hasExceptions: boolean;
}

export function createIgnoreMatcher(text: string): IgnoreMatcher {
  const patterns = parsePatterns(text);
  return {
    hasExceptions: patterns.some((p) => p.negate),
    ignores(relativePath) {
      const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
      // The path itself and each folder above it: a matching folder excludes what it holds.
      const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
      let ignored = false;
      for (const pattern of patterns) {
        if (candidates.some((candidate) => pattern.regex.test(candidate))) ignored = !pattern.negate;
      }
      return ignored;
    },
  };
}
