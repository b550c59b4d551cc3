/** Test ids shared by the component, the jest tests and the browser test. */
export const TEST_IDS = {
  panel: 'sprint-score-panel',
  table: 'sprint-score-table',
  teamRow: 'sprint-score-team',
  credits: 'sprint-score-credits',
  atRisk: 'sprint-score-at-risk',
  cell: 'sprint-score-cell',
  whatIf: 'sprint-score-what-if',
  teamNotes: 'sprint-score-team-notes',
  noData: 'sprint-score-no-data',
  missingSeries: 'sprint-score-missing-series',
  error: 'sprint-score-error',
  loading: 'sprint-score-loading',
} as const;
