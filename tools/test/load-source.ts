import type { ModuleLoader } from '../src/service-registry';

/**
 * Loads a service's TypeScript events module through jest's transform, in a module registry of its own: each
 * service gets its own mongoose and its own modules, as in its own process.
 */
export const loadSourceIsolated: ModuleLoader = (file) => {
  let loaded: unknown;
  jest.isolateModules(() => {
    loaded = require(file);
  });
  return loaded;
};
