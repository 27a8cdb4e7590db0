/**
 * Monaco with the Kusto language (@kusto/monaco-kusto), loaded lazily by the hunting page only: this module
 * and everything it imports land in their own chunks. The Kusto language service runs in its own worker
 * (a Vite worker entry); it gives colours and completion of tables, columns and functions from our schema.
 * Diagnostics come from our own compiler, so the service's markers are replaced by ours.
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import KustoWorker from './kusto-worker.ts?worker';
import { getKustoWorker, kustoDefaults, themeNames } from '@kusto/monaco-kusto';
import type { EngineSchema, Database } from '@kusto/monaco-kusto';
import type { KqlDiagnostic, SchemaTable } from './api.ts';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

window.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'kusto' ? new KustoWorker() : new EditorWorker()),
};

kustoDefaults.setLanguageSettings({
  ...kustoDefaults.languageSettings,
  includeControlCommands: false,
  newlineAfterPipe: true,
  useIntellisenseV2: true,
  useSemanticColorization: true,
  useTokenColorization: true,
  enableHover: true,
  completionOptions: { includeExtendedSyntax: false },
});

const OUR_MARKERS = 'palisade-kql';

// The Kusto service validates against Azure Data Explorer's language, which differs from ours in places
// (our functions, our row cap); the compiler that runs the query is the one that speaks.
monaco.editor.onDidChangeMarkers((uris) => {
  for (const uri of uris) {
    const model = monaco.editor.getModel(uri);
    if (model && monaco.editor.getModelMarkers({ owner: 'kusto', resource: uri }).length > 0) monaco.editor.setModelMarkers(model, 'kusto', []);
  }
});

/** The hunting schema as monaco-kusto's Engine schema: one database holding every table. */
export function toKustoSchema(tables: readonly SchemaTable[]): EngineSchema {
  const database: Database = {
    name: 'AdvancedHunting',
    tables: tables.map((t) => ({ name: t.name, entityType: 'Table', docstring: t.description, columns: t.columns.map((c) => ({ name: c.name, type: c.type, docstring: c.description })) })),
    functions: [],
    entityGroups: [],
    majorVersion: 1,
    minorVersion: 0,
  };
  return { clusterType: 'Engine', cluster: { connectionString: 'palisade', databases: [database] }, database };
}

export interface KqlEditorHandle {
  /** Shows the model of a tab (created on first use), keeping each tab's undo stack and cursor. */
  showTab(tabId: string, text: string): void;
  closeTab(tabId: string): void;
  setText(text: string): void;
  setDiagnostics(tabId: string, diagnostics: readonly KqlDiagnostic[]): void;
  setSchema(tables: readonly SchemaTable[]): Promise<void>;
  /** Inserts text at the cursor (schema browser: a table or column name). */
  insert(text: string): void;
  focus(): void;
  layout(): void;
  dispose(): void;
}

export interface KqlEditorOptions {
  onChange: (text: string) => void;
  onRun: () => void;
}

function severityOf(d: KqlDiagnostic): monaco.MarkerSeverity {
  if (d.severity === 'warning') return monaco.MarkerSeverity.Warning;
  if (d.severity === 'info') return monaco.MarkerSeverity.Info;
  return monaco.MarkerSeverity.Error;
}

let editorCount = 0;

export function createKqlEditor(container: HTMLElement, options: KqlEditorOptions): KqlEditorHandle {
  // Each editor names its models apart: a disposed editor's models live on a while (see dispose).
  const instance = ++editorCount;
  const models = new Map<string, monaco.editor.ITextModel>();
  const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  let current: string | undefined;
  let applying = false;
  const editor = monaco.editor.create(container, {
    language: 'kusto',
    theme: themeNames.light,
    ariaLabel: 'Query editor',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    lineNumbers: 'on',
    scrollBeyondLastLine: false,
    wordWrap: 'on',
    fixedOverflowWidgets: true,
    tabFocusMode: false,
    accessibilitySupport: 'auto',
    'semanticHighlighting.enabled': true,
  });
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => options.onRun());
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  editor.onDidChangeModelContent(() => {
    if (!applying) options.onChange(editor.getValue());
  });

  const modelFor = (tabId: string, text: string): monaco.editor.ITextModel => {
    let m = models.get(tabId);
    if (!m) {
      m = monaco.editor.createModel(text, 'kusto', monaco.Uri.parse(`inmemory://palisade/hunting/${instance}/${encodeURIComponent(tabId)}.kql`));
      models.set(tabId, m);
    }
    return m;
  };

  return {
    showTab(tabId, text) {
      if (current === tabId) return;
      if (current !== undefined) viewStates.set(current, editor.saveViewState());
      const m = modelFor(tabId, text);
      applying = true;
      if (m.getValue() !== text) m.setValue(text);
      editor.setModel(m);
      applying = false;
      const vs = viewStates.get(tabId);
      if (vs) editor.restoreViewState(vs);
      current = tabId;
    },
    closeTab(tabId) {
      models.get(tabId)?.dispose();
      models.delete(tabId);
      viewStates.delete(tabId);
      if (current === tabId) current = undefined;
    },
    setText(text) {
      const m = editor.getModel();
      if (!m || m.getValue() === text) return;
      applying = true;
      editor.executeEdits('palisade', [{ range: m.getFullModelRange(), text }]);
      editor.pushUndoStop();
      applying = false;
    },
    setDiagnostics(tabId, diagnostics) {
      const m = models.get(tabId);
      if (!m) return;
      monaco.editor.setModelMarkers(
        m,
        OUR_MARKERS,
        diagnostics.map((d) => {
          const endLine = d.endLine ?? d.line;
          let endColumn = d.endColumn ?? d.column + 1;
          // A zero-width span still gets a visible squiggle.
          if (endLine === d.line && endColumn <= d.column) endColumn = d.column + 1;
          return { severity: severityOf(d), message: d.message, code: d.code, startLineNumber: d.line, startColumn: d.column, endLineNumber: endLine, endColumn, source: 'Palisade KQL' };
        }),
      );
    },
    async setSchema(tables) {
      const m = editor.getModel();
      if (!m) return;
      const accessor = await getKustoWorker();
      const worker = await accessor(m.uri);
      await worker.setSchema(toKustoSchema(tables));
    },
    insert(text) {
      const sel = editor.getSelection();
      if (!sel) return;
      editor.executeEdits('palisade', [{ range: sel, text, forceMoveMarkers: true }]);
      editor.focus();
    },
    focus() {
      editor.focus();
    },
    layout() {
      editor.layout();
    },
    dispose() {
      editor.dispose();
      // The Kusto language service validates a model 500 ms after an edit and reads the model again when the
      // worker answers; a model disposed in between makes it throw (getModel(uri) is null). Leaving a page
      // right after typing does that, so the models go a while later, once any such answer is in.
      const left = [...models.values()];
      models.clear();
      setTimeout(() => {
        for (const m of left) if (!m.isDisposed()) m.dispose();
      }, 30_000);
    },
  };
}
