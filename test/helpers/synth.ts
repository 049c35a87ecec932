import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as YAML from 'yaml';

/**
 * Every object of every chart of `app`, as `app.synth()` would write them: validation runs first
 * and fails the same way (`Validation failed with the following errors:\n  [path] message`), then
 * the charts are rendered in dependency order. The objects are read back from the YAML that cdk8s
 * writes (YAML 1.1, as `kubectl` reads it), so a value that YAML would turn into another type shows.
 */
export function synthObjects(app: App): any[] {
  return YAML.parseAllDocuments(app.synthYaml(), { version: '1.1' }).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS();
  });
}

/**
 * The message synthesis of the App of `scope` (an App, or any construct in one) fails with, as
 * `app.synth()` would throw it. Fails the test when synthesis succeeds.
 */
export function synthError(scope: IConstruct): string {
  try {
    synthObjects(App.of(scope));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis succeeded; expected it to fail');
}

/**
 * The one object with this kind and name (and namespace, when given).
 * Throws, listing what there is, when there is none or more than one.
 */
export function findObject(objects: readonly any[], kind: string, name: string, namespace?: string): any {
  const matches = objects.filter((o) => o?.kind === kind && o.metadata?.name === name
    && (namespace === undefined || o.metadata?.namespace === namespace));
  const wanted = `${kind} "${name}"${namespace === undefined ? '' : ` in namespace "${namespace}"`}`;
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const where = matches.map((o) => o.metadata?.namespace ?? '(none)').join(', ');
    throw new Error(`${matches.length} objects are ${wanted} (namespaces: ${where}); pass a namespace`);
  }
  const have = objects.map((o) => `${o?.kind}/${o?.metadata?.name}`).join(', ') || 'none';
  throw new Error(`no ${wanted} among ${objects.length} objects (have: ${have})`);
}
