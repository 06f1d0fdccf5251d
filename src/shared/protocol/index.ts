export * from './version';
export * from './messages';
export * from './inventory';
export * from './codec';
export * from './linkTiming';
