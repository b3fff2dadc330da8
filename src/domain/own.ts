// Extra fields (`Prospect.fields`) are keyed by whatever headers a file had: `valueOf`,
// `constructor`, `toString` or `__proto__` are keys like any other. A plain object lookup would
// find Object.prototype's functions for them (exported as "function valueOf() { [native code] }"),
// and an assignment to `__proto__` would set the prototype and drop the value. These read and
// write own properties only.

/** The object's own value for `key`, or undefined (never one inherited from Object.prototype). */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets `obj[key]` as an own property, `__proto__` included. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}
