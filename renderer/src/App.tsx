import { useEffect, useState } from 'react';
import type { User } from '../../shared/contract/schemas';
import { client } from './api/client';
import { setLanguage } from './i18n';
import { Login } from './shell/Login';
import { Shell } from './shell/Shell';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    client.invoke('session.current', {}).then(setUser, () => setUser(null));
  }, []);

  const signedIn = (u: User) => {
    setLanguage(u.language);
    setUser(u);
  };

  if (user === undefined) return null;
  if (!user) return <Login onSignedIn={signedIn} />;
  return <Shell user={user} onUserChange={setUser} onSignOut={() => setUser(null)} />;
}
