// Entry of an ingest worker thread: the server runs from TypeScript sources through tsx (see
// bin/palisade.js), and a worker thread needs the loader registered in itself before it imports them.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
