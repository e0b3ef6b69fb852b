import type { Engines } from '../engines/start-engines';

/** What global-setup leaves for global-teardown (jest runs both in the same context, so a global carries it). */
export interface EnginesState {
  engines: Engines;
  tempDir: string;
}

const KEY = Symbol.for('ticketing.local.jest-engines');

export function saveState(state: EnginesState): void {
  (globalThis as Record<symbol, unknown>)[KEY] = state;
}

export function takeState(): EnginesState | undefined {
  const holder = globalThis as Record<symbol, unknown>;
  const state = holder[KEY] as EnginesState | undefined;
  delete holder[KEY];
  return state;
}
