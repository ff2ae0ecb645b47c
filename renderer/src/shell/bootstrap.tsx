import { createContext, useContext } from 'react';
import type { Bootstrap, User } from '../../../shared/contract/schemas';

export interface AppContextValue {
  user: User;
  boot: Bootstrap;
  refreshBoot(): void;
  openClient(clientId: string): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}
