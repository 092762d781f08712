import { after } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { within } from './deadline';

const running = new Set<EditorProcess>();
// node:test's `timeout` fails a test but stops nothing it started: an editor still running (and
// the language server it started) would keep the test file's process alive until CI's limit
after(() => {
  for (const editor of running) editor.kill();
});

/**
 * A real editor (neovim, emacs) run headless by a test: its script writes what the user would
 * see to JSON files in an output folder, which the test waits for with fs.watch.
 */
export class EditorProcess {
  readonly child: ChildProcess;
  readonly exitCode: Promise<number | null>;
  private err = '';

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.err += d));
    this.child.stderr!.on('data', (d) => (this.err += d));
    running.add(this);
    this.exitCode = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        running.delete(this);
        resolve(code);
      }),
    );
  }

  /** The exit code, once the editor has exited; fails (and kills it) after `timeoutMs`. */
  async exited(timeoutMs: number): Promise<number | null> {
    try {
      return await within(this.exitCode, timeoutMs, 'exit of the editor', () => this.err);
    } catch (e) {
      this.kill();
      throw e;
    }
  }

  /** What the editor printed (its messages and errors), for failure reports. */
  get output(): string {
    return this.err;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /**
   * The JSON in `dir/name` once `accept` takes it. Rejects when the editor's script wrote
   * `error.json`, when the editor exits first, or after `timeoutMs`.
   */
  waitForJson<T>(dir: string, name: string, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      let last: T | undefined;
      let done = false;
      const finish = (e: Error | null, v?: T) => {
        done = true;
        watcher.close();
        clearTimeout(timer);
        this.child.off('exit', onExit);
        if (e) reject(e);
        else resolve(v!);
      };
      const read = (file: string): T | undefined => {
        try {
          return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
        } catch {
          return undefined; // not written yet
        }
      };
      const check = () => {
        const failed = read('error.json');
        if (failed) return finish(new Error(`the editor script failed: ${JSON.stringify(failed)}\n${this.err}`));
        const v = read(name);
        if (v === undefined) return;
        last = v;
        if (accept(v)) finish(null, v);
      };
      const onExit = () => finish(new Error(`the editor exited before ${name} was ready:\n${this.err}`));
      const watcher = fs.watch(dir, check);
      const timer = setTimeout(() => finish(new Error(`no acceptable ${name} within ${timeoutMs} ms; last: ${JSON.stringify(last)}\n${this.err}`)), timeoutMs);
      this.child.on('exit', onExit);
      check();
      if (!done && (this.child.exitCode !== null || this.child.signalCode !== null)) onExit();
    });
  }
}
