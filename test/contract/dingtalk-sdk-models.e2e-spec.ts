import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ats, * as ats from '@alicloud/dingtalk/dist/ats_1_0/client';
import OAuth2, * as oauth2 from '@alicloud/dingtalk/dist/oauth2_1_0/client';
import { RuntimeOptions } from '@alicloud/tea-util';
import type { Connection } from '@hub/connector-sdk';
import { DingTalkApiClient } from '@hub/connectors/dingtalk';
import { buildArchiveBody } from '../../connectors/dingtalk/src/dingtalk-effect.builders';
import { sampleCancellation } from '../../connectors/dingtalk/src/dingtalk-test.fixtures';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { call, DEMO_SEED } from '../support/hub-harness';
import { checkObject, checkRequest, fullSample, type RequestContract, type TeaModelClass } from './sdk-model-check';
import { RequestCaptureServer, sdkConfigFor, type CapturedRequest } from './sdk-request-capture';

/**
 * The official DingTalk SDK (`@alicloud/dingtalk`, generated from DingTalk's API definitions) as the contract of
 * every v1.0 call: the connector must send what the SDK's request model defines, and the simulator must answer
 * what the SDK's response model parses. No MongoDB or Redis is used.
 */
const runtime = new RuntimeOptions({});
const DAY = 86_400_000;
const T0 = 1_714_700_000_000;

/** One v1.0 API the connector calls that has an official model: how the SDK and the connector each call it. */
interface ModelledApi {
  action: string;
  service: 'ats_1_0' | 'oauth2_1_0';
  path: string;
  request: TeaModelClass;
  /** The official client's call with `fields` (a full sample of the request model). */
  sdk: (fields: Record<string, unknown>) => Promise<unknown>;
  /** The connector's own call of the API. */
  connector: (client: DingTalkApiClient, conn: Connection) => Promise<unknown>;
}

let atsClient: Ats;
let oauthClient: OAuth2;
const tokenHeaders = () => ({ xAcsDingtalkAccessToken: 'tok-capture' });

const MODELLED: ModelledApi[] = [
  {
    action: 'GetAccessToken',
    service: 'oauth2_1_0',
    path: '/v1.0/oauth2/accessToken',
    request: oauth2.GetAccessTokenRequest,
    sdk: (f) => oauthClient.getAccessToken(new oauth2.GetAccessTokenRequest(f)),
    // any v1.0 call makes the connector fetch its token first
    connector: (client, conn) => client.getCandidateByPhone(conn, '13800000000'),
  },
  {
    action: 'QueryInterviews',
    service: 'ats_1_0',
    path: '/v1.0/ats/interviews/query',
    request: ats.QueryInterviewsRequest,
    sdk: (f) => atsClient.queryInterviewsWithOptions(new ats.QueryInterviewsRequest(f), new ats.QueryInterviewsHeaders(tokenHeaders()), runtime),
    connector: (client, conn) => client.queryInterviewPage(conn, { candidateId: 'cand-1', startTimeBeginMillis: T0, startTimeEndMillis: T0 + DAY }, 'next-2'),
  },
  {
    action: 'GetCandidateByPhoneNumber',
    service: 'ats_1_0',
    path: '/v1.0/ats/candidates',
    request: ats.GetCandidateByPhoneNumberRequest,
    sdk: (f) => atsClient.getCandidateByPhoneNumberWithOptions(new ats.GetCandidateByPhoneNumberRequest(f), new ats.GetCandidateByPhoneNumberHeaders(tokenHeaders()), runtime),
    connector: (client, conn) => client.getCandidateByPhone(conn, '13800000000'),
  },
  {
    action: 'UpdateJobDeliver',
    service: 'ats_1_0',
    path: '/v1.0/ats/jobs/deliveryStatus',
    request: ats.UpdateJobDeliverRequest,
    sdk: (f) => atsClient.updateJobDeliverWithOptions(new ats.UpdateJobDeliverRequest(f), new ats.UpdateJobDeliverHeaders(tokenHeaders()), runtime),
    connector: (client, conn) =>
      client.updateDeliveryStatus(conn, { jobId: 'job-1', deliverUserId: 'cand-1', channelOuterId: 'iv-key-1', status: 23, opTime: T0, opUserId: 'hr-1' }),
  },
  {
    action: 'SyncInterviewInfoToAIInterviewAssistant',
    service: 'ats_1_0',
    path: '/v1.0/ats/ai/interview/interviewInfos/sync',
    request: ats.SyncInterviewInfoToAIInterviewAssistantRequest,
    sdk: (f) =>
      atsClient.syncInterviewInfoToAIInterviewAssistantWithOptions(
        new ats.SyncInterviewInfoToAIInterviewAssistantRequest(f),
        new ats.SyncInterviewInfoToAIInterviewAssistantHeaders(tokenHeaders()),
        runtime,
      ),
    connector: (client, conn) => client.syncInterviewInfo(conn, archiveBody()),
  },
];

/** v1.0 paths the connector calls that no model of `@alicloud/dingtalk` defines (README "Official models"). */
const WITHOUT_MODEL = ['/v1.0/ats/flows/search', '/v1.0/ats/flows/{}/info', '/v1.0/ats/jobs/{}'];

function archiveBody(): Record<string, unknown> {
  const target = { candidateId: 'dt-c-1', interview: { interviewId: 'dt-iv-1', interviewers: [{ userId: 'manager01' }] } };
  return buildArchiveBody(sampleCancellation(), 'dt', target, { isvId: 'hr-connector-hub', variant: 'candidateInfoVOList' });
}

/** Every `/v1.0/...` path literal of the connector's HTTP client, path parameters as `{}`. */
function connectorV1Paths(): string[] {
  const source = readFileSync(join(__dirname, '../../connectors/dingtalk/src/dingtalk-api.client.ts'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const paths = [...source.matchAll(/(\/v1\.0\/[^`'\s]+)[`']/g)].map((m) => m[1].replace(/\$\{[^}]+\}/g, '{}'));
  return [...new Set(paths)];
}

/** `METHOD path` of every action the official client of `service` defines, path parameters as `{}`. */
function officialActions(service: string): string[] {
  const dist = join(dirname(require.resolve('@alicloud/dingtalk/package.json')), 'dist', service, 'client.js');
  const source = readFileSync(dist, 'utf8');
  return [...source.matchAll(/pathname: `([^`]+)`,\s*method: "(\w+)"/g)].map((m) => `${m[2]} ${m[1].replace(/\$\{[^}]+\}/g, '{}')}`);
}

describe('DingTalk v1.0 requests: the connector against the official SDK request models', () => {
  const capture = new RequestCaptureServer(() => ({ accessToken: 'tok-capture', expireIn: 7200 }));
  const official = new Map<string, CapturedRequest>();
  const sent = new Map<string, CapturedRequest>();
  const contract = (api: ModelledApi): RequestContract => ({ service: api.service, model: api.request, official: official.get(api.action)! });

  beforeAll(async () => {
    await capture.start();
    atsClient = new Ats(sdkConfigFor(capture.url));
    oauthClient = new OAuth2(sdkConfigFor(capture.url));
    const conn: Connection = {
      tenantId: 't1',
      id: 'dt',
      connector: 'dingtalk',
      credentials: { appKey: 'ak', appSecret: 'as' },
      settings: { apiBaseUrl: capture.url, oapiBaseUrl: capture.url, pageSize: 50 },
    };
    for (const api of MODELLED) {
      official.set(api.action, await capture.capture(api.path, () => api.sdk(fullSample(api.request))));
      sent.set(api.action, await capture.capture(api.path, () => api.connector(new DingTalkApiClient(), conn)));
    }
  });
  afterAll(() => capture.stop());

  it.each(MODELLED.map((a) => a.action))('%s: path, method, query/body placement, names, JSON types and required fields', (action) => {
    const api = MODELLED.find((a) => a.action === action)!;
    expect(checkRequest(contract(api), sent.get(action)!)).toEqual([]);
  });

  it('fails on a renamed key, a key moved between query and body, and a wrong JSON type', () => {
    const api = MODELLED.find((a) => a.action === 'QueryInterviews')!;
    const good = sent.get('QueryInterviews')!;
    const body = good.body as Record<string, unknown>;
    const { candidateId, ...rest } = body;
    const renamed = { ...good, body: { ...rest, candidateID: candidateId } };
    expect(checkRequest(contract(api), renamed)).toEqual([
      'body: unknown key `candidateID` (not a field of QueryInterviewsRequest)',
      'body: required `candidateId` of QueryInterviewsRequest is missing',
    ]);
    const { size, ...query } = good.query;
    const moved = { ...good, query, body: { ...body, size: Number(size) } };
    expect(checkRequest(contract(api), moved)).toEqual(['body: `size` goes in the query of QueryInterviewsRequest, not in the body']);
    const mistyped = { ...good, body: { ...body, startTimeEndMillis: String(body.startTimeEndMillis) } };
    expect(checkRequest(contract(api), mistyped)).toEqual([`body.startTimeEndMillis: expected number, got string "${String(body.startTimeEndMillis)}"`]);
    const nested = sent.get('SyncInterviewInfoToAIInterviewAssistant')!;
    const archive = nested.body as { candidateInfoVOList: Record<string, unknown>[] };
    const wrongCase = { ...nested, body: { ...archive, candidateInfoVOList: [{ ...archive.candidateInfoVOList[0], BizCandidateId: 'x' }] } };
    expect(checkRequest(contract(MODELLED.find((a) => a.action === 'SyncInterviewInfoToAIInterviewAssistant')!), wrongCase)).toEqual([
      'body.candidateInfoVOList[0]: unknown key `BizCandidateId` (not a field of SyncInterviewInfoToAIInterviewAssistantRequestCandidateInfoVOList)',
    ]);
  });

  it('archive variant intervieweeInfoVOList (setting archiveListVariant) is not in the npm model: it stays opt-in', () => {
    const target = { candidateId: 'dt-c-1', interview: { interviewId: 'dt-iv-1', interviewers: [{ userId: 'manager01' }] } };
    const body = buildArchiveBody(sampleCancellation(), 'dt', target, { isvId: 'hr-connector-hub', variant: 'intervieweeInfoVOList' });
    expect(checkObject('ats_1_0', ats.SyncInterviewInfoToAIInterviewAssistantRequest, body, 'body')).toEqual([
      'body: unknown key `intervieweeInfoVOList` (not a field of SyncInterviewInfoToAIInterviewAssistantRequest)',
    ]);
  });

  it('covers every v1.0 API the connector calls; the ones without an official model have none in the SDK', () => {
    const modelled = MODELLED.map((a) => a.path);
    expect(connectorV1Paths().sort()).toEqual([...modelled, ...WITHOUT_MODEL].sort());
    const actions = [...officialActions('ats_1_0'), ...officialActions('oauth2_1_0')].map((a) => a.split(' ')[1]);
    for (const path of WITHOUT_MODEL) expect(actions).not.toContain(path);
  });
});

/** What the official client raised for an error answer: the DingTalk `code` and the HTTP status. */
async function sdkError(p: Promise<unknown>): Promise<{ code?: string; statusCode?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; statusCode?: number; data?: { statusCode?: number } };
    return { code: err.code, statusCode: err.statusCode ?? err.data?.statusCode };
  }
  throw new Error('the official client did not raise an error');
}

describe('DingTalk v1.0 answers: the official SDK client against the simulator', () => {
  const seed = loadSeedFile(DEMO_SEED);
  const app = seed.dingtalk!.apps![0];
  let sandbox: SandboxApp;
  let token: string;
  const headers = () => ({ xAcsDingtalkAccessToken: token });

  /** The body the simulator sent for the last call of `api` (from its records), exactly as JSON. */
  async function lastAnswer(api: string): Promise<Record<string, unknown>> {
    const res = await call<{ response: Record<string, unknown> }[]>(`${sandbox.url}/_sandbox/dingtalk/records?api=${api}`, 'GET', undefined, {});
    return res.body[res.body.length - 1].response;
  }

  /** The answer is a valid instance of `model`, and the SDK parsed it without losing or converting anything. */
  async function expectModelled(service: string, api: string, model: TeaModelClass, parsed: { toMap(): Record<string, unknown> }): Promise<void> {
    const raw = await lastAnswer(api);
    expect(checkObject(service, model, raw, 'response')).toEqual([]);
    expect(parsed.toMap()).toEqual(raw);
  }

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
    atsClient = new Ats(sdkConfigFor(sandbox.url));
    oauthClient = new OAuth2(sdkConfigFor(sandbox.url));
  });
  afterAll(() => sandbox.close());

  it('GetAccessToken: a token, and invalidClientIdOrSecret for a wrong secret', async () => {
    const res = await oauthClient.getAccessToken(new oauth2.GetAccessTokenRequest({ appKey: app.appKey, appSecret: app.appSecret }));
    await expectModelled('oauth2_1_0', 'GetAccessToken', oauth2.GetAccessTokenResponseBody, res.body!);
    token = res.body!.accessToken!;
    expect(await sdkError(oauthClient.getAccessToken(new oauth2.GetAccessTokenRequest({ appKey: app.appKey, appSecret: 'wrong' })))).toEqual({
      code: 'invalidClientIdOrSecret',
      statusCode: 400,
    });
  });

  it('QueryInterviews: a page of interviews; candidate.notExists, invalidParam and InvalidAuthentication as errors', async () => {
    const begin = Date.now() - DAY;
    const request = (candidateId: string, size = 1) =>
      new ats.QueryInterviewsRequest({ bizCode: 'ddats', size, candidateId, startTimeBeginMillis: begin, startTimeEndMillis: begin + 20 * DAY });
    const res = await atsClient.queryInterviewsWithOptions(request('cand-zhangwei'), new ats.QueryInterviewsHeaders(headers()), runtime);
    await expectModelled('ats_1_0', 'QueryInterviews', ats.QueryInterviewsResponseBody, res.body!);
    expect(res.body!.list![0]).toMatchObject({ interviewId: 'iv-demo-1001', cancelled: false, jobId: 'job-sales-mgr' });
    const q = (r: ats.QueryInterviewsRequest, h = headers()) => atsClient.queryInterviewsWithOptions(r, new ats.QueryInterviewsHeaders(h), runtime);
    expect(await sdkError(q(request('cand-nobody')))).toEqual({ code: 'candidate.notExists', statusCode: 404 });
    expect(await sdkError(q(request('cand-zhangwei', 500)))).toEqual({ code: 'invalidParam', statusCode: 400 });
    expect(await sdkError(q(request('cand-zhangwei'), { xAcsDingtalkAccessToken: 'not-a-token' }))).toEqual({ code: 'InvalidAuthentication', statusCode: 400 });
  });

  it('GetCandidateByPhoneNumber: the candidate; candidate.notExists for an unknown phone', async () => {
    const ask = (phoneNumber: string) =>
      atsClient.getCandidateByPhoneNumberWithOptions(new ats.GetCandidateByPhoneNumberRequest({ bizCode: 'ddats', phoneNumber }), new ats.GetCandidateByPhoneNumberHeaders(headers()), runtime);
    const res = await ask('13800138001');
    await expectModelled('ats_1_0', 'GetCandidateByPhoneNumber', ats.GetCandidateByPhoneNumberResponseBody, res.body!);
    expect(res.body).toMatchObject({ candidateId: 'cand-zhangwei', name: '张伟' });
    expect(await sdkError(ask('13000000000'))).toEqual({ code: 'candidate.notExists', statusCode: 404 });
  });

  it('UpdateJobDeliver: success; job.notExists for an unknown job', async () => {
    const update = (jobId: string) =>
      atsClient.updateJobDeliverWithOptions(
        new ats.UpdateJobDeliverRequest({ bizCode: 'ddats', jobId, deliverUserId: 'cand-zhangwei', channelOuterId: 'iv-demo-1001', status: 23, opTime: Date.now(), opUserId: 'hr-chenjing' }),
        new ats.UpdateJobDeliverHeaders(headers()),
        runtime,
      );
    const res = await update('job-sales-mgr');
    await expectModelled('ats_1_0', 'UpdateJobDeliver', ats.UpdateJobDeliverResponseBody, res.body!);
    expect(res.body!.success).toBe(true);
    expect(await sdkError(update('job-nothing'))).toEqual({ code: 'job.notExists', statusCode: 404 });
  });

  it('SyncInterviewInfoToAIInterviewAssistant: result and success for the connector body and for a full model', async () => {
    const sync = (fields: Record<string, unknown>) =>
      atsClient.syncInterviewInfoToAIInterviewAssistantWithOptions(
        new ats.SyncInterviewInfoToAIInterviewAssistantRequest(fields),
        new ats.SyncInterviewInfoToAIInterviewAssistantHeaders(headers()),
        runtime,
      );
    for (const fields of [archiveBody(), fullSample(ats.SyncInterviewInfoToAIInterviewAssistantRequest)]) {
      const res = await sync(fields);
      await expectModelled('ats_1_0', 'SyncInterviewInfoToAIInterviewAssistant', ats.SyncInterviewInfoToAIInterviewAssistantResponseBody, res.body!);
      expect(res.body).toMatchObject({ result: true, success: true });
    }
  });

  it('GetFlowIdByRelationEntityId (simulated, not called by the connector): the flow id', async () => {
    const res = await atsClient.getFlowIdByRelationEntityIdWithOptions(
      new ats.GetFlowIdByRelationEntityIdRequest({ bizCode: 'ddats', relationEntity: 'interview', relationEntityId: 'iv-demo-1001' }),
      new ats.GetFlowIdByRelationEntityIdHeaders(headers()),
      runtime,
    );
    await expectModelled('ats_1_0', 'GetFlowIdByRelationEntityId', ats.GetFlowIdByRelationEntityIdResponseBody, res.body!);
  });
});
