/** The Grafana dashboard, generated from the gateway metric table (never a copied JSON). */
import { GatewayMetrics, MetricUnit } from './gateway-metrics';

/** Grafana's unit ids. */
const GRAFANA_UNIT: { [unit: string]: string } = {
  [MetricUnit.REQUESTS]: 'short',
  [MetricUnit.REQUESTS_PER_SECOND]: 'reqps',
  [MetricUnit.RATIO]: 'percentunit',
  [MetricUnit.SECONDS]: 's',
  [MetricUnit.BYTES_PER_SECOND]: 'Bps',
  [MetricUnit.BYTES]: 'bytes',
  [MetricUnit.CORES]: 'short',
  [MetricUnit.CONNECTIONS]: 'none',
};

export function dashboardJson(title: string, uid: string, job: string): string {
  const panels = GatewayMetrics.table().map((m, i) => ({
    id: i + 1,
    type: 'timeseries',
    title: m.description,
    description: `KubeSphere metric ${m.id}, record ${m.record}`,
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    datasource: { type: 'prometheus', uid: '${datasource}' },
    fieldConfig: { defaults: { unit: GRAFANA_UNIT[m.unit] }, overrides: [] },
    targets: [{
      refId: 'A',
      expr: `${m.record}{job=${JSON.stringify(job)}${m.by.includes('exported_namespace') ? ', exported_namespace=~"$namespace"' : ''}}`,
      legendFormat: m.by.filter((b) => b !== 'job').map((b) => `{{${b}}}`).join('/') || job,
    }],
  }));
  return JSON.stringify({
    uid,
    title,
    tags: ['ingress-nginx', 'kubesphere'],
    schemaVersion: 39,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [
        { name: 'datasource', type: 'datasource', query: 'prometheus' },
        {
          name: 'namespace',
          type: 'query',
          datasource: { type: 'prometheus', uid: '${datasource}' },
          query: `label_values(${GatewayMetrics.table()[0].record}{job=${JSON.stringify(job)}}, exported_namespace)`,
          includeAll: true,
          multi: true,
          allValue: '.*',
        },
      ],
    },
    panels,
  }, null, 2);
}
