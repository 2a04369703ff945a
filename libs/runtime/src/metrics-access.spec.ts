import { metricsAccess } from './metrics-access';

describe('metricsAccess', () => {
  it('without a token: loopback clients only', () => {
    expect(metricsAccess('', '127.0.0.1', undefined)).toEqual({ allowed: true });
    expect(metricsAccess('', '::1', undefined)).toEqual({ allowed: true });
    expect(metricsAccess('', '::ffff:127.0.0.1', undefined)).toEqual({ allowed: true });
    expect(metricsAccess('', '10.0.0.8', undefined)).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess('', undefined, undefined)).toMatchObject({ allowed: false, status: 403 });
  });

  it('with a token: the right bearer token from anywhere, nothing else (loopback included)', () => {
    expect(metricsAccess('t0ken-123', '10.0.0.8', 'Bearer t0ken-123')).toEqual({ allowed: true });
    expect(metricsAccess('t0ken-123', '127.0.0.1', undefined)).toMatchObject({ allowed: false, status: 401 });
    expect(metricsAccess('t0ken-123', '10.0.0.8', 'Bearer t0ken-124')).toMatchObject({ allowed: false, status: 401 });
  });
});
