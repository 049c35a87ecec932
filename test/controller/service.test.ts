import { Testing } from 'cdk8s';
import { args, container, controllerService, findObject, kindsAndNames, ofKind, synth, synthYaml } from './_render';
import { ExternalTrafficPolicy, IpFamily, IpFamilyPolicy, NginxIngress, ServiceType } from '../../src';

/**
 * The controller Services (main, internal, admission, metrics), --publish-service, and the TCP/UDP
 * services with their ConfigMaps, args, container ports and Service ports.
 */

describe('controller Service', () => {
  test('default: LoadBalancer with http and https, SingleStack IPv4', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const svc = controllerService(synth(chart));
    expect(svc.spec).toEqual({
      type: 'LoadBalancer',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      ports: [
        { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
      ],
      selector: {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/instance': 'ingress-nginx',
        'app.kubernetes.io/component': 'controller',
      },
    });
  });

  test.each([ServiceType.NODE_PORT, ServiceType.CLUSTER_IP])('type %s', (type) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { service: { type } });

    // THEN
    expect(controllerService(synth(chart)).spec.type).toBe(type);
  });

  test('annotations and labels', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' }, labels: { exposure: 'public' } },
    });

    // THEN
    const svc = controllerService(synth(chart));
    expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(svc.metadata.labels.exposure).toBe('public');
    expect(svc.spec.selector.exposure).toBeUndefined();
  });

  test('loadBalancerClass, loadBalancerIP, loadBalancerSourceRanges, externalTrafficPolicy', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      service: {
        loadBalancerClass: 'service.k8s.aws/nlb',
        loadBalancerIP: '203.0.113.10',
        loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
        externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      },
    });

    // THEN
    const spec = controllerService(synth(chart)).spec;
    expect(spec.loadBalancerClass).toBe('service.k8s.aws/nlb');
    expect(spec.loadBalancerIP).toBe('203.0.113.10');
    expect(spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect(spec.externalTrafficPolicy).toBe('Local');
  });

  test('no externalTrafficPolicy by default (Kubernetes: Cluster)', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    expect(controllerService(synth(chart)).spec).not.toHaveProperty('externalTrafficPolicy');
  });

  test('pinned nodePorts for http, https, tcp and udp', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      service: { type: ServiceType.NODE_PORT, nodePorts: { http: 30080, https: 30443, tcp: { 2222: 32222 }, udp: { 53: 30053 } } },
      tcp: { 2222: 'git/ssh:22' },
      udp: { 53: 'kube-system/kube-dns:53' },
    });

    // THEN
    expect(controllerService(synth(chart)).spec.ports.map((p: any) => [p.name, p.port, p.protocol, p.nodePort])).toEqual([
      ['http', 80, 'TCP', 30080],
      ['https', 443, 'TCP', 30443],
      ['2222-tcp', 2222, 'TCP', 32222],
      ['53-udp', 53, 'UDP', 30053],
    ]);
  });

  test('ipFamilies and ipFamilyPolicy', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      service: { ipFamilyPolicy: IpFamilyPolicy.REQUIRE_DUAL_STACK, ipFamilies: [IpFamily.IPV6, IpFamily.IPV4] },
    });

    // THEN
    const spec = controllerService(synth(chart)).spec;
    expect(spec.ipFamilyPolicy).toBe('RequireDualStack');
    expect(spec.ipFamilies).toEqual(['IPv6', 'IPv4']);
  });

  test('httpPort, httpsPort, enableHttp and clusterIP/externalIPs', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      service: { type: ServiceType.CLUSTER_IP, httpPort: 8080, httpsPort: 8443, enableHttp: false, clusterIP: '10.96.0.50', externalIPs: ['192.0.2.1'] },
    });

    // THEN
    const spec = controllerService(synth(chart)).spec;
    expect(spec.ports).toEqual([{ appProtocol: 'https', name: 'https', port: 8443, protocol: 'TCP', targetPort: 'https' }]);
    expect(spec.clusterIP).toBe('10.96.0.50');
    expect(spec.externalIPs).toEqual(['192.0.2.1']);
  });

  test('internal Service: "-internal", its own annotations, the main Service\'s ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      service: {
        internal: {
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
          loadBalancerSourceRanges: ['10.0.0.0/8'],
          externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
        },
      },
      tcp: { 9000: 'apps/tcp-echo:9000' },
    });

    // THEN
    const objects = synth(chart);
    const internal = findObject(objects, 'Service', 'ingress-nginx-controller-internal');
    expect(internal.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(internal.spec.type).toBe('LoadBalancer');
    expect(internal.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
    expect(internal.spec.externalTrafficPolicy).toBe('Local');
    expect(internal.spec.ports).toEqual(controllerService(objects).spec.ports);
    expect(internal.spec.selector).toEqual(controllerService(objects).spec.selector);
    expect(args(objects)).toContain('--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller');
  });

  test('internal Service with its own type; none without annotations', () => {
    // GIVEN
    const typed = Testing.chart();
    const empty = Testing.chart();

    // WHEN
    new NginxIngress(typed, 'ingress', { service: { internal: { annotations: { a: 'b' }, type: ServiceType.CLUSTER_IP } } });
    new NginxIngress(empty, 'ingress', { service: { internal: { annotations: {} } } });

    // THEN
    expect(findObject(synth(typed), 'Service', 'ingress-nginx-controller-internal').spec.type).toBe('ClusterIP');
    expect(kindsAndNames(synth(empty))).not.toContain('Service/ingress-nginx-controller-internal');
  });

  test('service disabled: no controller Service and no --publish-service; the admission Service stays', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { service: { enabled: false } });

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(ofKind(objects, 'Service'))).toEqual(['Service/ingress-nginx-controller-admission']);
    expect(args(objects).some((a) => a.startsWith('--publish-service'))).toBe(false);
  });

  test('publishService false drops --publish-service and keeps the Service', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { publishService: false });

    // THEN
    const objects = synth(chart);
    expect(controllerService(objects).spec.type).toBe('LoadBalancer');
    expect(args(objects).some((a) => a.startsWith('--publish-service'))).toBe(false);
  });

  test('the admission Service points 443 at the webhook port', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const svc = findObject(synth(chart), 'Service', 'ingress-nginx-controller-admission');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ appProtocol: 'https', name: 'https-webhook', port: 443, targetPort: 'webhook' }]);
  });
});

describe('metrics', () => {
  test('enabled: Service "<ctrl>-metrics", container port and --enable-metrics=true', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { metrics: { enabled: true, serviceAnnotations: { 'prometheus.io/scrape': 'true' } } });

    // THEN
    const objects = synth(chart);
    const svc = findObject(objects, 'Service', 'ingress-nginx-controller-metrics');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 10254, protocol: 'TCP', targetPort: 'metrics' }]);
    expect(svc.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(container(objects).ports.map((p: any) => p.name)).toEqual(['http', 'https', 'metrics', 'webhook']);
    expect(container(objects).ports[2]).toEqual({ containerPort: 10254, name: 'metrics', protocol: 'TCP' });
    expect(args(objects)).toContain('--enable-metrics=true');
  });

  test('custom port and portName', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { metrics: { enabled: true, port: 9913, portName: 'prometheus' } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'Service', 'ingress-nginx-controller-metrics').spec.ports)
      .toEqual([{ name: 'prometheus', port: 9913, protocol: 'TCP', targetPort: 'prometheus' }]);
    expect(container(objects).ports).toContainEqual({ containerPort: 9913, name: 'prometheus', protocol: 'TCP' });
  });

  test('metrics.service false: the arg and port without the Service', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const ingress = new NginxIngress(chart, 'ingress', { metrics: { enabled: true, service: false } });

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(objects)).not.toContain('Service/ingress-nginx-controller-metrics');
    expect(args(objects)).toContain('--enable-metrics=true');
    expect(ingress.metricsServiceName).toBeUndefined();
  });

  test('off by default: no Service, port or arg', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(objects)).not.toContain('Service/ingress-nginx-controller-metrics');
    expect(container(objects).ports.map((p: any) => p.name)).not.toContain('metrics');
    expect(args(objects).some((a) => a.startsWith('--enable-metrics'))).toBe(false);
  });
});

describe('TCP and UDP services', () => {
  test('ConfigMaps, args, container ports and Service ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      tcp: { 5432: 'db/postgres:5432', 2222: 'git/ssh:22:PROXY' },
      udp: { 53: 'kube-system/kube-dns:53' },
    });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'ConfigMap', 'ingress-nginx-tcp').data).toEqual({ 2222: 'git/ssh:22:PROXY', 5432: 'db/postgres:5432' });
    expect(findObject(objects, 'ConfigMap', 'ingress-nginx-udp').data).toEqual({ 53: 'kube-system/kube-dns:53' });
    const a = args(objects);
    expect(a.slice(a.indexOf('--configmap=$(POD_NAMESPACE)/ingress-nginx-controller') + 1).slice(0, 2)).toEqual([
      '--tcp-services-configmap=$(POD_NAMESPACE)/ingress-nginx-tcp',
      '--udp-services-configmap=$(POD_NAMESPACE)/ingress-nginx-udp',
    ]);
    expect(container(objects).ports.slice(3)).toEqual([
      { containerPort: 2222, name: '2222-tcp', protocol: 'TCP' },
      { containerPort: 5432, name: '5432-tcp', protocol: 'TCP' },
      { containerPort: 53, name: '53-udp', protocol: 'UDP' },
    ]);
    expect(controllerService(objects).spec.ports.slice(2)).toEqual([
      { name: '2222-tcp', port: 2222, protocol: 'TCP', targetPort: '2222-tcp' },
      { name: '5432-tcp', port: 5432, protocol: 'TCP', targetPort: '5432-tcp' },
      { name: '53-udp', port: 53, protocol: 'UDP', targetPort: '53-udp' },
    ]);
  });

  test('none by default: no ConfigMaps or args', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(ofKind(objects, 'ConfigMap').map((o) => o.metadata.name)).toEqual(['ingress-nginx-controller']);
    expect(args(objects).some((a) => /--(tcp|udp)-services-configmap/.test(a))).toBe(false);
  });

  test('addTcpService and addUdpService after construction render everything the props would', () => {
    // GIVEN
    const viaProps = Testing.chart();
    const viaMutators = Testing.chart();
    new NginxIngress(viaProps, 'ingress', { tcp: { 9000: 'apps/echo:9000' }, udp: { 514: 'logs/syslog:514' } });

    // WHEN
    const ingress = new NginxIngress(viaMutators, 'ingress');
    ingress.addTcpService(9000, 'apps/echo:9000');
    ingress.addUdpService(514, 'logs/syslog:514');

    // THEN
    const objects = synth(viaMutators);
    expect(findObject(objects, 'ConfigMap', 'ingress-nginx-tcp').data).toEqual({ 9000: 'apps/echo:9000' });
    expect(args(objects)).toContain('--udp-services-configmap=$(POD_NAMESPACE)/ingress-nginx-udp');
    expect(controllerService(objects).spec.ports.map((p: any) => p.name)).toEqual(['http', 'https', '9000-tcp', '514-udp']);
    expect(synthYaml(viaMutators)).toBe(synthYaml(viaProps));
  });

  test('adding ports in different orders gives byte-identical YAML', () => {
    // GIVEN
    const first = Testing.chart();
    const second = Testing.chart();
    const a = new NginxIngress(first, 'ingress');
    const b = new NginxIngress(second, 'ingress', { udp: { 123: 'time/ntp:123' } });

    // WHEN
    a.addTcpService(22, 'git/ssh:22');
    a.addTcpService(8000, 'apps/b:8000');
    a.addUdpService(53, 'dns/coredns:53');
    a.addUdpService(123, 'time/ntp:123');
    b.addUdpService(53, 'dns/coredns:53');
    b.addTcpService(8000, 'apps/b:8000');
    b.addTcpService(22, 'git/ssh:22');

    // THEN
    expect(synthYaml(first)).toBe(synthYaml(second));
    expect(kindsAndNames(ofKind(synth(first), 'ConfigMap'))).toEqual([
      'ConfigMap/ingress-nginx-controller', 'ConfigMap/ingress-nginx-tcp', 'ConfigMap/ingress-nginx-udp',
    ]);
  });

  test('forwarding a port twice throws at once', () => {
    // GIVEN
    const chart = Testing.chart();
    const ingress = new NginxIngress(chart, 'ingress', { tcp: { 22: 'git/ssh:22' } });

    // WHEN / THEN
    expect(() => ingress.addTcpService(22, 'other/ssh:22')).toThrow('test/ingress: tcp port 22 is already forwarded to git/ssh:22');
  });
});
