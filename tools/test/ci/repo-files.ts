// The repository as the CI checks read it: file contents and the tracked files below a folder. A test replaces one
// file's text (`withFile`) to show that a check fails when that file changes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/repo';

export interface Repo {
  /** A file's text by repo-relative path, or undefined when there is none. */
  read(file: string): string | undefined;
  /** The files git tracks below a folder (repo-relative, `/`-separated): what a pull request can change there. */
  trackedFiles(dir: string): string[];
}

/** The working tree of this repository. */
export function workingTree(root = REPO_ROOT): Repo {
  // The file lists are read once per folder: every check asks for the same few workspaces.
  const listed = new Map<string, string[]>();
  return {
    read(file) {
      const absolute = path.join(root, file);
      return fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : undefined;
    },
    trackedFiles(dir) {
      let files = listed.get(dir);
      if (files === undefined) {
        files = execFileSync('git', ['ls-files', '-z', '--', dir], { cwd: root, encoding: 'utf8' })
          .split('\0')
          .filter(Boolean);
        listed.set(dir, files);
      }
      return files;
    },
  };
}

/** `repo` with one file's text replaced (or removed, with undefined). */
export function withFile(repo: Repo, file: string, text: string | undefined): Repo {
  return { read: (name) => (name === file ? text : repo.read(name)), trackedFiles: (dir) => repo.trackedFiles(dir) };
}
