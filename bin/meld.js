#!/usr/bin/env node
'use strict';
// CommonJS on purpose: on Node 20 the ESM loader alone adds ~15-30% to start-up.

// package.json's "engines" says >=20.17.0; say so plainly rather than fail on a syntax error.
// (Written without newer syntax so that old Node versions still reach this message.)
var version = process.versions.node.split('.').map(Number);
var major = version[0];
var minor = version[1];
if (major < 20 || (major === 20 && minor < 17)) {
  process.stderr.write('error: meld needs Node.js 20.17 or newer; this is ' + process.version + '\n');
  process.exit(1);
}

// Node >= 22.1 can keep V8's compiled code between runs (in the OS temp folder); Node 20 has
// no such API and simply skips this.
try {
  var nodeModule = require('module');
  if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
} catch (error) {
  // A cache that cannot be set up only costs speed.
}
require('../dist/meld.cjs').run();
