/**
 * The API's wire shapes, declared once for the server (which produces them) and the web app (which reads them).
 * Only what crosses HTTP belongs here; each side keeps its internal types to itself.
 */
export * from './alert-details.ts';
export * from './entities.ts';
export * from './indicators.ts';
export * from './incident-timeline.ts';
