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
var dist = path.join(__dirname, '..', 'dist');
var bundle = path.join(dist, 'meld.cjs');

/**
 * Compiling the 830 KB bundle is ~30 ms of every run, and a library of dist/vendor (zod: 140 KB,
 * loaded by every save) ~10 ms more. Node >= 22.1 keeps V8's compiled code between runs itself
 * (module.enableCompileCache); on Node 20 meld does the same with vm.Script's cachedData, in
 * ~/.cache/meld (XDG_CACHE_HOME), one file per file of dist/ keyed by its version, size, mtime and
 * inode. NODE_DISABLE_COMPILE_CACHE=1 turns both off. Any problem with the cache falls back to a
 * plain compile: a cache can only cost speed, never a run.
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
  var dir;
  try {
    var home = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
    dir = path.join(home, 'meld');
  } catch (_error) {
    return require(bundle);
  }
  // Written after a run of some command, so that they hold what commands compile, not just the
  // few functions a bare `--version` touches.
  var versionOnly = process.argv.length === 3 && /^(--version|-V)$/.test(process.argv[2]);
  var toWrite = [];

  /** The compiled wrapper of `file` (its source given), from the cache when it holds it; or null. */
  function compile(file, source) {
    try {
      var stat = fs.statSync(file);
      // One cache per installed copy of each file (a hash of its path), replaced when it changes.
      var where = 0;
      for (var i = 0; i < file.length; i++) where = (Math.imul(where, 31) + file.charCodeAt(i)) >>> 0;
      var prefix = 'v8-' + where.toString(36) + '-';
      var key = [process.version, stat.size, Math.floor(stat.mtimeMs), stat.ino].join('-');
      var cacheFile = path.join(dir, prefix + key.replace(/[^\w.-]/g, '_') + '.bin');
      var cached;
      try {
        cached = fs.readFileSync(cacheFile);
      } catch (_error) {
        cached = undefined;
      }
      var script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
      if ((!cached || script.cachedDataRejected) && !versionOnly)
        toWrite.push({ script: script, cacheFile: cacheFile, prefix: prefix });
      return script.runInThisContext();
    } catch (_error) {
      return null;
    }
  }

  process.once('exit', function () {
    for (var n = 0; n < toWrite.length; n++) {
      var w = toWrite[n];
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 448 }); // 0700
        var tmp = w.cacheFile + '.' + process.pid + '.tmp';
        fs.writeFileSync(tmp, w.script.createCachedData(), { mode: 384 }); // 0600
        fs.renameSync(tmp, w.cacheFile);
        // Caches of earlier builds of this file are of no further use.
        fs.readdirSync(dir).forEach(function (name) {
          var other = path.join(dir, name);
          if (name.indexOf(w.prefix) === 0 && /\.bin$/.test(name) && other !== w.cacheFile)
            fs.rmSync(other, { force: true });
        });
      } catch (_error) {
        // speed only
      }
    }
  });

  // The libraries of dist/vendor are loaded by require() from the bundle: compiled the same way.
  var vendor = path.join(dist, 'vendor') + path.sep;
  var plainCompile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    var wrapper = filename.indexOf(vendor) === 0 ? compile(filename, content) : null;
    if (!wrapper) return plainCompile.call(this, content, filename);
    return wrapper.call(
      this.exports,
      this.exports,
      Module.createRequire(filename),
      this,
      filename,
      path.dirname(filename),
    );
  };

  var source;
  try {
    source = fs.readFileSync(bundle, 'latin1'); // pure ASCII (the build checks): no UTF-8 to decode
  } catch (_error) {
    return require(bundle);
  }
  var wrapper = compile(bundle, source);
  if (!wrapper) return require(bundle);
  var mod = { exports: {} };
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, dist);
  return mod.exports;
}

loadBundle().run();
