import { useEffect, useState } from 'react';
import { Combobox, Field, Option } from '@fluentui/react-components';
import { UNASSIGNED } from '../queue-model.ts';

export interface AssignedToFilterProps {
  className?: string | undefined;
  /** The filter now: an email, UNASSIGNED, or undefined (anyone). */
  value: string | undefined;
  /** The signed-in person's email, offered as "Me". */
  me: string | undefined;
  onChange: (value: string | undefined) => void;
}

/** "Assigned to": type an email (Enter or leaving the field applies it), or pick Me or Unassigned. */
export function AssignedToFilter({ className, value, me, onChange }: AssignedToFilterProps) {
  const shown = (v: string | undefined): string => (v === UNASSIGNED ? 'Unassigned' : (v ?? ''));
  const [text, setText] = useState(shown(value));
  useEffect(() => setText(shown(value)), [value]);
  const apply = (raw: string): void => {
    const t = raw.trim();
    const next = t === '' ? undefined : t.toLowerCase() === 'unassigned' ? UNASSIGNED : t;
    if (next !== value) onChange(next);
  };
  return (
    <Field label="Assigned to" className={className}>
      <Combobox
        freeform
        placeholder="Email, Me or Unassigned"
        value={text}
        selectedOptions={value === UNASSIGNED ? [UNASSIGNED] : value !== undefined && value === me ? ['me'] : []}
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, d) => {
          const next = d.optionValue === 'me' ? me : d.optionValue === UNASSIGNED ? UNASSIGNED : undefined;
          setText(shown(next));
          if (next !== value) onChange(next);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply((e.target as HTMLInputElement).value);
        }}
        onBlur={(e) => apply(e.target.value)}
      >
        {me && (
          <Option value="me" text={me}>
            {`Me (${me})`}
          </Option>
        )}
        <Option value={UNASSIGNED} text="Unassigned">
          Unassigned
        </Option>
      </Combobox>
    </Field>
  );
}
