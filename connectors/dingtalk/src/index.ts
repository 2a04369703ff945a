export { DingTalkConnector, type DingTalkConnectorOptions } from './dingtalk.connector';
export { DingTalkApiClient, ATS_BIZ_CODE } from './dingtalk-api.client';
export { encryptReply, type DingTalkEncryptedReply } from './dingtalk-crypto';
export { verifyDingTalkWebhook, CHECK_URL_EVENT } from './dingtalk-webhook.verifier';
export { parseDingTalkEvent } from './dingtalk-event.mapper';
export { isIpBan, legacyError, v1Error } from './dingtalk-errors';
export {
  resolveSettings,
  DINGTALK_SETTINGS_SCHEMA,
  DINGTALK_CREDENTIAL_FIELDS,
  OWNER_KEY_TYPES,
  type DingTalkSettings,
  type OwnerKeyType,
} from './dingtalk-settings';
export { DINGTALK_UNSUPPORTED_EFFECTS } from './dingtalk-effects.applier';
export { cancelledEventId } from './dingtalk-poller';
export { INTERVIEW_CANCELLED_KIND, type DingTalkCancelledPayload, type DingTalkInterview } from './dingtalk.types';
