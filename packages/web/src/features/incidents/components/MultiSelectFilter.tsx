import { Dropdown, Field, Option } from '@fluentui/react-components';
import { label as enumLabel } from '../queue-model.ts';

export interface MultiSelectFilterProps {
  label: string;
  className?: string | undefined;
  options: readonly string[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  /** How a value reads (default: the enum label, 'inProgress' -> 'In progress'). */
  labelOf?: (value: string) => string;
}

/** A queue filter over a set of values (status, severity, categories, tags...): none selected means any. */
export function MultiSelectFilter({ label, className, options, selected, onChange, labelOf = enumLabel }: MultiSelectFilterProps) {
  // A value chosen earlier (from the URL or a filter set) stays listed even when no longer offered.
  const all = [...options, ...selected.filter((s) => !options.includes(s))];
  return (
    <Field label={label} className={className}>
      <Dropdown multiselect value={selected.map(labelOf).join(', ') || 'Any'} selectedOptions={[...selected]} onOptionSelect={(_, d) => onChange(d.selectedOptions)}>
        {all.map((s) => (
          <Option key={s} value={s} text={labelOf(s)}>
            {labelOf(s)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
