import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, now. V8 grows the heap rather than collect while the machine has
 * memory to spare, so a big import peaked far above what it held: a 244 MB CSV at 1.2 GB though
 * its bytes, text and first rows were long dropped (#22: no import under 256 MB above 1 GB).
 * Asked for between the phases of a big import only. The `gc` function is fetched the way
 * jest's leak detector does (the flag, then a fresh context); where that fails, nothing happens.
 */
export function collectGarbage(): void {
  try {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
  } catch {
    gc = () => undefined;
  }
}
