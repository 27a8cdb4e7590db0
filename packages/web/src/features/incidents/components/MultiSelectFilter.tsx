import { Dropdown, Field, Option } from '@fluentui/react-components';
import { label as optionLabel } from '../queue-model.ts';

export interface MultiSelectFilterProps {
  label: string;
  className?: string | undefined;
  options: readonly string[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
}

/** A queue filter over a fixed set of values (status, severity, classification...): none selected means any. */
export function MultiSelectFilter({ label, className, options, selected, onChange }: MultiSelectFilterProps) {
  return (
    <Field label={label} className={className}>
      <Dropdown multiselect value={selected.map(optionLabel).join(', ') || 'Any'} selectedOptions={[...selected]} onOptionSelect={(_, d) => onChange(d.selectedOptions)}>
        {options.map((s) => (
          <Option key={s} value={s}>
            {optionLabel(s)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
