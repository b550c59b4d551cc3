/** The exporter's evidence endpoint for one sprint of one team (`GET /api/v1/teams/{team}/sprints/{sprint}/evidence`). */
export function evidenceUrl(baseUrl: string, team: string, sprint: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '');
  return `${base}/api/v1/teams/${encodeURIComponent(team)}/sprints/${encodeURIComponent(sprint)}/evidence`;
}
