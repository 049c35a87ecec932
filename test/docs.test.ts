import * as fs from 'fs';
import * as path from 'path';
import { readInterfaces, renderReadme } from '../scripts/gen-docs';

const ROOT = path.join(__dirname, '..');

describe('README props tables', () => {
  test('match the TSDoc of the props interfaces (run `npx projen docs` when this fails)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(renderReadme(readme)).toEqual(readme);
  });

  test('every prop of the public props interfaces is documented with a summary', () => {
    const interfaces = readInterfaces(['src/controller/nginx-ingress.ts', 'src/gateway/ks-gateway.ts'].map((f) => path.join(ROOT, f)));
    const undocumented: string[] = [];
    for (const name of ['NginxIngressProps', 'ControllerServiceProps', 'MetricsProps', 'AdmissionWebhookProps', 'KsGatewayProps', 'KsGatewayServiceProps']) {
      for (const prop of interfaces.get(name) ?? []) {
        if (!prop.summary) undocumented.push(`${name}.${prop.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  test('every optional NginxIngress prop names its default', () => {
    const interfaces = readInterfaces([path.join(ROOT, 'src/controller/nginx-ingress.ts')]);
    const withoutDefault = (interfaces.get('NginxIngressProps') ?? [])
      .filter((p) => p.optional && !p.default && !/^(fullnameOverride|commonLabels|imagePullSecrets|env|extraArgs|extraVolumes|extraVolumeMounts|annotations|labels|podAnnotations|podLabels|priorityClassName|tolerations|affinity|topologySpreadConstraints|service|ingressClassResource|config|tcp|udp|metrics|admissionWebhooks|defaultBackend)$/.test(p.name))
      .map((p) => p.name);
    expect(withoutDefault).toEqual([]);
  });
});
