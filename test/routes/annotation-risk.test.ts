import { ANNOTATION_RISK, ANNOTATION_RISK_SOURCE, RISK_ORDER } from '../../src/routes/_annotation-risk';

/**
 * Guards the risk table read from ingress-nginx controller-v1.15.1
 * (internal/ingress/annotations/<parser>/main.go, one `Risk:` per annotation: 130 in all).
 * A change here must come from reading those files again, not from editing values by hand.
 */
describe('annotation risk table (controller v1.15.1)', () => {
  test('holds the 130 annotations the parsers declare, each with a known level', () => {
    // GIVEN
    const entries = Object.entries(ANNOTATION_RISK);

    // THEN
    expect(ANNOTATION_RISK_SOURCE).toContain('controller-v1.15.1');
    expect(entries).toHaveLength(130);
    expect(entries.filter(([, [risk]]) => !RISK_ORDER.includes(risk))).toEqual([]);
  });

  test('counts per level match the source', () => {
    // GIVEN
    const counts: Record<string, number> = {};

    // WHEN
    for (const [risk] of Object.values(ANNOTATION_RISK)) counts[risk] = (counts[risk] ?? 0) + 1;

    // THEN
    expect(counts).toEqual({ Low: 72, Medium: 43, High: 10, Critical: 5 });
  });

  test('the snippets, and only they, are Critical', () => {
    // WHEN
    const critical = Object.entries(ANNOTATION_RISK).filter(([, [risk]]) => risk === 'Critical').map(([name]) => name).sort();

    // THEN
    expect(critical).toEqual(['auth-snippet', 'configuration-snippet', 'modsecurity-snippet', 'server-snippet', 'stream-snippet']);
  });

  test.each([
    ['auth-url', 'High', 'authreq'],
    ['auth-signin', 'High', 'authreq'],
    ['auth-secret', 'Medium', 'auth'],
    ['canary-weight', 'Low', 'canary'],
    ['canary-by-header', 'Medium', 'canary'],
    ['limit-rps', 'Low', 'ratelimit'],
    ['allowlist-source-range', 'Medium', 'ipallowlist'],
    ['rewrite-target', 'Medium', 'rewrite'],
    ['proxy-body-size', 'Medium', 'proxy'],
    ['enable-modsecurity', 'Low', 'modsecurity'],
    ['modsecurity-transaction-id', 'High', 'modsecurity'],
    ['server-snippet', 'Critical', 'serversnippet'],
  ])('%s is %s (parser %s)', (name, risk, parser) => {
    expect(ANNOTATION_RISK[name]).toEqual([risk, parser]);
  });
});
