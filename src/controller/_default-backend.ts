/**
 * The default backend: the chart's `templates/default-backend-deployment.yaml` and
 * `default-backend-service.yaml` and `default-backend-poddisruptionbudget.yaml` (its ServiceAccount
 * renders with the others, in _rbac).
 */
import { PodDisruptionBudgetProps, pdbSpec, validatePdb } from './_autoscaling';
import { ControllerContext, meta, obj } from './_context';
import { imagePullSecrets, imageRef, renderResources, validateImage, validateResources } from './_pod';
import { Component } from './names';
import { ImagePullPolicy, ImageProps, ResourceProps, ServiceType } from './types';
import { Problems } from '../common/_validation';

/** Default backend image. @see values.yaml defaultBackend.image */
export const DEFAULT_BACKEND_IMAGE: Required<ImageProps> = {
  registry: 'registry.k8s.io',
  image: 'defaultbackend-amd64',
  tag: '1.5',
  digest: '',
  pullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};

/** The default backend. @see values.yaml defaultBackend */
export interface DefaultBackendProps {
  /** Render the default backend and point `--default-backend-service` at it. @default false @see values.yaml defaultBackend.enabled */
  readonly enabled?: boolean;
  /** Default backend image (published without a digest upstream). @default registry.k8s.io/defaultbackend-amd64:1.5 @see values.yaml defaultBackend.image */
  readonly image?: ImageProps;
  /** Default backend replicas. @default 1 @see values.yaml defaultBackend.replicaCount */
  readonly replicas?: number;
  /** Default backend container resources. @default - none @see values.yaml defaultBackend.resources */
  readonly resources?: ResourceProps;
  /**
   * PodDisruptionBudget of the default backend, rendered as the chart does when replicas > 1.
   * @default - minAvailable 1 @see values.yaml defaultBackend.minAvailable
   */
  readonly podDisruptionBudget?: PodDisruptionBudgetProps;
}

export function renderDefaultBackendService(c: ControllerContext): void {
  const n = c.names;
  obj(c, 'DefaultBackendService', 'v1', 'Service', meta(c, n.defaultBackend, Component.DEFAULT_BACKEND), {
    spec: {
      type: ServiceType.CLUSTER_IP,
      ports: [{ appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
      selector: n.selectorLabels(Component.DEFAULT_BACKEND),
    },
  });
}

export function renderDefaultBackend(c: ControllerContext): void {
  const n = c.names;
  const d = c.props.defaultBackend ?? {};
  const probe = (o: Record<string, number>) => ({ httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, ...o });
  obj(c, 'DefaultBackendDeployment', 'apps/v1', 'Deployment', meta(c, n.defaultBackend, Component.DEFAULT_BACKEND), {
    spec: {
      minReadySeconds: 0,
      replicas: d.replicas ?? 1,
      revisionHistoryLimit: c.props.revisionHistoryLimit ?? 10,
      selector: { matchLabels: n.selectorLabels(Component.DEFAULT_BACKEND) },
      template: {
        metadata: { labels: { ...n.podLabels(Component.DEFAULT_BACKEND), ...n.selectorLabels(Component.DEFAULT_BACKEND) } },
        spec: {
          automountServiceAccountToken: true,
          containers: [{
            name: 'ingress-nginx-default-backend',
            image: imageRef({ ...DEFAULT_BACKEND_IMAGE, ...(d.image ?? {}) }),
            imagePullPolicy: d.image?.pullPolicy ?? DEFAULT_BACKEND_IMAGE.pullPolicy,
            livenessProbe: probe({ failureThreshold: 3, initialDelaySeconds: 30, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 }),
            readinessProbe: probe({ failureThreshold: 6, initialDelaySeconds: 0, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 5 }),
            ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
            ...(d.resources ? { resources: renderResources(d.resources) } : {}),
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              readOnlyRootFilesystem: true,
              runAsGroup: 65534,
              runAsNonRoot: true,
              runAsUser: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
          }],
          ...imagePullSecrets(c),
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          serviceAccountName: n.defaultBackendServiceAccount,
          terminationGracePeriodSeconds: 60,
        },
      },
    },
  });
}

/** The chart's `templates/default-backend-poddisruptionbudget.yaml`: only with more than one replica. */
export function renderDefaultBackendPdb(c: ControllerContext): void {
  const d = c.props.defaultBackend ?? {};
  if ((d.replicas ?? 1) <= 1) return;
  obj(c, 'DefaultBackendPodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget', meta(c, c.names.defaultBackend, Component.DEFAULT_BACKEND), {
    spec: pdbSpec(d.podDisruptionBudget ?? {}, c.names.selectorLabels(Component.DEFAULT_BACKEND)),
  });
}

export function validateDefaultBackend(c: ControllerContext, v: Problems): void {
  const p = c.props;
  if (p.defaultBackend?.enabled) {
    v.integer('defaultBackend.replicas', p.defaultBackend.replicas, 1);
    validateResources(v, 'defaultBackend.resources', p.defaultBackend.resources);
    validateImage(v, 'defaultBackend.image', p.defaultBackend.image, DEFAULT_BACKEND_IMAGE);
    validatePdb(v, 'defaultBackend.podDisruptionBudget', p.defaultBackend.podDisruptionBudget, p.defaultBackend.replicas ?? 1);
  }
}
