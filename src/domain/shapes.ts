// TEMPORARY: ui/agenda.ts still names `Refs` here; this file goes when the agenda's JSON moves
// to domain/json/agenda.ts. The shapes are in domain/json/.
export type { Refs } from './json/refs.js';
