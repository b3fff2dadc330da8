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

function checksOf(def: Def): Array<Record<string, unknown>> {
  return (def.checks ?? []).map((c) => c._zod.def);
}

/**
 * The checker, as straight-line JavaScript (one function, plain loops, no closures per field),
 * which V8 runs several times faster than closures on a cold process. Constants (regexes, enum
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
        let sizes = '';
        for (const c of checks) {
          if (c.check === 'min_length' && typeof c.minimum === 'number')
            sizes += `if (${v}.length < ${c.minimum}) return false;\n`;
          else if (c.check === 'max_length' && typeof c.maximum === 'number')
            sizes += `if (${v}.length > ${c.maximum}) return false;\n`;
          else throw new Unsupported(`array check ${String(c.check)}`);
        }
        const i = fresh('i');
        const e = fresh('e');
        return `if (!Array.isArray(${v})) return false;\n${sizes}for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nconst ${e} = ${v}[${i}];\n${emit(def.element as z.ZodType, e)}}\n`;
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
 * The checker for this schema, or null when the schema uses something it does not understand
 * or code generation is disabled (`--disallow-code-generation-from-strings`): zod is used then.
 */
export function tryCompile(schema: z.ZodType): Checker | null {
  try {
    return generateChecker(schema);
  } catch (error) {
    if (error instanceof Unsupported || error instanceof EvalError) return null;
    throw error;
  }
}
