import { Checkbox, Typography } from '@strapi/design-system';
import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  checked: boolean;
  disabled?: boolean;
  onCheckedChange(value: boolean | 'indeterminate'): void;
}

/**
 * A checkbox whose row is its tap target: the label wraps the box and its words and is at least
 * 40 px high, so a tap anywhere on it toggles the box (the design system's box alone is 20 px).
 */
export const LabelledCheckbox = ({ children, checked, disabled, onCheckedChange }: Props) => (
  <label style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 40, cursor: disabled ? 'default' : 'pointer' }}>
    <Checkbox checked={checked} disabled={disabled} onCheckedChange={onCheckedChange} />
    <Typography variant="omega" textColor={disabled ? 'neutral600' : 'neutral800'}>
      {children}
    </Typography>
  </label>
);
