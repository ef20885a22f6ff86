import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';

/** The keywords of a draft-07 schema this module walks to explain a failure; ajv checks all of them. */
interface Schema {
  $ref?: string;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  [keyword: string]: unknown;
}

interface Problem {
  /** A JSON pointer into the document, as ajv writes `instancePath`. */
  path: string;
  message: string;
}

/** ajv's validator, without its type guard: a failed check must not narrow the document to `never`. */
interface Validator {
  (doc: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The problems of a document against a schema, each as `<JSON pointer>: <what is wrong>`; none when it is valid. */
export type SchemaCheck = (doc: unknown) => string[];

const ID = 'document';

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');
const depth = (problems: Problem[]) => Math.max(0, ...problems.map((p) => p.path.split('/').length));
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function problemOf(error: ErrorObject, at: string): Problem {
  if (error.keyword === 'additionalProperties') {
    return { path: `${at}${error.instancePath}/${escapePointer(String(error.params.additionalProperty))}`, message: 'unknown field' };
  }
  const allowed = error.keyword === 'enum' ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : '';
  return { path: `${at}${error.instancePath}`, message: `${error.message ?? error.keyword}${allowed}` };
}

/**
 * A check of documents against the JSON schema (draft-07) in `file`. `annotations` are the
 * schema's own non-standard keywords, which carry no constraint: naming them keeps ajv strict, so
 * a keyword nobody named (one this ajv cannot enforce) stops the compile instead of being ignored.
 * `additionalProperties: false` is enforced as written.
 */
export function schemaCheck(file: string, annotations: readonly string[]): SchemaCheck {
  const root = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  // strictTypes would ask every subschema to repeat `type: object` beside `properties`; schemas
  // generated from Go types, skaffold's among them, leave it to the enclosing schema.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addVocabulary([...annotations]);
  ajv.addSchema(root, ID);

  const validatorAt = (pointer: string): Validator => {
    const validate = ajv.getSchema(`${ID}#${pointer}`);
    if (!validate) throw new Error(`${file}: no schema at #${pointer}`);
    return validate;
  };
  const schemaAt = (pointer: string): Schema =>
    pointer
      .split('/')
      .slice(1)
      .reduce<Schema>((node, part) => node[unescapePointer(part)] as Schema, root);

  /**
   * Why `doc` fails the schema at `pointer`. ajv's own list reports every branch of an anyOf, so a
   * misspelt key in a docker artifact comes back as one complaint from each of the eight kinds of
   * builder. Walking down instead keeps, at each anyOf, only the branch that matched the document
   * best: the fewest problems, then the deepest (it got furthest before failing).
   */
  function explain(pointer: string, doc: unknown, at: string): Problem[] {
    const validate = validatorAt(pointer);
    if (validate(doc)) return [];
    const schema = schemaAt(pointer);
    // draft-07 ignores the keywords beside a $ref.
    if (schema.$ref?.startsWith('#')) return explain(schema.$ref.slice(1), doc, at);

    const own = (validate.errors ?? []).filter((e) => e.instancePath === '' && e.keyword !== 'anyOf' && e.schemaPath === `#/${e.keyword}` && e.keyword in schema);
    const problems = own.map((e) => problemOf(e, at));
    if (schema.anyOf) {
      const branches = schema.anyOf.map((_, i) => explain(`${pointer}/anyOf/${i}`, doc, at));
      const [best] = [...branches].sort((a, b) => a.length - b.length || depth(b) - depth(a));
      problems.push(...(best ?? []));
    }
    if (isObject(doc)) {
      for (const [key, value] of Object.entries(doc)) {
        const where = `${at}/${escapePointer(key)}`;
        if (schema.properties && key in schema.properties) problems.push(...explain(`${pointer}/properties/${escapePointer(key)}`, value, where));
        else if (isObject(schema.additionalProperties)) problems.push(...explain(`${pointer}/additionalProperties`, value, where));
      }
    }
    if (Array.isArray(doc) && isObject(schema.items)) {
      doc.forEach((item, i) => problems.push(...explain(`${pointer}/items`, item, `${at}/${i}`)));
    }
    // A keyword this walk does not follow (oneOf, allOf, tuple items, ...) still fails the document.
    return problems.length > 0 ? problems : (validate.errors ?? []).map((e) => problemOf(e, at));
  }

  return (doc) => [...new Set(explain('', doc, '').map((p) => `${p.path || '/'}: ${p.message}`))];
}
