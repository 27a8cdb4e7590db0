import type { ReactElement } from 'react';
import { HomeRegular } from '@fluentui/react-icons';
import type { FluentIcon } from '@fluentui/react-icons';
import { HomePage } from '../features/home/HomePage.tsx';

/** One entry of the left navigation. Only screens that work are listed; order follows Defender's. */
export interface NavItem {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly icon: FluentIcon;
  readonly element: ReactElement;
}

export const navigation: readonly NavItem[] = [{ id: 'home', label: 'Home', path: '/', icon: HomeRegular, element: <HomePage /> }];
