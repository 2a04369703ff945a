import { computeSignature, encryptMessage, randomNonce, type CallbackSecrets } from '@hub/connector-sdk';

/** The JSON body DingTalk expects in answer to a callback. */
export interface DingTalkEncryptedReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

/**
 * Builds the encrypted reply DingTalk expects after a callback (normally for the text "success"):
 * current time in ms, a fresh nonce and a signature over the reply's own values.
 */
export function encryptReply(
  plaintext: string,
  secrets: CallbackSecrets,
  nowMs: number = Date.now(),
  nonce: string = randomNonce(),
): DingTalkEncryptedReply {
  const encrypt = encryptMessage(plaintext, secrets.aesKey, secrets.ownerKey);
  const timeStamp = String(nowMs);
  return { msg_signature: computeSignature(secrets.token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}
