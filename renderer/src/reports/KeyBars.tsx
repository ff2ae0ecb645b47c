// Chart bars the keyboard reaches: each bar with cases is a button (an SVG path with role="button", its name the
// figure's series, bucket and count) in one tab stop per chart (roving tabindex): Tab enters the chart, the
// arrow keys move along a series (left/right) and between the series of the same bucket (up/down), Home/End go
// to the first and last bar, and Enter or Space opens the cases behind the bar, as a click does.
import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  fill?: string;
  index?: number;
  payload?: Record<string, unknown> & { bucket: string };
}

/** A recharts `shape` for one series: the bar as a focusable button, none where the bucket has no cases. */
export function keyBar(series: number, dataKey: string, name: (row: { bucket: string }, value: number) => string, onOpen: (row: { bucket: string }) => void) {
  function KeyBar(p: ShapeProps) {
    const row = p.payload;
    const value = row ? Number(row[dataKey] ?? 0) : 0;
    const w = p.width ?? 0;
    const h = p.height ?? 0;
    if (!row || !(value > 0) || !(Math.abs(w) > 0) || !(Math.abs(h) > 0)) return <g />;
    const x = p.x ?? 0;
    const y = p.y ?? 0;
    const activate = () => onOpen(row);
    return (
      <path
        d={`M${x},${y}h${w}v${h}h${-w}Z`}
        fill={p.fill}
        className="key-bar"
        data-bar=""
        data-series={series}
        data-index={p.index ?? 0}
        role="button"
        aria-label={name(row, value)}
        onClick={activate}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            activate();
          }
        }}
      />
    );
  }
  return KeyBar;
}

const bars = (root: HTMLElement) => [...root.querySelectorAll<SVGElement>('[data-bar]')];
const pos = (el: Element) => ({ s: Number(el.getAttribute('data-series')), i: Number(el.getAttribute('data-index')) });

/** The chart's box: a group named by the figure, with the keyboard's way through its bars. */
export function KeyChart({ label, hint, children }: { label: string; hint: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // One tab stop: the bar last focused, else the first. Recharts draws the bars after its own measuring (and
  // again on a resize), so the tab stops are set whenever bars come or go.
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    const settle = () => {
      const list = bars(root);
      if (list.length === 0) return;
      const current = list.find((b) => b.getAttribute('tabindex') === '0') ?? list[0]!;
      for (const b of list) if (b.getAttribute('tabindex') !== (b === current ? '0' : '-1')) b.setAttribute('tabindex', b === current ? '0' : '-1');
    };
    settle();
    const watch = new MutationObserver(settle);
    watch.observe(root, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const root = ref.current;
    const from = e.target as Element;
    if (!root || !from.hasAttribute('data-bar')) return;
    const list = bars(root);
    const here = pos(from);
    let next: SVGElement | undefined;
    const sameSeries = list.filter((b) => pos(b).s === here.s).sort((a, b) => pos(a).i - pos(b).i);
    const sameBucket = list.filter((b) => pos(b).i === here.i).sort((a, b) => pos(a).s - pos(b).s);
    const step = (arr: SVGElement[], d: number) => arr[arr.indexOf(from as SVGElement) + d];
    if (e.key === 'ArrowRight') next = step(sameSeries, 1);
    else if (e.key === 'ArrowLeft') next = step(sameSeries, -1);
    else if (e.key === 'ArrowUp') next = step(sameBucket, 1) ?? step(list, -1);
    else if (e.key === 'ArrowDown') next = step(sameBucket, -1) ?? step(list, 1);
    else if (e.key === 'Home') next = list[0];
    else if (e.key === 'End') next = list[list.length - 1];
    else return;
    e.preventDefault();
    if (!next) return;
    for (const b of list) b.setAttribute('tabindex', b === next ? '0' : '-1');
    next.focus();
  };
  const hintId = useRef(`keyhint-${Math.random().toString(36).slice(2)}`).current;
  return (
    <div ref={ref} className="chart" role="group" aria-label={label} aria-describedby={hintId} onKeyDown={onKeyDown}>
      <span id={hintId} className="visually-hidden">
        {hint}
      </span>
      {children}
    </div>
  );
}
