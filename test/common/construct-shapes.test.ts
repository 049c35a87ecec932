import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterGatewayHub, ExposedService, Fleet, KsGateway, LogOutput, LogPipeline, RouteGateway, ScrapeConfig } from '../../src';
import { synthError } from '../helpers/synth';

/**
 * Every public construct checks what JavaScript callers pass against the shapes generated from its
 * props interface: a misspelt prop is an error with a suggestion, never silently dropped.
 */
describe('the monitoring, logging, routes and delivery constructs check their props at runtime', () => {
  test('misspelt props and a null props object are reported at synth, each with its construct path', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const gw = new KsGateway(chart, 'gw', { project: 'demo' });
    const service = new kplus.Service(chart, 'svc', { ports: [{ port: 80 }], selector: kplus.Pods.select(chart, 'pods', { labels: { app: 'web' } }) });

    // WHEN
    new ScrapeConfig(chart, 'metrics', { gateway: gw, intervall: '30s' } as any);
    new LogPipeline(chart, 'logs', { gateways: [gw], outputs: [LogOutput.stdout()], formt: 1 } as any);
    new ExposedService(chart, 'web', { service, gateway: RouteGateway.ksGateway(gw), hosts: ['web.example.com'], sslRedirekt: true } as any);
    new ClusterGatewayHub(chart, 'hub', { replica: 2 } as any);
    new Fleet(chart, 'fleet', null as any);

    // THEN
    const message = synthError(chart);
    expect(message).toContain('[c/metrics] intervall is not a known field; did you mean "interval"? (got "30s")');
    expect(message).toContain('[c/logs] formt is not a known field; did you mean "format"? (got 1)');
    expect(message).toContain('[c/web] sslRedirekt is not a known field; did you mean "sslRedirect"? (got true)');
    expect(message).toContain('[c/hub] replica is not a known field; did you mean "replicas"? (got 2)');
    expect(message).toContain('[c/fleet] props must be an object or left out (got null)');
  });
});
