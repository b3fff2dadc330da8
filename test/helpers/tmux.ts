import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, CLI_NOW } from './cli.js';

// A real pseudo-terminal for the prompt tests: tmux runs the built meld, the test types into
// it and reads the screen back, the way a person would. Each Terminal has its own tmux server
// (socket), so test files running side by side never see each other's sessions.

/** Whether tmux is installed; prompt tests skip visibly without it (.ci/run installs it). */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** How long to wait for text that should appear: only a hang guard, never a speed check. */
const PATIENCE_MS = 60_000;

const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let started = 0;

export class Terminal {
  private readonly label: string;
  private socket: string;
  private dir: string | undefined;

  constructor(label: string) {
    this.label = label;
    this.socket = `meld-${label}-${process.pid}`;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Runs `meld <args>` (a shell-quoted string) on a 100×30 screen with `dir/meld.json` as its data file. */
  start(dir: string, args: string): void {
    this.dir = dir;
    // A fresh server for every start: a test that starts right after the previous one's
    // kill-server must never reach the dying server ("server exited unexpectedly").
    started += 1;
    this.socket = `meld-${this.label}-${process.pid}-${started}`;
    const db = join(dir, 'meld.json');
    const status = join(dir, 'status');
    // The session stays open after meld exits so its last screen can still be read.
    const command = `env -u NODE_ENV -u VITEST TZ=UTC LANG=C.UTF-8 MELD_TEST_NOW=${CLI_NOW} MELD_DB=${quote(db)} ${quote(process.execPath)} ${quote(BIN)} ${args}; echo $? > ${quote(status)}; sleep 600`;
    this.tmux('new-session', '-d', '-s', 'meld', '-x', '100', '-y', '30', command);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'meld');
  }

  /** Types keys: text, or tmux key names such as `Enter` and `C-c`. */
  type(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'meld', ...keys);
  }

  /** Waits until the screen shows `text`, and returns the screen. */
  async waitFor(text: string | RegExp): Promise<string> {
    const deadline = Date.now() + PATIENCE_MS;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
      await pause();
    }
    throw new Error(`the screen never showed ${String(text)}; it was:\n${last}`);
  }

  /** Waits for meld to exit and returns its exit status. */
  async exitStatus(): Promise<number> {
    if (!this.dir) throw new Error('start() first');
    const file = join(this.dir, 'status');
    const deadline = Date.now() + PATIENCE_MS;
    while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`meld did not exit; screen:\n${this.screen()}`);
      await pause();
    }
    return Number(readFileSync(file, 'utf8').trim());
  }

  /** Ends the tmux server and whatever still runs in it. */
  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
