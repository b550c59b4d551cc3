/**
 * A page that loads the BUILT plugin (dist/module.js, an AMD module) the way Grafana does — by handing its
 * define() the shared libraries — and renders its panel inside @grafana/data's theme provider with recorded frames.
 * Everything Grafana would supply is bundled here, with exactly one React.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import {
  type DataFrameJSON,
  type PanelPlugin,
  type PanelProps,
  ThemeContext,
  createTheme,
  dataFrameFromJSON,
} from '@grafana/data';
import * as grafanaUi from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import { computePanelModel } from '../../src/data/model';
import { DEFAULT_OPTIONS } from '../../src/defaults';
import { panelProps } from '../support/panelProps';

type AmdFactory = (...deps: unknown[]) => { plugin: PanelPlugin };

const SHARED: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': jsxRuntime,
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
};

function loadPlugin(url: string): Promise<PanelPlugin> {
  return new Promise((resolve, reject) => {
    const define = (deps: string[], factory: AmdFactory) => {
      const missing = deps.filter((d) => d !== 'module' && !(d in SHARED));
      if (missing.length) return reject(new Error(`module.js needs modules Grafana would provide: ${missing}`));
      resolve(factory(...deps.map((d) => (d === 'module' ? { uri: url } : SHARED[d]))).plugin);
    };
    Object.assign(define, { amd: {} });
    Object.assign(window, { define });
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    document.head.appendChild(script);
  });
}

export interface Fixture {
  asOf: number;
  frames: DataFrameJSON[];
}

interface HarnessApi {
  /** Renders the panel; resolves once React has committed. */
  render(fixture: Fixture, opts: { theme: 'light' | 'dark'; options?: object; width?: number; height?: number }): void;
  /**
   * Milliseconds for the panel to compute, commit and lay out, frames already decoded (Grafana decodes them before
   * the panel sees them): a first render after `timeUnmount`, otherwise an update with new frames.
   */
  timeRender(fixture: Fixture, opts: { options?: object }): number;
  /** Unmounts the panel and returns the milliseconds it took. */
  timeUnmount(): number;
  /** Milliseconds for the data layer alone (the same source as the built panel's, bundled here), frames decoded. */
  timeCompute(fixture: Fixture): number;
}

async function main() {
  const plugin = await loadPlugin('/dist/module.js');
  const Panel = plugin.panel as React.ComponentType<PanelProps>;
  const root = createRoot(document.getElementById('root')!);
  let theme = createTheme({ colors: { mode: 'dark' } });

  const element = (
    fixture: Fixture,
    opts: { options?: object; width?: number; height?: number },
    frames = fixture.frames.map(dataFrameFromJSON),
  ) => {
    const props = panelProps(frames, fixture.asOf, { options: opts.options ?? {} });
    props.width = opts.width ?? 1200;
    props.height = opts.height ?? 500;
    document.body.style.background = theme.colors.background.canvas;
    return (
      <ThemeContext.Provider value={theme}>
        <div
          id="panel"
          style={{
            width: props.width,
            padding: 8,
            background: theme.colors.background.primary,
            color: theme.colors.text.primary,
            fontFamily: theme.typography.fontFamily,
          }}
        >
          <Panel {...props} />
        </div>
      </ThemeContext.Provider>
    );
  };

  const api: HarnessApi = {
    render(fixture, opts) {
      theme = createTheme({ colors: { mode: opts.theme } });
      flushSync(() => root.render(element(fixture, opts)));
    },
    timeRender(fixture, opts) {
      const frames = fixture.frames.map(dataFrameFromJSON);
      const start = performance.now();
      flushSync(() => root.render(element(fixture, opts, frames)));
      // Reading a layout property makes the browser compute styles and layout now, inside the measurement.
      void document.getElementById('root')!.offsetHeight;
      return performance.now() - start;
    },
    timeUnmount() {
      const start = performance.now();
      flushSync(() => root.render(null));
      return performance.now() - start;
    },
    timeCompute(fixture) {
      const frames = fixture.frames.map(dataFrameFromJSON);
      const start = performance.now();
      computePanelModel(frames, DEFAULT_OPTIONS, fixture.asOf);
      return performance.now() - start;
    },
  };
  Object.assign(window, { harness: api });
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  document.body.dataset.error = String(e?.stack ?? e);
});
