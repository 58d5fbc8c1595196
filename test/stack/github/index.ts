export * from './double.js';
export * from './render.js';
export * from './virtual-clock.js';
