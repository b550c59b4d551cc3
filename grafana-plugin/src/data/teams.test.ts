import { FieldType, toDataFrame } from '@grafana/data';
import { groupByTeam } from './teams';

const series = (name: string, labels: Record<string, string>, times: number[], values: Array<number | null>) =>
  toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      { name: 'Value', type: FieldType.number, labels: { __name__: name, ...labels }, values },
    ],
  });

describe('groupByTeam', () => {
  it('keeps the latest non-null value of a series, whatever order the steps come in', () => {
    const frame = series('dora_guarantee_credits', { team: 'a' }, [3000, 1000, 4000, 2000], [5, 1, null, 2]);
    expect(groupByTeam([frame]).teams[0]!.publishedCredits).toBe(5);
  });

  it('treats the same series scraped twice as one, the latest value winning', () => {
    const frames = [
      series('dora_guarantee_credits', { team: 'a', instance: 'x:9470' }, [1000], [1]),
      series('dora_guarantee_credits', { team: 'a', instance: 'y:9470' }, [2000], [2]),
    ];
    expect(groupByTeam(frames).teams.map((t) => [t.team, t.publishedCredits])).toEqual([['a', 2]]);
  });

  it('takes the newest contract when it changed within the range', () => {
    const frames = [
      series('dora_guarantee_info', { team: 'a', low_score_below: '50' }, [1000], [1]),
      series('dora_guarantee_info', { team: 'a', low_score_below: '60' }, [2000], [1]),
    ];
    expect(groupByTeam(frames).teams[0]!.info).toEqual({ team: 'a', low_score_below: '60' });
  });

  it('ignores series without a team label but still counts their family as present', () => {
    const grouped = groupByTeam([series('dora_sprint_index', { sprint: '2026-01-05' }, [1000], [0])]);
    expect(grouped.teams).toEqual([]);
    expect([...grouped.families]).toEqual(['dora_sprint_index']);
  });
});
