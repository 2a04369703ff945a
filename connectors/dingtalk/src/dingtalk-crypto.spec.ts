import { computeSignature, decryptMessage } from '@hub/connector-sdk';
import { encryptReply } from './dingtalk-crypto';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OWNER = 'dingcorp123';

describe('DingTalk callback reply', () => {
  it('builds the encrypted "success" reply with ms time, a 16-char nonce and a valid signature', () => {
    const secrets = { token: 'tok', aesKey: KEY, ownerKey: OWNER };
    const reply = encryptReply('success', secrets, 1_700_000_000_123);
    expect(reply.timeStamp).toBe('1700000000123');
    expect(reply.nonce).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(reply.msg_signature).toBe(computeSignature('tok', reply.timeStamp, reply.nonce, reply.encrypt));
    expect(decryptMessage(reply.encrypt, KEY, OWNER)).toBe('success');
    expect(encryptReply('success', secrets).nonce).not.toBe(reply.nonce);
  });

});
