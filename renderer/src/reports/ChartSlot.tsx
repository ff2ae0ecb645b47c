// How Raportit's charts are drawn quickly: one chart per turn (those in view each painted before the next), those
// in view first and the rest right after (or as soon as they are scrolled into view), each at the exact width of its box measured once before it is
// drawn (recharts' ResponsiveContainer drew every chart twice: at a guessed width, then at the measured one).
// Until its turn a chart is a box of the same size, so nothing on the page moves. Printing draws every chart
// at once. warmCharts() draws one small chart out of sight while the user is busy elsewhere, so the first real
// chart does not also pay for compiling the charting code.
import { cloneElement, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';

export const CHART_HEIGHT = 240;
const MIN_WIDTH = 200;

interface Waiting {
  inView: boolean;
  go: () => void;
}

// Charts waiting for their turn, in the order they asked (the page's order). A turn is given when the previous
// chart has been painted (a frame, then a task), so the page stays responsive and charts appear one by one.
const waiting = new Set<Waiting>();
let busy = false;

function pump() {
  if (busy) return;
  const next = [...waiting].find((w) => w.inView) ?? waiting.values().next().value;
  if (!next) return;
  waiting.delete(next);
  busy = true;
  next.go();
  const after = () => {
    busy = false;
    pump();
  };
  // A chart in view is painted before the next is drawn; one out of view needs no paint, only a free turn.
  if (next.inView) requestAnimationFrame(() => setTimeout(after, 0));
  else setTimeout(after, 0);
}

if (typeof window !== 'undefined')
  window.addEventListener('beforeprint', () => {
    // A printed report carries every chart: all drawn now, before the page is laid out for printing.
    const all = [...waiting];
    waiting.clear();
    flushSync(() => all.forEach((w) => w.go()));
  });

/** A chart (a recharts chart element) drawn in its turn at its box's width and CHART_HEIGHT. */
export function ChartSlot({ children }: { children: ReactElement<{ width?: number; height?: number }> }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [drawn, setDrawn] = useState(false);

  // The width before the first paint, and again whenever the box changes size (window, sidebar, print).
  useLayoutEffect(() => {
    const el = ref.current!;
    const measure = () => setWidth(Math.max(MIN_WIDTH, Math.floor(el.getBoundingClientRect().width)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (drawn) return;
    const el = ref.current!;
    const me: Waiting = { inView: false, go: () => setDrawn(true) };
    const io = new IntersectionObserver((entries) => {
      me.inView = entries.some((e) => e.isIntersecting);
      pump();
    });
    io.observe(el);
    waiting.add(me);
    // The observer's first report comes after layout; a chart clearly in view need not wait for it.
    const r = el.getBoundingClientRect();
    me.inView = r.top < window.innerHeight && r.bottom > 0;
    pump();
    return () => {
      io.disconnect();
      waiting.delete(me);
    };
  }, [drawn]);

  return (
    <div ref={ref} className="chart-slot" style={{ height: CHART_HEIGHT }}>
      {drawn && width > 0 ? cloneElement(children, { width, height: CHART_HEIGHT }) : null}
    </div>
  );
}

let warmed = false;

/** Draws one small chart of the kinds Raportit uses out of sight and removes it (run when the browser is idle). */
export function warmCharts(): void {
  if (warmed || typeof document === 'undefined') return;
  warmed = true;
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:400px;height:200px;visibility:hidden;pointer-events:none';
  document.body.appendChild(host);
  const root = createRoot(host);
  const data = [
    { label: 'a', x: 1, y: 2 },
    { label: 'b', x: 3, y: 1 },
  ];
  flushSync(() =>
    root.render(
      <>
        <BarChart width={400} height={200} data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="x" stackId="a" isAnimationActive={false} />
          <Bar dataKey="y" stackId="a" isAnimationActive={false} />
        </BarChart>
        <BarChart width={400} height={200} data={data} layout="vertical" accessibilityLayer={false}>
          <XAxis type="number" />
          <YAxis type="category" dataKey="label" />
          <Bar dataKey="x" isAnimationActive={false} />
        </BarChart>
      </>,
    ),
  );
  // Recharts finishes its drawing in effects; let them run, then take the chart away.
  setTimeout(() => {
    root.unmount();
    host.remove();
  }, 200);
}
