/**
 * Flux settings of a fleet's output: per-object annotations (kustomize-controller docs:
 * `kustomize.toolkit.fluxcd.io/prune`, `/ssa`) and the source and Kustomization specs.
 */
import { addAnnotation } from './_hooks';

/** Annotates one object for Flux. */
export function annotateForFlux(o: any): void {
  // A Namespace may hold other apps' objects: never prune it.
  if (o.kind === 'Namespace') addAnnotation(o, 'kustomize.toolkit.fluxcd.io/prune', 'disabled');
  // Keep the caBundle (and other fields) another controller writes instead of reverting them on every reconcile.
  if (o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration' || o.kind === 'APIService') {
    addAnnotation(o, 'kustomize.toolkit.fluxcd.io/ssa', 'Merge');
  }
}
