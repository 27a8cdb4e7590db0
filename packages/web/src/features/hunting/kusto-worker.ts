// The Kusto language service (a Bridge.NET build) expects Node's `global` in its worker; alias it first.
import './worker-globals.ts';
import '@kusto/monaco-kusto/release/esm/kusto.worker.js';
