import { useEffect, useState } from 'react';
import type { User } from '../../shared/contract/schemas';
import { client } from './api/client';
import { setLanguage } from './i18n';
import { Login } from './shell/Login';
import { Shell } from './shell/Shell';
import { Startup } from './shell/Startup';
import { useIdleSignOut } from './shell/useIdleSignOut';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  // Minutes of the idle time after which the session just ended, for the sign-in page to say why.
  const [idleEnded, setIdleEnded] = useState<number | null>(null);
  useIdleSignOut(!!user, (minutes) => {
    setIdleEnded(minutes);
    setUser(null);
  });

  useEffect(() => {
    client.invoke('session.current', {}).then(setUser, () => setUser(null));
  }, []);

  const signedIn = (u: User) => {
    setIdleEnded(null);
    setLanguage(u.language);
    setUser(u);
  };

  if (user === undefined) return <Startup />;
  if (!user) return <Login onSignedIn={signedIn} idleEnded={idleEnded} />;
  return <Shell user={user} onUserChange={setUser} onSignOut={() => setUser(null)} />;
}
