/**
 * Pod pieces every workload of the chart shares: image references, resources, image pull secrets
 * (the chart's `imagePullSecrets` value, applied to every pod).
 */
import { ControllerContext } from './_context';
import { ImagePullPolicy, ImageProps, ResourceProps } from './types';
import { Problems, parseQuantity } from '../common/_validation';

/** Renders `registry/image:tag[@digest]`. */
export function imageRef(image: ImageProps): string {
  const digest = image.digest ? `@${image.digest}` : '';
  return `${image.registry}/${image.image}:${image.tag}${digest}`;
}

/** `{ [key]: list }` when the list has items, else nothing: the chart leaves empty lists out. */
export function nonEmpty<T>(key: string, list: T[]): Record<string, T[]> {
  return list.length > 0 ? { [key]: list } : {};
}

/** `imagePullSecrets` of a pod spec: the chart applies the top-level value to every pod. */
export function imagePullSecrets(c: ControllerContext): Record<string, any> {
  const secrets = c.props.imagePullSecrets;
  return secrets ? { imagePullSecrets: secrets.map((name) => ({ name })) } : {};
}

export function renderResources(r: ResourceProps): Record<string, any> {
  const q = (x?: { cpu?: string; memory?: string; ephemeralStorage?: string }) => x && Object.fromEntries(Object.entries({
    'cpu': x.cpu, 'memory': x.memory, 'ephemeral-storage': x.ephemeralStorage,
  }).filter(([, val]) => val !== undefined));
  return { ...(r.requests ? { requests: q(r.requests) } : {}), ...(r.limits ? { limits: q(r.limits) } : {}) };
}

/**
 * Quantities must parse, and no request may exceed its limit (the API server rejects that pod).
 * `r` is what renders; `given`, when the defaults were merged in, is what the user wrote, so a
 * request that comes from the defaults is named as such.
 */
export function validateResources(v: Problems, field: string, r: ResourceProps | undefined, given: ResourceProps | undefined = r): void {
  if (!r) return;
  const keys = ['cpu', 'memory', 'ephemeralStorage'] as const;
  for (const side of ['requests', 'limits'] as const) {
    for (const key of keys) {
      const q = given?.[side]?.[key];
      if (q !== undefined) v.check(parseQuantity(q) !== undefined, `${field}.${side}.${key}`, 'must be a Kubernetes quantity such as "100m", "1" or "90Mi"', q);
    }
  }
  for (const key of keys) {
    const req = r.requests?.[key];
    const lim = r.limits?.[key];
    if (req === undefined || lim === undefined) continue;
    const a = parseQuantity(req);
    const b = parseQuantity(lim);
    if (a !== undefined && b !== undefined) {
      const fromDefault = given?.requests?.[key] === undefined ? ' (the default request; set it too)' : '';
      v.check(a <= b, `${field}.requests.${key}`, `must not exceed limits.${key} (${lim}): the API server rejects such a pod${fromDefault}`, req);
    }
  }
}

export function validateImage(v: Problems, field: string, image: ImageProps | undefined, defaults: Required<ImageProps>): void {
  if (!image) return;
  if (image.digest === undefined && defaults.digest !== '' && (
    (image.tag !== undefined && image.tag !== defaults.tag) || (image.image !== undefined && image.image !== defaults.image))) {
    v.add(`${field}.digest`, `must be set when the tag or repository changes: the default digest pins ${defaults.image}:${defaults.tag} `
      + '(give the new image\'s digest, or "" for none)');
  }
  if (image.digest !== undefined && image.digest !== '') {
    v.check(/^sha256:[a-f0-9]{64}$/.test(image.digest), `${field}.digest`, 'must be "sha256:" followed by 64 lower-case hex digits, or "" for none', image.digest);
  }
  if (image.tag !== undefined) v.check(/^[\w][\w.-]{0,127}$/.test(image.tag), `${field}.tag`, 'must be a valid image tag', image.tag);
  if (image.registry !== undefined) v.check(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(image.registry), `${field}.registry`, 'must be a registry host such as "registry.k8s.io"', image.registry);
  if (image.image !== undefined) v.check(/^[a-z0-9]+([._\/-][a-z0-9]+)*$/.test(image.image), `${field}.image`, 'must be a repository path such as "ingress-nginx/controller"', image.image);
  if (image.pullPolicy !== undefined) v.check(Object.values(ImagePullPolicy).includes(image.pullPolicy), `${field}.pullPolicy`, 'must be Always, IfNotPresent or Never', image.pullPolicy);
}
