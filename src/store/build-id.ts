declare const MELD_BUILD: string;

/**
 * Which build of meld this is: a digest of its version, sources and lockfile, set by
 * scripts/build.mjs ('dev' when run from the sources, as the tests do). Data derived beside a data
 * file (the index, kept answers) is trusted only by the build that wrote it: another build may
 * compute it differently, even at the same version number.
 */
export const BUILD = typeof MELD_BUILD === 'string' ? MELD_BUILD : 'dev';
