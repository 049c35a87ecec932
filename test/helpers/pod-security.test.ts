import { expectRestricted, restrictedViolations } from './pod-security';

const HARDENED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
  runAsNonRoot: true,
  runAsUser: 101,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** A Deployment that meets `restricted`, with `change` applied to its pod spec. */
function deployment(change: (pod: any) => void = () => {}): any {
  const pod: any = {
    containers: [{
      name: 'controller',
      image: 'controller:v1',
      ports: [{ containerPort: 80 }],
      securityContext: structuredClone(HARDENED),
      livenessProbe: { httpGet: { path: '/healthz', port: 10254 } },
    }],
    volumes: [
      { name: 'webhook-cert', secret: { secretName: 'admission' } },
      { name: 'tmp', emptyDir: {} },
    ],
  };
  change(pod);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'controller' },
    spec: { selector: {}, template: { metadata: {}, spec: pod } },
  };
}

describe('restrictedViolations', () => {
  test('a compliant Deployment has none', () => {
    expect(restrictedViolations(deployment())).toEqual([]);
  });

  test('pod-level runAsNonRoot and seccomp cover every container', () => {
    const d = deployment((pod) => {
      pod.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } };
      delete pod.containers[0].securityContext.runAsNonRoot;
      delete pod.containers[0].securityContext.seccompProfile;
    });
    expect(restrictedViolations(d)).toEqual([]);
  });

  test('kinds without a pod template have none', () => {
    expect(restrictedViolations({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { hostNetwork: true } })).toEqual([]);
  });

  test('a container with no security context breaks every container rule', () => {
    const d = deployment((pod) => delete pod.containers[0].securityContext);
    expect(restrictedViolations(d)).toEqual([
      'container "controller": allowPrivilegeEscalation must be false (got undefined)',
      'container "controller": capabilities.drop must include "ALL" (got undefined)',
      'container "controller": runAsNonRoot must be true, here or for the pod (got undefined)',
      'container "controller": seccompProfile.type must be "RuntimeDefault" or "Localhost", here or for the pod (got undefined)',
    ]);
  });

  test.each<[string, (pod: any) => void, string]>([
    ['hostNetwork', (pod) => { pod.hostNetwork = true; }, 'pod: hostNetwork must be false (got true)'],
    ['hostPID', (pod) => { pod.hostPID = true; }, 'pod: hostPID must be false (got true)'],
    ['hostIPC', (pod) => { pod.hostIPC = true; }, 'pod: hostIPC must be false (got true)'],
    ['hostPath volume', (pod) => { pod.volumes.push({ name: 'logs', hostPath: { path: '/var/log' } }); },
      'volume "logs": type hostPath is not allowed (allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)'],
    ['other volume type', (pod) => { pod.volumes.push({ name: 'share', nfs: { server: 'nfs', path: '/' } }); },
      'volume "share": type nfs is not allowed (allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)'],
    ['unsafe sysctl', (pod) => { pod.securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '4096' }] }; },
      'pod: sysctl net.core.somaxconn is not allowed (allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, '
        + 'net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, '
        + 'net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes)'],
    ['pod runAsNonRoot false', (pod) => { pod.securityContext = { runAsNonRoot: false }; }, 'pod: runAsNonRoot must be true (got false)'],
    ['pod runAsUser 0', (pod) => { pod.securityContext = { runAsUser: 0 }; }, 'pod: runAsUser must not be 0 (got 0)'],
    ['pod seccomp Unconfined', (pod) => { pod.securityContext = { seccompProfile: { type: 'Unconfined' } }; },
      'pod: seccompProfile.type must be "RuntimeDefault" or "Localhost" (got "Unconfined")'],
    ['pod AppArmor Unconfined', (pod) => { pod.securityContext = { appArmorProfile: { type: 'Unconfined' } }; },
      'pod: appArmorProfile.type must be "RuntimeDefault" or "Localhost" (got "Unconfined")'],
    ['pod SELinux type', (pod) => { pod.securityContext = { seLinuxOptions: { type: 'spc_t' } }; },
      'pod: seLinuxOptions.type must be unset or one of container_t, container_init_t, container_kvm_t, container_engine_t (got "spc_t")'],
    ['pod Windows hostProcess', (pod) => { pod.securityContext = { windowsOptions: { hostProcess: true } }; },
      'pod: windowsOptions.hostProcess must be false (got true)'],
    ['privileged', (pod) => { pod.containers[0].securityContext.privileged = true; },
      'container "controller": privileged must be false (got true)'],
    ['allowPrivilegeEscalation true', (pod) => { pod.containers[0].securityContext.allowPrivilegeEscalation = true; },
      'container "controller": allowPrivilegeEscalation must be false (got true)'],
    ['capabilities not dropped', (pod) => { pod.containers[0].securityContext.capabilities.drop = ['NET_RAW']; },
      'container "controller": capabilities.drop must include "ALL" (got ["NET_RAW"])'],
    ['capability added', (pod) => { pod.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; },
      'container "controller": capabilities.add may only contain "NET_BIND_SERVICE" (got ["NET_BIND_SERVICE","SYS_ADMIN"])'],
    ['container runAsNonRoot false despite the pod', (pod) => {
      pod.securityContext = { runAsNonRoot: true };
      pod.containers[0].securityContext.runAsNonRoot = false;
    }, 'container "controller": runAsNonRoot must be true, here or for the pod (got false)'],
    ['container runAsUser 0', (pod) => { pod.containers[0].securityContext.runAsUser = 0; },
      'container "controller": runAsUser must not be 0 (got 0)'],
    ['container seccomp Unconfined', (pod) => { pod.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; },
      'container "controller": seccompProfile.type must be "RuntimeDefault" or "Localhost", here or for the pod (got "Unconfined")'],
    ['container AppArmor Unconfined', (pod) => { pod.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }; },
      'container "controller": appArmorProfile.type must be "RuntimeDefault" or "Localhost" (got "Unconfined")'],
    ['container SELinux user', (pod) => { pod.containers[0].securityContext.seLinuxOptions = { user: 'system_u' }; },
      'container "controller": seLinuxOptions.user must be unset (got "system_u")'],
    ['/proc mount', (pod) => { pod.containers[0].securityContext.procMount = 'Unmasked'; },
      'container "controller": procMount must be "Default" (got "Unmasked")'],
    ['hostPort', (pod) => { pod.containers[0].ports[0].hostPort = 80; },
      'container "controller": ports: hostPort must be 0 or unset (got 80)'],
    ['probe host', (pod) => { pod.containers[0].livenessProbe.httpGet.host = '10.0.0.1'; },
      'container "controller": livenessProbe.httpGet.host must be unset (got "10.0.0.1")'],
    ['lifecycle host', (pod) => { pod.containers[0].lifecycle = { preStop: { tcpSocket: { port: 80, host: 'node' } } }; },
      'container "controller": lifecycle.preStop.tcpSocket.host must be unset (got "node")'],
  ])('%s is a violation', (_name, change, expected) => {
    expect(restrictedViolations(deployment(change))).toEqual([expected]);
  });

  test('SELinux user and role are both reported', () => {
    const d = deployment((pod) => { pod.containers[0].securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r' }; });
    expect(restrictedViolations(d)).toEqual([
      'container "controller": seLinuxOptions.user must be unset (got "system_u")',
      'container "controller": seLinuxOptions.role must be unset (got "system_r")',
    ]);
  });

  test('AppArmor annotations must name runtime/default or a localhost profile', () => {
    const d = deployment();
    d.spec.template.metadata.annotations = {
      'container.apparmor.security.beta.kubernetes.io/controller': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/other': 'localhost/k8s-nginx',
    };
    expect(restrictedViolations(d)).toEqual([
      'pod: annotation container.apparmor.security.beta.kubernetes.io/controller must be "runtime/default" or "localhost/*" (got "unconfined")',
    ]);
  });

  test('init and ephemeral containers are held to the same rules', () => {
    const d = deployment((pod) => {
      pod.initContainers = [{ name: 'init', image: 'i', securityContext: { ...structuredClone(HARDENED), allowPrivilegeEscalation: true } }];
      pod.ephemeralContainers = [{ name: 'debug', image: 'd', securityContext: { ...structuredClone(HARDENED), runAsUser: 0 } }];
    });
    expect(restrictedViolations(d)).toEqual([
      'initContainer "init": allowPrivilegeEscalation must be false (got true)',
      'ephemeralContainer "debug": runAsUser must not be 0 (got 0)',
    ]);
  });

  test.each([
    ['Pod', (pod: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: pod })],
    ['DaemonSet', (pod: any) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec: pod } } })],
    ['StatefulSet', (pod: any) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: { spec: pod } } })],
    ['Job', (pod: any) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: pod } } })],
    ['CronJob', (pod: any) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: pod } } } },
    })],
  ])('finds the pod spec of a %s', (_kind, wrap) => {
    const pod = { hostNetwork: true, containers: [{ name: 'c', image: 'i', securityContext: structuredClone(HARDENED) }] };
    expect(restrictedViolations(wrap(pod))).toEqual(['pod: hostNetwork must be false (got true)']);
  });
});

describe('expectRestricted', () => {
  test('passes compliant objects and objects without pods', () => {
    expect(() => expectRestricted([deployment(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }])).not.toThrow();
  });

  test('throws one error listing every violation of every object', () => {
    const a = deployment((pod) => { pod.hostNetwork = true; });
    const b = deployment((pod) => { pod.containers[0].securityContext.allowPrivilegeEscalation = undefined; });
    b.metadata.name = 'other';
    expect(() => expectRestricted([a, b])).toThrow(new Error([
      '2 Pod Security Standards (restricted) violation(s):',
      '  Deployment/controller: pod: hostNetwork must be false (got true)',
      '  Deployment/other: container "controller": allowPrivilegeEscalation must be false (got undefined)',
    ].join('\n')));
  });
});
