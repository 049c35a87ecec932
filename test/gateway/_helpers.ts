import { App, Chart } from 'cdk8s';
import { expectRestricted } from '../helpers/pod-security';
import { expectValidManifests } from '../helpers/schema';
import { findObject, synthObjects } from '../helpers/synth';

/**
 * Small readers over synthesized objects, shared by the gateway tests. Expectations stay in the
 * tests; these only find things.
 */

/** Every object the App of `chart` synthesizes (validation first, as `app.synth()`). */
export function synth(chart: Chart): any[] {
  return synthObjects(App.of(chart));
}

export { synthError } from '../helpers/synth';

/** The cdk8s wrapping of validation messages: one `[path] message` line each. */
export function validationFailure(...lines: Array<[string, string]>): string {
  return ['Validation failed with the following errors:', ...lines.map(([path, msg]) => `  [${path}] ${msg}`)].join('\n');
}

/**
 * The controller container of the Deployment `name`: the one named `container` (`controller`, the
 * chart's name; a legacy router's is `nginx-ingress-controller`), which must be its only container.
 */
export function controllerContainer(objects: any[], name: string, namespace?: string, container = 'controller'): any {
  const deployment = findObject(objects, 'Deployment', name, namespace);
  const containers: any[] = deployment.spec.template.spec.containers;
  const names = containers.map((c) => c.name);
  if (names.length !== 1 || names[0] !== container) throw new Error(`Deployment ${name} has containers ${names.join(', ')}; expected only "${container}"`);
  return containers[0];
}

/** The controller arguments of the Deployment `name` (container as in {@link controllerContainer}). */
export function controllerArgs(objects: any[], name: string, namespace?: string, container = 'controller'): string[] {
  return controllerContainer(objects, name, namespace, container).args;
}

/** Objects of one kind, as `Kind/namespace/name` (namespace `-` when cluster-scoped). */
export function identities(objects: any[], kind?: string): string[] {
  return objects
    .filter((o) => kind === undefined || o.kind === kind)
    .map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`);
}

/** Every pod is `restricted` and every object valid against its schema. */
export function expectSound(objects: any[]): void {
  expectRestricted(objects);
  expectValidManifests(objects);
}

/**
 * The selector of a KubeSphere v3 gateway's pods, as the reference states it
 * (kubesphere-gateway.md §2a, "Selector/pod labels"), with `gw` the Gateway name.
 */
export function referenceSelector(gw: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/instance': `${gw}-ingress`,
    'app.kubernetes.io/component': 'controller',
  };
}
