import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import type { KqlDiagnostic, SchemaTable } from '../api.ts';
import type { KqlEditorHandle } from '../monaco-setup.ts';

const useStyles = makeStyles({
  root: { position: 'relative', height: '100%', minHeight: '120px', border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, overflow: 'hidden' },
  host: { position: 'absolute', inset: 0 },
  loading: { position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' },
});

export interface KqlEditorProps {
  tabId: string;
  value: string;
  diagnostics: readonly KqlDiagnostic[];
  schema: readonly SchemaTable[] | undefined;
  onChange: (text: string) => void;
  onRun: () => void;
}

export interface KqlEditorRef {
  insert(text: string): void;
  focus(): void;
}

/** The KQL editor: Monaco with the Kusto language, loaded on first use. */
export const KqlEditor = forwardRef<KqlEditorRef, KqlEditorProps>(function KqlEditor({ tabId, value, diagnostics, schema, onChange, onRun }, ref) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<KqlEditorHandle>();
  const [failed, setFailed] = useState<string>();
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useImperativeHandle(ref, () => ({ insert: (t) => editor?.insert(t), focus: () => editor?.focus() }), [editor]);

  useEffect(() => {
    let disposed = false;
    let handle: KqlEditorHandle | undefined;
    import('../monaco-setup.ts')
      .then((m) => {
        if (disposed || !host.current) return;
        handle = m.createKqlEditor(host.current, { onChange: (t) => callbacks.current.onChange(t), onRun: () => callbacks.current.onRun() });
        setEditor(handle);
      })
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
    return () => {
      disposed = true;
      handle?.dispose();
    };
  }, []);

  useEffect(() => {
    editor?.showTab(tabId, value);
    // value only seeds a new tab; later edits flow from the editor.
  }, [editor, tabId]);

  useEffect(() => {
    if (editor) editor.setText(value);
  }, [editor, value]);

  useEffect(() => {
    editor?.setDiagnostics(tabId, diagnostics);
  }, [editor, tabId, diagnostics]);

  useEffect(() => {
    if (editor && schema) editor.setSchema(schema).catch((e: unknown) => console.warn('Kusto schema not loaded', e));
  }, [editor, schema, tabId]);

  return (
    <div className={styles.root}>
      <div ref={host} className={styles.host} data-testid="kql-editor" />
      {!editor && <div className={styles.loading}>{failed ? `The editor could not load: ${failed}` : <Spinner size="small" label="Loading editor" />}</div>}
    </div>
  );
});
