export { parseQuery } from './parser/statements.ts';
