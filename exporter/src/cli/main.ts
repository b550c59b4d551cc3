import { ConfigError } from '../config/load';
import { UsageError } from './args';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { replayCommand } from './replay';
import { reportCommand } from './report';
import { serveCommand } from './serve';
import { SURVEYS_USAGE, surveysCommand } from '../surveys/cli';

const USAGE = `usage: dora-guarantee <command> [flags]

commands:
  serve   [--config FILE] [--port N] [--host ADDR] [--data DIR]
          run the exporter; without --config it runs the demo configuration with demo data
  import  FILE.ndjson --config FILE [--data DIR]
          backfill events in the generic event format; idempotent (event ids)
  replay  --config FILE [--data DIR] [--source NAME]
          re-parse the stored raw payloads with the current parsers
  demo    [--data DIR] [--seed N] [--now RFC3339] [--out FILE.ndjson] [--config-out FILE.yaml]
          write a realistic demo history (3 squads x 12+ sprints)
  report  --team NAME [--json|--csv] [--config FILE] [--data DIR]
          the team's sprint table
  ${SURVEYS_USAGE}`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: serveCommand,
  demo: demoCommand,
  import: importCommand,
  replay: replayCommand,
  report: reportCommand,
  surveys: surveysCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`dora-guarantee ${command}: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`dora-guarantee ${command}: ${e.message}\n`);
      return 78; // EX_CONFIG
    }
    throw e;
  }
}

/** Runs the CLI as a process: exit code from the command, stack trace only for unexpected failures. */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`dora-guarantee: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
