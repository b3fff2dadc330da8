#!/usr/bin/env node
'use strict';
// CommonJS on purpose: on Node 20 the ESM loader alone adds ~15-30% to start-up.
require('../dist/meld.cjs').run();
