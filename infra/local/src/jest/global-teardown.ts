// jest globalTeardown: stops the engines global-setup started and removes their temp dir.
import { rm } from 'node:fs/promises';
import { takeState } from './engines-state';

export = async function globalTeardown(): Promise<void> {
  const state = takeState();
  if (!state) return;
  await state.engines.stop();
  await rm(state.tempDir, { recursive: true, force: true });
};
