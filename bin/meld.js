#!/usr/bin/env node

// CommonJS on purpose: on Node 20 the ESM loader alone adds ~15-30% to start-up.

// package.json's "engines" says >=20.17.0; say so plainly rather than fail on a syntax error.
// (Written without newer syntax so that old Node versions still reach this message.)
var version = process.versions.node.split('.').map(Number);
if (version[0] < 20 || (version[0] === 20 && version[1] < 17)) {
  process.stderr.write('error: meld needs Node.js 20.17 or newer; this is ' + process.version + '\n');
  process.exit(1);
}

var path = require('node:path');
var bundle = path.join(__dirname, '..', 'dist', 'meld.cjs');

/**
 * Compiling the 340 KB bundle is ~10 ms of every run. Node >= 22.1 keeps V8's compiled code
 * between runs itself (module.enableCompileCache); on Node 20 meld does the same with
 * vm.Script's cachedData, in ~/.cache/meld (XDG_CACHE_HOME), keyed by the bundle's version,
 * size, mtime and inode. NODE_DISABLE_COMPILE_CACHE=1 turns both off. Any problem with the
 * cache falls back to a plain require: a cache can only cost speed, never a run.
 */
function loadBundle() {
  var Module = require('node:module');
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return require(bundle);
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache();
    } catch (_error) {
      // speed only
    }
    return require(bundle);
  }
  var fs = require('node:fs');
  var vm = require('node:vm');
  var script;
  var source;
  var cacheFile;
  var prefix;
  var cached;
  try {
    var stat = fs.statSync(bundle);
    var home = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
    var dir = path.join(home, 'meld');
    // One cache per installed copy of meld (a hash of its path), replaced when that copy changes.
    var where = 0;
    for (var i = 0; i < bundle.length; i++) where = (Math.imul(where, 31) + bundle.charCodeAt(i)) >>> 0;
    prefix = 'v8-' + where.toString(36) + '-';
    var key = [process.version, stat.size, Math.floor(stat.mtimeMs), stat.ino].join('-');
    cacheFile = path.join(dir, prefix + key.replace(/[^\w.-]/g, '_') + '.bin');
    source = fs.readFileSync(bundle, 'utf8');
    try {
      cached = fs.readFileSync(cacheFile);
    } catch (_error) {
      cached = undefined;
    }
    script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  } catch (_error) {
    return require(bundle);
  }
  // Written after a run of some command, so that it holds what commands compile, not just the
  // few functions a bare `--version` touches.
  var versionOnly = process.argv.length === 3 && /^(--version|-V)$/.test(process.argv[2]);
  if ((!cached || script.cachedDataRejected) && !versionOnly) {
    process.once('exit', function () {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 448 }); // 0700
        var tmp = cacheFile + '.' + process.pid + '.tmp';
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 384 }); // 0600
        fs.renameSync(tmp, cacheFile);
        // Caches of earlier builds of this copy are of no further use.
        fs.readdirSync(path.dirname(cacheFile)).forEach(function (name) {
          var other = path.join(path.dirname(cacheFile), name);
          if (name.indexOf(prefix) === 0 && /\.bin$/.test(name) && other !== cacheFile)
            fs.rmSync(other, { force: true });
        });
      } catch (_error) {
        // speed only
      }
    });
  }
  var mod = { exports: {} };
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return mod.exports;
}

loadBundle().run();
