/** Rows drawn beyond each edge of the viewport, so a short scroll shows rows already there. */
export const OVERSCAN = 3;

/**
 * The rows [first, end) to render for a list of fixed-height rows scrolled by `scrollTop` in a viewport of
 * `viewportHeight`: a panel of 50 teams shows a handful, and creating the others' thousands of cells was most of
 * its first-render time.
 */
export function visibleRange(count: number, rowHeight: number, scrollTop: number, viewportHeight: number) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const end = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + OVERSCAN);
  return { first, end: Math.max(first, end) };
}
