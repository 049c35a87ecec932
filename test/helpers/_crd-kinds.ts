import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type CodeOptions, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as YAML from 'yaml';
import { describeAjvErrors } from './_paths';

/**
 * Validation of custom resources against the repository's CRD copies in imports/crds.
 *
 * Each served version's `openAPIV3Schema` is compiled with ajv, after turning the Kubernetes
 * structural-schema conventions into plain JSON Schema:
 * - an object node without `additionalProperties` and without `x-kubernetes-preserve-unknown-fields`
 *   gets `additionalProperties: false`, because the API server prunes (and, with strict field
 *   validation, rejects) fields that such a node does not declare;
 * - `x-kubernetes-int-or-string` becomes `type: [integer, string]`;
 * - the root `metadata` is left to ObjectMeta validation (the API server ignores what a CRD says there);
 * - other `x-kubernetes-*` keywords (list types, CEL `x-kubernetes-validations`) are not evaluated.
 * Only the structural part (`properties`, `items`, `additionalProperties`) is made strict; schemas
 * under `anyOf`/`oneOf`/`allOf`/`not` only constrain values, as in Kubernetes.
 */

/** Where the CRD YAML files are: the repository's own copies in imports/crds. */
const CRD_DIR = path.resolve(__dirname, '..', '..', 'imports', 'crds');

/** One served version of a CRD, ready to validate objects of its kind. */
export interface CrdVersion {
  readonly namespaced: boolean;
  /** Returns one message per schema problem of `obj` (metadata excluded). */
  validate(obj: unknown): string[];
}

/** What is known about a group/kind: its served versions, or nothing if no CRD defines it. */
export type CrdLookup =
  | { readonly found: false }
  | { readonly found: true; readonly served: readonly string[]; readonly version?: CrdVersion };

type Schema = Record<string, any>;

const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp() } });
// The formats these CRDs use that Kubernetes checks; ajv ignores any other, as Kubernetes does.
addFormats(ajv, ['date-time', 'byte', 'int32', 'int64', 'ipv4', 'ipv6']);

let crdTexts: readonly string[] | undefined;
const crds = new Map<string, Schema | undefined>();
const versions = new Map<string, CrdVersion>();

/**
 * Looks up the CRD for an apiVersion (`group/version`) and kind. The CRD is parsed, and the
 * version's schema compiled, on first use; only files whose text mentions both the group and the
 * kind are parsed.
 */
export function findCrdKind(apiVersion: string, kind: string): CrdLookup {
  const slash = apiVersion.indexOf('/');
  const crd = slash < 0 ? undefined : findCrd(apiVersion.slice(0, slash), kind);
  if (!crd) return { found: false };
  const served: string[] = crd.spec.versions.filter((v: Schema) => v.served).map((v: Schema) => v.name);
  const version = apiVersion.slice(slash + 1);
  if (!served.includes(version)) return { found: true, served };
  const key = `${apiVersion}/${kind}`;
  let compiled = versions.get(key);
  if (!compiled) {
    const schema = crd.spec.versions.find((v: Schema) => v.name === version).schema?.openAPIV3Schema;
    if (!schema) throw new Error(`CRD ${crd.metadata.name} has no openAPIV3Schema for ${version}`);
    compiled = compile(schema, crd.spec.scope === 'Namespaced');
    versions.set(key, compiled);
  }
  return { found: true, served, version: compiled };
}

/** The CustomResourceDefinition of a group and kind, if imports/crds has one. */
function findCrd(group: string, kind: string): Schema | undefined {
  const key = `${group}/${kind}`;
  if (!crds.has(key)) {
    crdTexts ??= listYaml(CRD_DIR).map((file) => fs.readFileSync(file, 'utf8'));
    const candidates = crdTexts
      .filter((text) => text.includes(group) && text.includes(kind))
      .flatMap((text) => YAML.parseAllDocuments(text).map((doc) => doc.toJS()));
    crds.set(key, candidates.find((c) =>
      c?.kind === 'CustomResourceDefinition' && c.spec?.group === group && c.spec?.names?.kind === kind));
  }
  return crds.get(key);
}

function compile(openApiSchema: Schema, namespaced: boolean): CrdVersion {
  const schema = toJsonSchema(openApiSchema);
  schema.properties = { ...schema.properties, metadata: true };
  const validateFn: ValidateFunction = ajv.compile(schema);
  return {
    namespaced,
    validate: (obj) => (validateFn(obj) ? [] : describeAjvErrors(validateFn.errors ?? [])),
  };
}

/** A copy of a structural schema node with Kubernetes' conventions made explicit (see above). */
function toJsonSchema(node: Schema): Schema {
  const out: Schema = { ...node };
  if (out['x-kubernetes-int-or-string']) {
    out.type = ['integer', 'string'];
    // Its `anyOf: [{type: integer}, {type: string}]` says the same and would double every error.
    delete out.anyOf;
  }
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, toJsonSchema(v as Schema)]));
  }
  if (out.items && typeof out.items === 'object') out.items = toJsonSchema(out.items);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = toJsonSchema(out.additionalProperties);
  }
  const isObject = out.type === 'object' || out.properties !== undefined;
  if (isObject && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * ajv's regular-expression engine: JavaScript's, except that Go's leading `(?i)` (RE2's
 * case-insensitive flag group, used in some CRD patterns) becomes the `i` flag.
 */
function goRegExp(): NonNullable<CodeOptions['regExp']> {
  const engine = (pattern: string, flags: string): RegExp => {
    const caseless = /^(\^?)\(\?i\)/.exec(pattern);
    return caseless
      ? new RegExp(caseless[1] + pattern.slice(caseless[0].length), `${flags}i`)
      : new RegExp(pattern, flags);
  };
  // `code` is only used by ajv's standalone code generation, which we do not use.
  return Object.assign(engine, { code: 'goRegExp' });
}

/** Every `.yaml` file under `dir`, recursively, in a stable order. */
function listYaml(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`CRD directory not found: ${dir} (the repository CRD copies; run npx projen crds)`);
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return listYaml(p);
      return /\.ya?ml$/.test(e.name) ? [p] : [];
    });
}
