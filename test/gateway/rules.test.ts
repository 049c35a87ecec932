import { App, Chart, Testing } from 'cdk8s';
import { expectSound, synth, synthError, validationFailure } from './_helpers';
import { IngressSelection, KsGateway } from '../../src';
import { synthObjects } from '../helpers/synth';

/**
 * Whole-app rules: checked once per App across every KsGateway, every problem reported in one
 * synth under the rules' own path (KsGatewayRules), naming each gateway's construct path.
 */

const RULES = 'KsGatewayRules';
const SHARED_INGRESSES_WHY = 'KubeSphere refuses this ("can\'t create project gateway if global gateway enabled"); '
  + 'use ingressSelection INGRESS_CLASS on either (CLI: --selection ingress-class), or set allowSharedIngresses: true on the project gateway (CLI: --allow-shared-ingresses) if both should serve them';

describe('one gateway per project, one cluster gateway', () => {
  test('two gateways for one project: one problem, naming both construct paths', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'a', { project: 'demo' });
    // WHEN
    new KsGateway(chart, 'b', { project: 'demo' });
    // THEN (the IngressClass, controller value and election ID they also share derive from the name)
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-demo (test/b) and kubesphere-router-demo (test/a) share the gateway name "kubesphere-router-demo": one gateway per project, and one cluster gateway']));
  });

  test('two gateways for one project in different namespaces are still two gateways for one project', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'shared', { project: 'demo' });
    // WHEN
    new KsGateway(chart, 'own', { project: 'demo', inProjectNamespace: true });
    // THEN
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-demo (test/shared) and kubesphere-router-demo (test/own) share the gateway name "kubesphere-router-demo": one gateway per project, and one cluster gateway']));
  });

  test('two cluster gateways, in different charts of one App', () => {
    // GIVEN
    const app = Testing.app();
    new KsGateway(new Chart(app, 'one'), 'cluster');
    // WHEN
    new KsGateway(new Chart(app, 'two'), 'cluster', { project: 'kubesphere-system' });
    // THEN
    expect(() => synthObjects(app)).toThrow(new Error(validationFailure([RULES,
      'kubesphere-router-kubesphere-system (two/cluster) and kubesphere-router-kubesphere-system (one/cluster) share the gateway name "kubesphere-router-kubesphere-system": one gateway per project, and one cluster gateway'])));
  });

  test('rules are per App: the same gateway in two Apps is no conflict', () => {
    // GIVEN
    const first = Testing.chart();
    const second = Testing.chart();
    // WHEN
    new KsGateway(first, 'demo', { project: 'demo' });
    new KsGateway(second, 'demo', { project: 'demo' });
    // THEN
    expect(synth(first)).toHaveLength(synth(second).length);
  });
});

describe('a project gateway beside the cluster gateway', () => {
  test('both in NAMESPACE mode: an error that says why and how to resolve it', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { ingressSelection: IngressSelection.NAMESPACE });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });
    // THEN
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-demo (test/demo) and the cluster gateway kubesphere-router-kubesphere-system (test/cluster) '
      + `would both serve the class-less Ingresses of namespace "demo": ${SHARED_INGRESSES_WHY}`]));
  });

  test('both in NAMESPACE mode with allowSharedIngresses on the project gateway: allowed', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { ingressSelection: IngressSelection.NAMESPACE });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE, allowSharedIngresses: true });
    // THEN
    expectSound(synth(chart));
  });

  test.each([
    ['cluster by class, project by namespace', IngressSelection.INGRESS_CLASS, IngressSelection.NAMESPACE],
    ['cluster by namespace, project by class', IngressSelection.NAMESPACE, IngressSelection.INGRESS_CLASS],
    ['both by class', IngressSelection.INGRESS_CLASS, IngressSelection.INGRESS_CLASS],
  ])('%s: no Ingress is served twice, so no error', (_, cluster, project) => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { ingressSelection: cluster });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: project });
    // THEN
    expectSound(synth(chart));
  });

  test('a cluster gateway scoped to another namespace does not serve the project', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { ingressSelection: IngressSelection.NAMESPACE, controller: { scope: { enabled: true, namespace: 'web' } } });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });
    // THEN
    expectSound(synth(chart));
  });

  test('a cluster gateway scoped to the project\'s namespace serves the same Ingresses', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { ingressSelection: IngressSelection.NAMESPACE, controller: { scope: { enabled: true, namespace: 'demo' } } });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });
    // THEN
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-demo (test/demo) and the cluster gateway kubesphere-router-kubesphere-system (test/cluster) '
      + `would both serve the class-less Ingresses of namespace "demo": ${SHARED_INGRESSES_WHY}`]));
  });

  test('two project gateways in NAMESPACE mode for different projects do not conflict', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'a', { project: 'a', ingressSelection: IngressSelection.NAMESPACE });
    // WHEN
    new KsGateway(chart, 'b', { project: 'b', ingressSelection: IngressSelection.NAMESPACE });
    // THEN
    expectSound(synth(chart));
  });
});

describe('nothing that must be unique is shared', () => {
  test('an IngressClass', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'a', { project: 'a', nginx: { ingressClassResource: { name: 'public' } } });
    // WHEN
    new KsGateway(chart, 'b', { project: 'b', nginx: { ingressClassResource: { name: 'public' } } });
    // THEN
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-b (test/b) and kubesphere-router-a (test/a) share the IngressClass "public": an IngressClass names exactly one controller']));
  });

  test('a controller value', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'a', { project: 'a', nginx: { ingressClassResource: { controllerValue: 'k8s.io/ingress-nginx' } } });
    // WHEN
    new KsGateway(chart, 'b', { project: 'b', nginx: { ingressClassResource: { controllerValue: 'k8s.io/ingress-nginx' } } });
    // THEN
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-b (test/b) and kubesphere-router-a (test/a) share the controller value "k8s.io/ingress-nginx": both controllers would claim the same IngressClasses']));
  });

  test('an election ID in one namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'a', { project: 'a', nginx: { electionId: 'gateway-leader' } });
    // WHEN
    new KsGateway(chart, 'b', { project: 'b', nginx: { electionId: 'gateway-leader' } });
    // THEN
    expect(synthError(chart)).toBe(validationFailure([RULES,
      'kubesphere-router-b (test/b) and kubesphere-router-a (test/a) share the election ID "kubesphere-controls-system/gateway-leader": only one of them would be leader and update Ingress status']));
  });

  test('one election ID in two namespaces is two Leases: allowed', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'a', { project: 'a', nginx: { electionId: 'gateway-leader' } });
    // WHEN
    new KsGateway(chart, 'b', { project: 'b', inProjectNamespace: true, nginx: { electionId: 'gateway-leader' } });
    // THEN
    expectSound(synth(chart));
  });
});

describe('reporting', () => {
  test('every rule and prop problem of the App comes out in one synth, independent of declaration order', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const teams = new Chart(app, 'teams');
    new KsGateway(teams, 'demo-b', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });
    new KsGateway(platform, 'cluster', { ingressSelection: IngressSelection.NAMESPACE });
    new KsGateway(teams, 'web', { project: 'web', ingressSelection: IngressSelection.NAMESPACE, deployment: { replicas: -1 } });
    new KsGateway(platform, 'demo-a', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });
    // WHEN
    const run = () => synthObjects(app);
    // THEN
    const clash = (gw: string, path: string, ns: string): [string, string] => [RULES,
      `${gw} (${path}) and the cluster gateway kubesphere-router-kubesphere-system (platform/cluster) would both serve the class-less Ingresses of namespace "${ns}": ${SHARED_INGRESSES_WHY}`];
    expect(run).toThrow(new Error(validationFailure(
      ['teams/web', 'deployment.replicas must be >= 0 (got -1)'],
      [RULES, 'kubesphere-router-demo (teams/demo-b) and kubesphere-router-demo (platform/demo-a) share the gateway name "kubesphere-router-demo": one gateway per project, and one cluster gateway'],
      clash('kubesphere-router-demo', 'platform/demo-a', 'demo'),
      clash('kubesphere-router-demo', 'teams/demo-b', 'demo'),
      clash('kubesphere-router-web', 'teams/web', 'web'),
    )));
  });

  test('the rules (and those of the controllers) live once at the root of the App, whatever the number of charts', () => {
    // GIVEN
    const app = new App();
    // WHEN
    new KsGateway(new Chart(app, 'a'), 'a', { project: 'a' });
    new KsGateway(new Chart(app, 'b'), 'b', { project: 'b' });
    // THEN
    expect(app.node.children.map((c) => c.node.id)).toEqual(['a', 'KsGatewayRules', 'NginxIngressRules', 'b']);
  });
});

describe('a bad project is one root cause', () => {
  test.each([
    ['Bad_Project', 'project must be a DNS-1123 label: at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit (got "Bad_Project")'],
    ['a'.repeat(40), `project must be at most 37 characters: "kubesphere-router-<project>-ingress" is the gateway's Helm release and app.kubernetes.io/instance label, and "kubesphere-router-<project>-metrics" a Service name, both at most 63 characters (got "${'a'.repeat(40)}", 40 characters)`],
  ])('project %s gives one message, not one per name derived from it', (project, message) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new KsGateway(chart, 'gw', { project });

    // THEN
    expect(synthError(chart)).toBe(`Validation failed with the following errors:\n  [test/gw] ${message}`);
  });
});
