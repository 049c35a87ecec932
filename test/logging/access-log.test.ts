import { AccessLogField, AccessLogFormat, AccessLogMeaning, AccessLogValueType } from '../../src';

describe('AccessLogFormat', () => {
  test('the standard set: every meaning once, upstream fields as strings', () => {
    // GIVEN / WHEN
    const format = AccessLogFormat.standard();
    // THEN
    expect(format.problems('format')).toEqual([]);
    const meanings = Object.values(AccessLogMeaning).filter((m) => m !== AccessLogMeaning.CUSTOM);
    expect(format.fields.map((f) => f.meaning)).toEqual(meanings);
    for (const m of [AccessLogMeaning.UPSTREAM_ADDRESS, AccessLogMeaning.UPSTREAM_STATUS, AccessLogMeaning.UPSTREAM_RESPONSE_TIME]) {
      expect(format.fieldFor(m)?.valueType).toBe(AccessLogValueType.STRING);
    }
    expect(format.fields.filter((f) => f.bounded).map((f) => f.key)).toEqual(['method', 'protocol', 'status', 'ingress', 'namespace', 'service']);
  });

  test('the nginx rendering is one JSON object with bare numbers and quoted strings', () => {
    const format = AccessLogFormat.of([
      AccessLogField.standard(AccessLogMeaning.STATUS),
      AccessLogField.standard(AccessLogMeaning.PATH, 'uri'),
      AccessLogField.nginx('tenant', 'http_x_tenant'),
    ]);
    expect(format.nginxLogFormat()).toBe('{"status": $status, "uri": "$uri", "tenant": "$http_x_tenant"}');
  });

  test('bad fields: unknown variable, reserved, duplicate and malformed keys, all at once', () => {
    const format = AccessLogFormat.of([
      AccessLogField.nginx('time', 'msec'),
      AccessLogField.nginx('a', 'no_such_variable'),
      AccessLogField.nginx('a', '$host'),
      AccessLogField.nginx('1x', 'http_'),
      'status' as any,
    ]);
    expect(format.problems('format')).toEqual([
      'format[0].key must not be one of log, time, stream, logtag, kubernetes, @timestamp, gateway, project, status_class: the log pipeline and the container runtime write those (got "time")',
      'format[1].nginxVariable must be an nginx variable the ingress-nginx controller provides, without "$" (got "no_such_variable")',
      'format[2].key must be unique in the format (got "a" twice)',
      'format[2].nginxVariable must be an nginx variable the ingress-nginx controller provides, without "$" (got "$host")',
      'format[3].key must be letters, digits or "_", not starting with a digit (got "1x")',
      'format[3].nginxVariable must be an nginx variable the ingress-nginx controller provides, without "$" (got "http_")',
      'format[4] must be an AccessLogField from AccessLogField.standard() or AccessLogField.nginx() (got "status")',
    ]);
    expect(AccessLogFormat.of([]).problems('format')).toEqual(['format must have at least one field (got none)']);
  });

  test('an unknown meaning is refused at once', () => {
    expect(() => AccessLogField.standard('latency' as any)).toThrow(/^AccessLogField.standard: meaning must be one of time, remote-address, .* \(got "latency"\)$/);
  });
});
