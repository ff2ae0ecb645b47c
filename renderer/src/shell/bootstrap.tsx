import { createContext, useContext } from 'react';
import type { Bootstrap, User } from '../../../shared/contract/schemas';

export interface AppContextValue {
  user: User;
  boot: Bootstrap;
  refreshBoot(): void;
  openClient(clientId: string): void;
  /** Opens an intake item (the case view) on top of the current view. */
  openItem(itemId: string): void;
  openDecision(decisionId: string): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}
