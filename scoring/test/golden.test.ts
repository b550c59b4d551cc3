import { evaluateTeam, parseTime, toIso } from '../src';
import { buildHistory } from '../src/measure';
import { differences, goldenVectors } from './golden';

describe('golden vectors through the contract model', () => {
  it('has the scenarios the contract promises to cover', () => {
    expect(goldenVectors.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(goldenVectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const result = evaluateTeam(vector.events, vector.calendar, vector.contract, vector.link, parseTime(vector.asOf));

    it('yields the expected sprints', () => {
      expect(result.sprints.map((s) => s.name)).toEqual(vector.expected.sprints.map((s) => s.name));
      result.sprints.forEach((sprint, i) => {
        const expected = vector.expected.sprints[i]!;
        const actual = {
          name: sprint.name,
          index: sprint.index,
          start: toIso(sprint.start).replace('.000Z', 'Z'),
          end: toIso(sprint.end).replace('.000Z', 'Z'),
          status: sprint.status,
          score: sprint.score,
          credited: sprint.credited,
          atRisk: sprint.atRisk,
          tiers: sprint.tiers,
          measurements: sprint.measurements,
        };
        expect(differences(actual, expected)).toEqual([]);
      });
    });

    it('yields the expected team totals', () => {
      const { credits, lowStreak, atRisk, creditsIfNextLow } = result;
      expect({ credits, lowStreak, atRisk, creditsIfNextLow }).toEqual({
        credits: vector.expected.credits,
        lowStreak: vector.expected.lowStreak,
        atRisk: vector.expected.atRisk,
        creditsIfNextLow: vector.expected.creditsIfNextLow,
      });
    });

    if (vector.expected.incidents) {
      it('links incidents as expected', () => {
        const { linked } = buildHistory(vector.events, vector.link);
        const incidents = linked.incidents.map((i) => ({
          id: i.id,
          deploymentId: i.deploymentId ?? null,
          ...(i.linkedBy && { linkedBy: i.linkedBy }),
          ...(i.unlinkedReason && { unlinkedReason: i.unlinkedReason }),
        }));
        expect(incidents).toEqual(vector.expected.incidents);
      });
    }
  });
});
