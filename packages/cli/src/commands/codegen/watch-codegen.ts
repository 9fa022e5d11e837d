import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { CliError, ExitCode } from '../../cli-error.js';
import { errorMessage } from '../../error-message.js';
import { shown, type Project } from '../../contracts/project-options.js';
import { runCodegen } from './run-codegen.js';

export interface WatchCodegenOptions {
  project: Project;
  print: (line: string) => void;
  printError: (line: string) => void;
  /** Quiet period after the last change before regenerating; editors save in bursts. */
  debounceMs?: number;
}

/**
 * Generates, then regenerates whenever a contract changes, until SIGINT or SIGTERM. Contract
 * errors are printed and the watch goes on, so the next save can fix them.
 * Resolves with the exit code (0 after a signal).
 */
export function watchCodegen(options: WatchCodegenOptions): Promise<number> {
  const { project, print, printError } = options;
  const debounceMs = options.debounceMs ?? 100;
  const outDir = path.resolve(project.outDir);
  const once = () => {
    try {
      runCodegen({ project, check: false, print });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      printError(`warren: ${err.message}`);
    }
  };
  once(); // a missing contracts directory is reported and the watch still starts below if it exists

  return new Promise((resolve) => {
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    const stop = (code: number) => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = () => {
      print('stopped watching');
      stop(ExitCode.ok);
    };
    const changed = (root: string, filename: string | null) => {
      if (filename !== null) {
        const full = path.resolve(root, filename);
        if (full === outDir || full.startsWith(outDir + path.sep)) return; // our own output
        if (!/\.(proto|ts)$/.test(filename) || filename.endsWith('.d.ts')) return; // editor swap files and the like
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        print(`change in ${filename === null ? shown(root) : shown(path.resolve(root, filename))}; regenerating`);
        once();
      }, debounceMs);
    };
    for (const root of [project.contractsDir, ...project.includePaths]) {
      try {
        const w = watch(root, { recursive: true }, (_event, filename) => changed(root, filename));
        w.on('error', (err) => {
          printError(`warren: stopped watching ${shown(root)}: ${err.message}`);
          stop(ExitCode.usage);
        });
        watchers.push(w);
      } catch (err) {
        printError(`warren: cannot watch ${shown(root)}: ${errorMessage(err)}`);
        stop(ExitCode.usage);
        return;
      }
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    print(`watching ${[project.contractsDir, ...project.includePaths].map((p) => shown(p)).join(', ')} for changes (Ctrl-C to stop)`);
  });
}
