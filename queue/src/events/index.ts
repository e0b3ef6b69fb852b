/** What queue publishes (DESIGN §5): nothing; its rooms are read over HTTP. The flow map reads this. */
export const publishes = [] as const;
export { listeners } from './listeners';
