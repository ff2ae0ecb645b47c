// Idle sign-out in the window: the user's keys and pointer count as use (reported to the core at most once a
// minute with session.touch, so the core knows a long form is being typed); after the administrator's idle time
// without use the window signs out. The core ends an unused session by itself too ('session.ended').
import { useEffect, useRef } from 'react';
import { client } from '../api/client';

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const TOUCH_EVERY_MS = 60_000;
const CHECK_EVERY_MS = 5_000;

export function useIdleSignOut(active: boolean, onEnded: (idleMinutes: number) => void): void {
  const ended = useRef(onEnded);
  ended.current = onEnded;
  useEffect(() => {
    if (!active) return;
    let idleMinutes = 15;
    let stopped = false;
    let lastInput = Date.now();
    let lastTouch = Date.now();
    client.invoke('session.policy', {}).then(
      (p) => (idleMinutes = p.idleMinutes),
      () => undefined,
    );
    const end = () => {
      if (stopped) return;
      stopped = true;
      void client
        .invoke('session.signOut', {})
        .catch(() => undefined)
        .finally(() => ended.current(idleMinutes));
    };
    const onInput = () => {
      lastInput = Date.now();
      if (lastInput - lastTouch >= TOUCH_EVERY_MS) {
        lastTouch = lastInput;
        void client.invoke('session.touch', {}).catch(() => undefined);
      }
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    const timer = setInterval(() => Date.now() - lastInput >= idleMinutes * 60_000 && end(), CHECK_EVERY_MS);
    const off = client.on('session.ended', () => {
      stopped = true;
      ended.current(idleMinutes);
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      off();
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, [active]);
}
