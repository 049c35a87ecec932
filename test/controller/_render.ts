import { App, Chart } from 'cdk8s';
import { findObject, synthObjects } from '../helpers/synth';

/**
 * Small readers for the objects NginxIngress renders, so that tests say what they look at
 * (`args(objects)`) rather than how to dig it out.
 */

/** Every object of the chart's App, as `app.synth()` writes them (validation runs first). */
export function synth(chart: Chart): any[] {
  return synthObjects(App.of(chart));
}

/** The YAML `app.synth()` would write for the chart's App. */
export function synthYaml(chart: Chart): string {
  return App.of(chart).synthYaml();
}

/** `Kind/name` of every object, in output order. */
export function kindsAndNames(objects: readonly any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

/** Objects of one kind. */
export function ofKind(objects: readonly any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** The controller workload (Deployment or DaemonSet with component controller). */
export function workload(objects: readonly any[]): any {
  const found = objects.filter((o) => (o.kind === 'Deployment' || o.kind === 'DaemonSet')
    && o.spec?.template?.metadata?.labels?.['app.kubernetes.io/component'] === 'controller');
  if (found.length !== 1) throw new Error(`expected one controller workload, found ${found.length}`);
  return found[0];
}

/** The controller pod spec. */
export function podSpec(objects: readonly any[]): any {
  return workload(objects).spec.template.spec;
}

/** The controller container. */
export function container(objects: readonly any[]): any {
  return podSpec(objects).containers.find((c: any) => c.name === 'controller');
}

/** The controller container's args. */
export function args(objects: readonly any[]): string[] {
  return container(objects).args;
}

/** The controller Service (default names). */
export function controllerService(objects: readonly any[], name = 'ingress-nginx-controller'): any {
  return findObject(objects, 'Service', name);
}

/** The ValidatingWebhookConfiguration's only webhook. */
export function webhook(objects: readonly any[]): any {
  const [vwc] = ofKind(objects, 'ValidatingWebhookConfiguration');
  return vwc.webhooks[0];
}

export { findObject };
