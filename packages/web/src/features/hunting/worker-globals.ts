// Evaluated before the Kusto worker's modules (imports run in order): gives them the `global` they expect.
const scope = globalThis as typeof globalThis & { global?: typeof globalThis };
scope.global ??= globalThis;
export {};
