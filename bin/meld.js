#!/usr/bin/env node
'use strict';
// CommonJS on purpose: on Node 20 the ESM loader alone adds ~15-30% to start-up.
// Node >= 22.1 can keep V8's compiled code between runs (in the OS temp folder); Node 20 has
// no such API and simply skips this.
try {
  require('node:module').enableCompileCache?.();
} catch {
  // A cache that cannot be set up only costs speed.
}
require('../dist/meld.cjs').run();
