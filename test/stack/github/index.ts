export * from './double.js';
export * from './render.js';
