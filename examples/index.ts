import { App } from 'cdk8s';
import * as fleetArgoCd from './fleet-argocd';
import * as fleetFlux from './fleet-flux';
import * as kubespherePlatform from './kubesphere-platform';
import * as routesApp from './routes-app';
import * as staticBaremetal from './static-baremetal';
import * as staticCloud from './static-cloud';

/** Every example: its name (the output folder under dist/) and the function that builds it. */
export const EXAMPLES: Record<string, (app: App) => void> = {
  'static-cloud': staticCloud.build,
  'static-baremetal': staticBaremetal.build,
  'kubesphere-platform': kubespherePlatform.build,
  'routes-app': routesApp.build,
  'fleet-argocd': fleetArgoCd.build,
  'fleet-flux': fleetFlux.build,
};
