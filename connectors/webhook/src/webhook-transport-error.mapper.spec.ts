import { AxiosError } from 'axios';
import { OutboundRefusedError } from '@hub/connector-sdk';
import { mapTransportError, TRANSPORT_FAILURE } from './webhook-transport-error.mapper';

const TARGET = 'http://hooks.example.com/x';
const socketError = (code: string, message = `connect ${code} 10.0.0.5:6379`) => Object.assign(new Error(message), { code });
const viaAxios = (cause: Error & { code?: string }) => AxiosError.from(cause, cause.code);

describe('mapTransportError', () => {
  it('says only "not allowed by the outbound policy" for a refusal, PERMANENT and not ambiguous', () => {
    const e = mapTransportError(viaAxios(new OutboundRefusedError('rebind.example resolves to a loopback address')), TARGET, 1000);
    expect(e).toMatchObject({ kind: 'PERMANENT', message: `POST ${TARGET}: ${TRANSPORT_FAILURE.refused}`, details: { ambiguous: false } });
  });

  it('cannot tell a refused port from a hung-up one, but knows which may have delivered', () => {
    const refused = mapTransportError(viaAxios(socketError('ECONNREFUSED')), TARGET, 1000);
    const hungUp = mapTransportError(viaAxios(socketError('ECONNRESET', 'socket hang up')), TARGET, 1000);
    expect(refused.message).toBe(hungUp.message);
    expect(refused.message).toBe(`POST ${TARGET}: ${TRANSPORT_FAILURE.unreachable}`);
    expect(refused.details.ambiguous).toBe(false);
    expect(hungUp.details.ambiguous).toBe(true);
    for (const e of [refused, hungUp]) expect(e.message).not.toMatch(/ECONN|hang up|10\.0\.0\.5/);
  });

  it.each([
    ['ETIMEDOUT', 'TEMPORARY', `POST ${TARGET} timed out after 1000ms`, true],
    ['ENOTFOUND', 'TEMPORARY', `POST ${TARGET}: ${TRANSPORT_FAILURE.dns}`, false],
    ['EAI_AGAIN', 'TEMPORARY', `POST ${TARGET}: ${TRANSPORT_FAILURE.dns}`, false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TEMPORARY', `POST ${TARGET}: ${TRANSPORT_FAILURE.tls}`, false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TEMPORARY', `POST ${TARGET}: ${TRANSPORT_FAILURE.tls}`, false],
    ['EHOSTUNREACH', 'TEMPORARY', `POST ${TARGET}: ${TRANSPORT_FAILURE.unreachable}`, false],
    ['EPIPE', 'TEMPORARY', `POST ${TARGET}: ${TRANSPORT_FAILURE.unreachable}`, true],
  ])('maps %s to its class', (code, kind, message, ambiguous) => {
    expect(mapTransportError(viaAxios(socketError(code)), TARGET, 1000)).toMatchObject({ kind, message, details: { ambiguous } });
  });

  it('reads the code of an AggregateError (several addresses tried)', () => {
    const aggregate = new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], '');
    expect(mapTransportError(aggregate, TARGET, 1000)).toMatchObject({ message: `POST ${TARGET}: ${TRANSPORT_FAILURE.unreachable}`, details: { ambiguous: false } });
  });
});
