import { LoadingState } from '@grafana/data';
import { fireEvent, render, screen, within } from '@testing-library/react';
import React from 'react';
import { panelProps } from '../../test/support/panelProps';
import { tableFrame } from '../../test/support/promFrames';
import { SCENARIO_AS_OF, SCENARIO_TEAMS, scenarioSeries, vectorNamed } from '../../test/support/scenario';
import { TEST_IDS } from '../constants';
import { SprintScorePanel } from './SprintScorePanel';

const frames = [tableFrame(scenarioSeries(), SCENARIO_AS_OF)];

function rowOf(team: string) {
  return screen.getAllByTestId(TEST_IDS.teamRow).find((r) => r.dataset.team === team)!;
}

describe('SprintScorePanel', () => {
  it('shows each team with its credits, at-risk flag and one cell per sprint', () => {
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF)} />);
    for (const [team, name] of Object.entries(SCENARIO_TEAMS)) {
      const expected = vectorNamed(name).expected;
      const row = within(rowOf(team));
      expect(row.getByTestId(TEST_IDS.credits)).toHaveTextContent(String(expected.credits));
      expect(row.queryByTestId(TEST_IDS.atRisk) !== null).toBe(expected.atRisk);
      const cells = row.getAllByTestId(TEST_IDS.cell);
      expect(cells.map((c) => c.dataset.status)).toEqual(expected.sprints.map((s) => s.status));
      expect(cells.map((c) => c.dataset.credited === 'true')).toEqual(expected.sprints.map((s) => s.credited));
    }
    expect(screen.queryByTestId(TEST_IDS.whatIf)).toBeNull();
  });

  it('lists teams with the most credits first by default', () => {
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF)} />);
    const credits = screen.getAllByTestId(TEST_IDS.credits).map((c) => Number(c.textContent));
    expect(credits).toEqual([...credits].sort((a, b) => b - a));
  });

  it('shows only the latest sprints asked for', () => {
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF, { options: { sprintsShown: 3 } })} />);
    const sprints = vectorNamed(SCENARIO_TEAMS.payments!).expected.sprints;
    const cells = within(rowOf('payments')).getAllByTestId(TEST_IDS.cell);
    expect(cells.map((c) => c.dataset.status)).toEqual(sprints.slice(-3).map((s) => s.status));
  });

  it('says plainly when the figures are a what-if rather than the contract', () => {
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF, { options: { lowScoreBelow: 90 } })} />);
    expect(screen.getByTestId(TEST_IDS.whatIf)).toHaveTextContent('low score below 90 (contract: 50)');
  });

  it('links every cell to the evidence API, variables resolved', () => {
    const props = panelProps(frames, SCENARIO_AS_OF, { options: { evidenceBaseUrl: '${exporter}' } });
    render(<SprintScorePanel {...props} />);
    const cell = within(rowOf('search')).getAllByTestId(TEST_IDS.cell)[0]!;
    expect(cell).toHaveAttribute(
      'href',
      `http://exporter:9470/api/v1/teams/search/sprints/${cell.dataset.sprint}/evidence`,
    );
  });

  it('shows the measurements, tiers and bounds of a sprint on hover', async () => {
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF)} />);
    const cell = within(rowOf('checkout')).getAllByTestId(TEST_IDS.cell)[2]!;
    fireEvent.mouseOver(cell);
    fireEvent.focus(cell);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent('Deployment frequency');
    expect(tooltip).toHaveTextContent('Judged against');
    expect(tooltip).toHaveTextContent(`Sprint ${cell.dataset.sprint}`);
  });

  it.each([
    ['no frames', { series: [] }, TEST_IDS.noData],
    [
      'frames without any dora series',
      { series: [tableFrame([{ metric: 'up', labels: {}, value: 1 }], 0)] },
      TEST_IDS.missingSeries,
    ],
    ['a failed query', { state: LoadingState.Error, errors: [{ message: 'bad_data: parse error' }] }, TEST_IDS.error],
    ['a query still running', { state: LoadingState.Loading, series: [] }, TEST_IDS.loading],
  ])('shows a message, not a blank panel, for %s', (_case, data, testId) => {
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF, { data })} />);
    expect(screen.getByTestId(testId)).toBeInTheDocument();
    expect(screen.queryByTestId(TEST_IDS.table)).toBeNull();
  });

  it('names the query error', () => {
    const data = { state: LoadingState.Error, errors: [{ message: 'bad_data: parse error' }] };
    render(<SprintScorePanel {...panelProps(frames, SCENARIO_AS_OF, { data })} />);
    expect(screen.getByTestId(TEST_IDS.error)).toHaveTextContent('bad_data: parse error');
  });
});
