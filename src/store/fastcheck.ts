import type * as z from 'zod';

/*
 * A fast yes/no check compiled from a zod schema. zod stays the one definition of the file's
 * shape and the source of every error message; this only answers "is it valid?" about ten
 * times faster than `safeParse` on a cold process (zod builds a new output object for every
 * record: ~0.5 s for a 40 MB file, more than parsing the JSON). When the answer is no, the
 * caller runs zod for the exact place and message.
 *
 * It understands exactly the zod features meld's schemas use and refuses to compile anything
 * else (`Unsupported`), so a schema change can never make it silently lax: the caller then
 * falls back to zod. A property test (test/store/fastcheck.test.ts) checks that it agrees with
 * zod on thousands of damaged files.
 */

export type Checker = (value: unknown) => boolean;

export class Unsupported extends Error {}

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checksOf(def: Def): Array<Record<string, unknown>> {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function compileString(def: Def): Checker {
  const preds: Array<(s: string) => boolean> = [];
  for (const c of checksOf(def)) {
    if (
      c.check === 'string_format' &&
      c.format === 'regex' &&
      c.pattern instanceof RegExp &&
      !c.pattern.global &&
      !c.pattern.sticky
    ) {
      const pattern = c.pattern;
      preds.push((s) => pattern.test(s));
    } else if (c.check === 'min_length' && typeof c.minimum === 'number') {
      const min = c.minimum;
      preds.push((s) => s.length >= min);
    } else if (c.check === 'max_length' && typeof c.maximum === 'number') {
      const max = c.maximum;
      preds.push((s) => s.length <= max);
    } else throw new Unsupported(`string check ${String(c.check)}`);
  }
  return (v) => typeof v === 'string' && preds.every((p) => p(v));
}

function compileNumber(def: Def): Checker {
  const preds: Array<(n: number) => boolean> = [];
  for (const c of checksOf(def)) {
    if (c.check === 'number_format' && c.format === 'safeint') preds.push((n) => Number.isSafeInteger(n));
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      const { value, inclusive } = c as { value: number; inclusive: boolean };
      preds.push(inclusive ? (n) => n >= value : (n) => n > value);
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      const { value, inclusive } = c as { value: number; inclusive: boolean };
      preds.push(inclusive ? (n) => n <= value : (n) => n < value);
    } else throw new Unsupported(`number check ${String(c.check)}`);
  }
  // zod 4 refuses NaN and ±Infinity in z.number().
  return (v) => typeof v === 'number' && Number.isFinite(v) && preds.every((p) => p(v));
}

export function compileChecker(schema: z.ZodType): Checker {
  const def = defOf(schema);
  const noChecks = () => {
    if ((def.checks ?? []).length > 0) throw new Unsupported(`checks on ${def.type}`);
  };
  switch (def.type) {
    case 'string':
      return compileString(def);
    case 'number':
      return compileNumber(def);
    case 'boolean':
      noChecks();
      return (v) => typeof v === 'boolean';
    case 'null':
      noChecks();
      return (v) => v === null;
    case 'enum': {
      noChecks();
      const allowed = new Set(Object.values(def.entries as Record<string, unknown>));
      return (v) => allowed.has(v as never);
    }
    case 'literal': {
      noChecks();
      const values = def.values as unknown[];
      return (v) => values.includes(v);
    }
    case 'nullable': {
      noChecks();
      const inner = compileChecker(def.innerType as z.ZodType);
      return (v) => v === null || inner(v);
    }
    case 'optional': {
      noChecks();
      const inner = compileChecker(def.innerType as z.ZodType);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      noChecks();
      const element = compileChecker(def.element as z.ZodType);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      noChecks();
      const keyDef = defOf(def.keyType);
      if (keyDef.type !== 'string' || (keyDef.checks ?? []).length > 0) throw new Unsupported('record key');
      const value = compileChecker(def.valueType as z.ZodType);
      return (v) => {
        if (!isObject(v)) return false;
        for (const key in v) if (Object.hasOwn(v, key) && !value(v[key])) return false;
        return true;
      };
    }
    case 'union': {
      noChecks();
      const options = (def.options as z.ZodType[]).map(compileChecker);
      return (v) => options.some((o) => o(v));
    }
    case 'object': {
      noChecks();
      // No catchall (strip) or an `unknown` one (loose) both accept extra keys; anything else is refused.
      if (def.catchall !== undefined && defOf(def.catchall).type !== 'unknown')
        throw new Unsupported('object catchall');
      const fields = Object.entries(def.shape as Record<string, z.ZodType>).map(
        ([key, s]) => [key, compileChecker(s)] as const,
      );
      return (v) => {
        if (!isObject(v)) return false;
        for (const [key, check] of fields) if (!check(v[key])) return false;
        return true;
      };
    }
    default:
      throw new Unsupported(def.type);
  }
}

/**
 * The same checker as straight-line JavaScript (one function, plain loops, no closures per
 * field), which V8 runs several times faster again on a cold process. Constants (regexes, enum
 * sets, nested union checkers) are passed in, never spliced into the source; property names
 * are spliced only through JSON.stringify.
 */
export function generateChecker(schema: z.ZodType): Checker {
  const constants: unknown[] = [];
  let n = 0;
  const constant = (value: unknown) => `C[${constants.push(value) - 1}]`;
  const fresh = (prefix: string) => `${prefix}${n++}`;

  const emit = (s: z.ZodType, v: string): string => {
    const def = defOf(s);
    const checks = checksOf(def);
    const noChecks = () => {
      if (checks.length > 0) throw new Unsupported(`checks on ${def.type}`);
    };
    switch (def.type) {
      case 'string': {
        let code = `if (typeof ${v} !== 'string') return false;\n`;
        for (const c of checks) {
          if (
            c.check === 'string_format' &&
            c.format === 'regex' &&
            c.pattern instanceof RegExp &&
            !c.pattern.global &&
            !c.pattern.sticky
          ) {
            code += `if (!${constant(c.pattern)}.test(${v})) return false;\n`;
          } else if (c.check === 'min_length' && typeof c.minimum === 'number')
            code += `if (${v}.length < ${c.minimum}) return false;\n`;
          else if (c.check === 'max_length' && typeof c.maximum === 'number')
            code += `if (${v}.length > ${c.maximum}) return false;\n`;
          else throw new Unsupported(`string check ${String(c.check)}`);
        }
        return code;
      }
      case 'number': {
        let code = `if (typeof ${v} !== 'number' || !Number.isFinite(${v})) return false;\n`;
        for (const c of checks) {
          if (c.check === 'number_format' && c.format === 'safeint')
            code += `if (!Number.isSafeInteger(${v})) return false;\n`;
          else if (
            (c.check === 'greater_than' || c.check === 'less_than') &&
            typeof c.value === 'number' &&
            Number.isFinite(c.value)
          ) {
            const op = c.check === 'greater_than' ? (c.inclusive ? '>=' : '>') : c.inclusive ? '<=' : '<';
            code += `if (!(${v} ${op} ${c.value})) return false;\n`;
          } else throw new Unsupported(`number check ${String(c.check)}`);
        }
        return code;
      }
      case 'boolean':
        noChecks();
        return `if (typeof ${v} !== 'boolean') return false;\n`;
      case 'null':
        noChecks();
        return `if (${v} !== null) return false;\n`;
      case 'enum':
        noChecks();
        return `if (!${constant(new Set(Object.values(def.entries as Record<string, unknown>)))}.has(${v})) return false;\n`;
      case 'literal':
        noChecks();
        return `if (!${constant(def.values)}.includes(${v})) return false;\n`;
      case 'nullable':
        noChecks();
        return `if (${v} !== null) {\n${emit(def.innerType as z.ZodType, v)}}\n`;
      case 'optional':
        noChecks();
        return `if (${v} !== undefined) {\n${emit(def.innerType as z.ZodType, v)}}\n`;
      case 'array': {
        noChecks();
        const i = fresh('i');
        const e = fresh('e');
        return `if (!Array.isArray(${v})) return false;\nfor (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nconst ${e} = ${v}[${i}];\n${emit(def.element as z.ZodType, e)}}\n`;
      }
      case 'record': {
        noChecks();
        const keyDef = defOf(def.keyType);
        if (keyDef.type !== 'string' || (keyDef.checks ?? []).length > 0) throw new Unsupported('record key');
        const k = fresh('k');
        const e = fresh('e');
        return `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) return false;\nfor (const ${k} in ${v}) {\nif (!Object.prototype.hasOwnProperty.call(${v}, ${k})) continue;\nconst ${e} = ${v}[${k}];\n${emit(def.valueType as z.ZodType, e)}}\n`;
      }
      case 'union': {
        noChecks();
        const options = (def.options as z.ZodType[]).map((o) => constant(generateChecker(o)));
        return `if (!(${options.map((o) => `${o}(${v})`).join(' || ')})) return false;\n`;
      }
      case 'object': {
        noChecks();
        if (def.catchall !== undefined && defOf(def.catchall).type !== 'unknown')
          throw new Unsupported('object catchall');
        let code = `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) return false;\n`;
        for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          const f = fresh('f');
          code += `{\nconst ${f} = ${v}[${JSON.stringify(key)}];\n${emit(field, f)}}\n`;
        }
        return code;
      }
      default:
        throw new Unsupported(def.type);
    }
  };
  const body = `${emit(schema, 'value')}return true;`;
  const factory = new Function('C', `return function check(value) {\n${body}};`) as (c: unknown[]) => Checker;
  return factory(constants);
}

/**
 * The fastest checker this schema allows: generated code, else closures (where code generation
 * is disabled), else null when the schema uses something neither understands.
 */
export function tryCompile(schema: z.ZodType): Checker | null {
  try {
    return generateChecker(schema);
  } catch (error) {
    if (!(error instanceof Unsupported) && !(error instanceof EvalError)) throw error;
  }
  try {
    return compileChecker(schema);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}
