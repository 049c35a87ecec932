import { sameLabels } from '../../src/gateway/_labels';

/**
 * Label maps are compared by content: a selector written in another key order is the same
 * selector (KsGateway then keeps the chart's default instead of an explicit override).
 */
describe('sameLabels', () => {
  test('the same keys and values in another order are the same labels', () => {
    expect(sameLabels(
      { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'gw-ingress', 'app.kubernetes.io/component': 'controller' },
      { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'gw-ingress', 'app.kubernetes.io/name': 'ingress-nginx' },
    )).toBe(true);
  });

  test.each([
    ['a value differs', { a: '1', b: '2' }, { a: '1', b: '3' }],
    ['a key is missing', { a: '1', b: '2' }, { a: '1' }],
    ['a key is extra', { a: '1' }, { a: '1', b: '2' }],
    ['another key with the same count', { a: '1', b: '2' }, { a: '1', c: '2' }],
  ])('%s: not the same', (_, a, b) => {
    expect(sameLabels(a, b)).toBe(false);
  });
});
