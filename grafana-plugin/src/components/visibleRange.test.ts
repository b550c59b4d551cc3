import { OVERSCAN, visibleRange } from './visibleRange';

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan at the top of the list', () => {
    expect(visibleRange(50, 80, 0, 400)).toEqual({ first: 0, end: 5 + OVERSCAN });
  });

  it('follows the scroll position', () => {
    // Rows 10 (top edge at 800) to 15 (bottom edge at 1280 > 800 + 400) are in view.
    expect(visibleRange(50, 80, 800, 400)).toEqual({ first: 10 - OVERSCAN, end: 15 + OVERSCAN });
  });

  it('stays within the list', () => {
    expect(visibleRange(12, 80, 600, 400)).toEqual({ first: 7 - OVERSCAN, end: 12 });
    expect(visibleRange(0, 80, 0, 400)).toEqual({ first: 0, end: 0 });
  });
});
