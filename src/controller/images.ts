import { CERTGEN_IMAGE } from './_admission';
import { DEFAULT_BACKEND_IMAGE } from './_default-backend';
import { imageRef } from './_pod';
import { CONFIG_CHECKSUM_ANNOTATION, CONTROLLER_IMAGE } from './_workload';
import { ImageProps } from './types';

/**
 * The images chart 4.15.1 pins (controller v1.15.1), and how an image reference is written.
 *
 * @example
 * Images.ref(Images.CONTROLLER); // registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:...
 */
export class Images {
  /** The controller image, pinned by digest. */
  public static readonly CONTROLLER: ImageProps = { ...CONTROLLER_IMAGE };
  /** The kube-webhook-certgen image of the admission Jobs, pinned by digest. */
  public static readonly CERTGEN: ImageProps = { ...CERTGEN_IMAGE };
  /** The default backend image (published without a digest). */
  public static readonly DEFAULT_BACKEND: ImageProps = { ...DEFAULT_BACKEND_IMAGE };
  /** The pod annotation that rolls the controller pods when a watched-namespace config changes. */
  public static readonly CONFIG_CHECKSUM_ANNOTATION = CONFIG_CHECKSUM_ANNOTATION;

  /** The reference of an image as the chart writes it: `registry/image:tag@digest`. */
  public static ref(image: ImageProps): string {
    return imageRef(image);
  }

  private constructor() {}
}
