import { PanelPlugin } from '@grafana/data';
import { SprintScorePanel } from './components/SprintScorePanel';
import { migrationHandler } from './migrations';
import { optionsBuilder } from './options';
import type { SprintScoreOptions } from './types';

export const plugin = new PanelPlugin<SprintScoreOptions>(SprintScorePanel)
  .setMigrationHandler(migrationHandler)
  .setPanelOptions(optionsBuilder);
