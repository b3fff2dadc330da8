import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    tempRoot: string;
  }
}

// vitest's globalSetup: one folder for every temp file and folder a run makes (tempDir() in
// harness.ts creates under it), removed when the run ends, so a full run no longer leaves a
// thousand meld-test-* folders behind. Tests learn the folder through `inject('tempRoot')`.

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'meld-run-'));
  // Each test's own folder inside is 0700 (mkdtemp); the root only has to be passable, so a
  // test that lets another user reach its file (store/edges.test.ts) still can.
  chmodSync(root, 0o755);
  project.provide('tempRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
