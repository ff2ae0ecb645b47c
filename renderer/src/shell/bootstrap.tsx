import { createContext, useContext } from 'react';
import type { Bootstrap, User } from '../../../shared/contract/schemas';
import type { ConfirmOptions } from '../ui/Dialog';

export interface NoticeOptions {
  /** A button in the notice, e.g. Kumoa (undo). */
  action?: { label: string; run: () => void };
  /** How long the notice stays (default 6 s; 20 s with an action). */
  seconds?: number;
}

export interface AppContextValue {
  user: User;
  boot: Bootstrap;
  refreshBoot(): void;
  openClient(clientId: string): void;
  /** Opens an intake item (the case view) on top of the current view. */
  openItem(itemId: string): void;
  openDecision(decisionId: string): void;
  notify(message: string, kind?: 'info' | 'error', options?: NoticeOptions): void;
  /** Asks before an irreversible or mass action; the text typed ('' without an input) when confirmed, null when not. */
  confirm(options: ConfirmOptions): Promise<string | null>;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}
