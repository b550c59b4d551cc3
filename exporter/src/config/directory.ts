/**
 * Maps what a payload says (service, repository) to configured label values. Anything the configuration does not
 * know becomes "unassigned", so no payload can mint a new series.
 */
export const UNASSIGNED = 'unassigned';
export const OTHER_ENVIRONMENT = 'other';

export interface Assignment {
  team: string;
  service: string;
  assigned: boolean;
}

export interface TeamMapping {
  name: string;
  services: readonly string[];
  repositories: Readonly<Record<string, string>>;
}

export class TeamDirectory {
  private readonly teamOfService = new Map<string, string>();
  private readonly serviceOfRepository = new Map<string, string>();
  private readonly environments: Set<string>;

  constructor(
    readonly teams: readonly TeamMapping[],
    environments: readonly string[],
  ) {
    for (const team of teams) {
      for (const service of team.services) this.teamOfService.set(service, team.name);
      for (const [repo, service] of Object.entries(team.repositories)) {
        this.serviceOfRepository.set(repo.toLowerCase(), service);
      }
    }
    this.environments = new Set(environments.map((e) => e.toLowerCase()));
  }

  teamNames(): string[] {
    return this.teams.map((t) => t.name);
  }

  /** Services are matched exactly; repositories case-insensitively (GitHub treats them so). */
  assign(ref: { service?: string | undefined; repository?: string | undefined }): Assignment {
    const service =
      (ref.service !== undefined && this.teamOfService.has(ref.service) ? ref.service : undefined) ??
      (ref.repository !== undefined ? this.serviceOfRepository.get(ref.repository.toLowerCase()) : undefined);
    if (service === undefined) return { team: UNASSIGNED, service: UNASSIGNED, assigned: false };
    return { team: this.teamOfService.get(service) as string, service, assigned: true };
  }

  isTeam(name: string): boolean {
    return this.teams.some((t) => t.name === name);
  }

  /** The environment as a label value: a configured name, else "other". */
  environmentLabel(environment: string): string {
    const env = environment.toLowerCase();
    return this.environments.has(env) ? env : OTHER_ENVIRONMENT;
  }
}
