import { spawn } from 'node:child_process';
import type { LogLine } from './types';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Each output line goes here (progress for slow installs); omitted, output is only kept for the error. */
  log?: LogLine;
  timeoutMs?: number;
}

/** The command's process, its output piped to us, with the options' directory, environment and timeout. */
function spawnPiped(command: string, args: string[], options: RunOptions) {
  return spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs,
  });
}

/** Runs a command to completion; resolves its stdout, or rejects with the command line and its last output lines. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnPiped(command, args, options);
    let stdout = '';
    const tail: string[] = [];
    const collect = (keep: boolean) => {
      let partial = '';
      return (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        if (keep) stdout += text;
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          tail.push(line);
          if (tail.length > 20) tail.shift();
          if (options.log && line.trim()) options.log(`  ${line}`);
        }
      };
    };
    child.stdout.on('data', collect(true));
    child.stderr.on('data', collect(false));
    child.on('error', (error) => reject(new Error(`${command} ${args.join(' ')}: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      reject(new Error(`\`${command} ${args.join(' ')}\` failed with ${how}:\n${tail.join('\n')}`));
    });
  });
}

/** How a command ended: its exit code (null when a signal ended it) and everything it wrote. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end and resolves how it ended, whatever its exit code (what a test of a CLI's failures
 * asserts); rejects only when it cannot be started.
 */
export function runToExit(command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawnPiped(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
